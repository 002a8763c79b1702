/**
 * Bounds on following `page_key`s, so that no server answer can keep a listing going forever:
 * a key given a second time (a repeat or a cycle), too many pages in a row without users (each
 * with a fresh key), or a listing that has not ended within its time limit. Each ends it with
 * an UnexpectedResponseError (a server fault, not a bug of the caller). Any API's listing: its
 * messages name what it lists ("users").
 */
import { UnexpectedResponseError, VectaraError } from "./errors";

/** Default time limit of a whole listing. */
export const LIST_TIME_LIMIT_MS = 10 * 60_000;

/**
 * Pages in a row without items that still name a next page. A server that filters after paging
 * (a corpus key few users have) may send some; this many (10,000 users' worth at 100 per page)
 * is a server that never ends.
 */
export const MAX_PAGES_WITHOUT_USERS = 100;

const count = (n: number) => n.toLocaleString("en-US");

export class PageGuard {
  readonly #seen = new Set<string>();
  readonly #deadline: number;
  #pages = 0;
  #listed = 0;
  #empty = 0;

  constructor(
    /** How the listing's request is named in messages: `GET /v2/users`. */
    private readonly request: string,
    private readonly timeLimitMs: number = LIST_TIME_LIMIT_MS,
    private readonly now: () => number = Date.now,
    /** What the listing lists, as its messages say it: "users". */
    private readonly items: string = "users",
  ) {
    this.#deadline = now() + timeLimitMs;
  }

  /**
   * Takes a page just received; returns the key of the next page, or undefined on the last.
   * @throws UnexpectedResponseError when following its key would risk an endless listing.
   */
  next(key: string | undefined, items: number): string | undefined {
    this.#pages += 1;
    this.#listed += items;
    if (!key) return undefined;
    const sofar = `after ${count(this.#pages)} pages and ${count(this.#listed)} ${this.items}`;
    if (this.#seen.has(key)) {
      throw new UnexpectedResponseError(
        `Vectara API returned page_key ${JSON.stringify(key.slice(0, 80))} on ${this.request} a second time; ` +
          `stopped listing ${this.items} to avoid an endless loop (${sofar}).`,
      );
    }
    this.#seen.add(key);
    this.#empty = items === 0 ? this.#empty + 1 : 0;
    if (this.#empty >= MAX_PAGES_WITHOUT_USERS) {
      throw new UnexpectedResponseError(
        `Vectara API answered ${count(this.#empty)} pages in a row without ${this.items}, each with a new page_key, on ${this.request}; ` +
          `stopped listing ${this.items} to avoid an endless loop (${sofar}).`,
      );
    }
    if (this.now() >= this.#deadline) {
      throw new UnexpectedResponseError(
        `Listing ${this.items} (${this.request}) did not end within ${count(this.timeLimitMs / 1000)} s: the server still names a next page ` +
          `${sofar}; stopped listing ${this.items}.`,
      );
    }
    return key;
  }
}

/** Refuses a page size the API does not take (1..100), before any call. */
export function checkLimit(limit: unknown): void {
  if (limit === undefined) return;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new VectaraError(`limit must be an integer from 1 to 100, got ${String(limit)}.`);
  }
}

/** What every listing takes besides its filters. */
export interface ListBounds {
  /** Page size, 1..100 (the API's default is 10). */
  limit?: number;
  /**
   * Give up (UnexpectedResponseError) when the listing has not ended after this long, default
   * 600000 (10 minutes): a server that keeps handing out new page keys would never end it.
   */
  timeLimitMs?: number;
}

/**
 * Every page of a listing, fetched as the iteration goes, within PageGuard's bounds. `fetch`
 * gets the previous page's key (undefined for the first page); `size` counts a page's items.
 */
export async function* followPages<P extends { pageKey?: string }>(
  request: string,
  items: string,
  bounds: ListBounds,
  fetch: (pageKey: string | undefined) => Promise<P>,
  size: (page: P) => number,
): AsyncIterableIterator<P> {
  checkLimit(bounds.limit);
  if (bounds.timeLimitMs !== undefined && !(bounds.timeLimitMs > 0)) {
    throw new VectaraError(`timeLimitMs must be a number of milliseconds greater than 0, got ${String(bounds.timeLimitMs)}.`);
  }
  const guard = new PageGuard(request, bounds.timeLimitMs, Date.now, items);
  let pageKey: string | undefined;
  for (;;) {
    const page = await fetch(pageKey);
    yield page;
    pageKey = guard.next(page.pageKey, size(page));
    if (pageKey === undefined) return;
  }
}
