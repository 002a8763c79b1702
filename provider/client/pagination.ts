/**
 * Bounds on following `page_key`s, so that no server answer can keep a listing going forever:
 * a key given a second time (a repeat or a cycle), too many pages in a row without users (each
 * with a fresh key), or a listing that has not ended within its time limit. Each ends it with
 * an UnexpectedResponseError (a server fault, not a bug of the caller).
 */
import { UnexpectedResponseError } from "./errors";
import type { UsersPage } from "./types";

/** Default time limit of a whole listing. */
export const LIST_TIME_LIMIT_MS = 10 * 60_000;

/**
 * Pages in a row without users that still name a next page. A server that filters after paging
 * (a corpus key few users have) may send some; this many (10,000 users' worth at 100 per page)
 * is a server that never ends.
 */
export const MAX_PAGES_WITHOUT_USERS = 100;

const count = (n: number) => n.toLocaleString("en-US");

export class PageGuard {
  readonly #seen = new Set<string>();
  readonly #deadline: number;
  #pages = 0;
  #users = 0;
  #withoutUsers = 0;

  constructor(
    /** How the listing's request is named in messages: `GET /v2/users`. */
    private readonly request: string,
    private readonly timeLimitMs: number = LIST_TIME_LIMIT_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.#deadline = now() + timeLimitMs;
  }

  /**
   * Takes a page just received; returns the key of the next page, or undefined on the last.
   * @throws UnexpectedResponseError when following its key would risk an endless listing.
   */
  next(page: UsersPage): string | undefined {
    this.#pages += 1;
    this.#users += page.users.length;
    const key = page.pageKey;
    if (!key) return undefined;
    const sofar = `after ${count(this.#pages)} pages and ${count(this.#users)} users`;
    if (this.#seen.has(key)) {
      throw new UnexpectedResponseError(
        `Vectara API returned page_key ${JSON.stringify(key.slice(0, 80))} on ${this.request} a second time; ` +
          `stopped listing users to avoid an endless loop (${sofar}).`,
      );
    }
    this.#seen.add(key);
    this.#withoutUsers = page.users.length === 0 ? this.#withoutUsers + 1 : 0;
    if (this.#withoutUsers >= MAX_PAGES_WITHOUT_USERS) {
      throw new UnexpectedResponseError(
        `Vectara API answered ${count(this.#withoutUsers)} pages in a row without users, each with a new page_key, on ${this.request}; ` +
          `stopped listing users to avoid an endless loop (${sofar}).`,
      );
    }
    if (this.now() >= this.#deadline) {
      throw new UnexpectedResponseError(
        `Listing users (${this.request}) did not end within ${count(this.timeLimitMs / 1000)} s: the server still names a next page ` +
          `${sofar}; stopped listing users.`,
      );
    }
    return key;
  }
}
