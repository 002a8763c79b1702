/**
 * What the routes of every API share: JSON bodies validated against the spec, list queries
 * validated against the spec, and the opaque page keys of the list routes.
 */
import { OPERATIONS, fieldErrors, validate, type OperationId } from "./contract";
import type { Ctx } from "./request";
import type { Collection } from "./collection";
import { badRequest, errorBody, randomId, type Reply } from "./responses";

/**
 * The spec's CorpusKey pattern (`[a-zA-Z0-9_\=\-]+$`) is not anchored at the start, so "a b"
 * passes it; a corpus key is all of these characters.
 */
const CORPUS_KEY_FULL = /^[a-zA-Z0-9_=-]+$/;

/** Why `key` is not a whole corpus key, or undefined when it is. */
export function corpusKeyProblem(key: string): string | undefined {
  return CORPUS_KEY_FULL.test(key) ? undefined : `must match ^[a-zA-Z0-9_=-]+$ (got ${JSON.stringify(key)})`;
}

/** Parses and validates a JSON body; records requestSchemaErrors. */
export function jsonBody(ctx: Ctx, schema: string, emptyIsObject: boolean): { value: unknown } | { reply: Reply } {
  const text = ctx.rawBody.toString("utf8");
  if (text.trim() === "") {
    if (emptyIsObject) return { value: {} };
    ctx.entry.requestSchemaErrors = ["(root): a JSON body is required"];
    return { reply: badRequest(ctx, "A JSON request body is required.", { body: "is required" }) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e: any) {
    ctx.entry.requestSchemaErrors = [`(root): malformed JSON: ${e.message}`];
    return { reply: badRequest(ctx, `Malformed JSON: ${e.message}`, { body: "malformed JSON" }) };
  }
  ctx.entry.requestSchemaErrors = validate(schema, value);
  if (ctx.entry.requestSchemaErrors.length) {
    return { reply: badRequest(ctx, "Invalid request body.", fieldErrors(schema, value)) };
  }
  return { value };
}

/** A list operation's `limit` (a number once valid) and the query's violations of the spec's query schema. */
export function listQuery(ctx: Ctx, operation: OperationId): { limit: number | undefined; errors: Record<string, string> } {
  const query: Record<string, unknown> = { ...ctx.entry.query };
  if (typeof query.limit === "string" && /^[+-]?\d+$/.test(query.limit)) query.limit = Number(query.limit);
  const errors = fieldErrors(OPERATIONS[operation].query!, query, "query");
  const corpusKey = ctx.entry.query.corpus_key;
  const problem = corpusKey === undefined ? undefined : corpusKeyProblem(corpusKey);
  if (problem && !errors.corpus_key) errors.corpus_key = problem;
  return { limit: query.limit as number | undefined, errors };
}

/** The spec's default page size of every list operation. */
const DEFAULT_LIMIT = 10;

/**
 * Opaque page keys: an offset bound to this server (a salt) and to the list's filters, so a
 * key from another server, or reused with other filters, is a 400 rather than a wrong page.
 */
export class PageKeys {
  private readonly salt = randomId(6);

  /**
   * One page of a list route: the offset from the query's page_key (which must have been issued
   * for the same `filters`), `fetch` there, and the metadata with the next page's key.
   */
  page<T>(
    ctx: Ctx,
    limit: number | undefined,
    filters: Record<string, string | undefined>,
    fetch: (offset: number, limit: number) => { items: T[]; more: boolean },
  ): { items: T[]; metadata: { page_key?: string } } | { reply: Reply } {
    const size = limit ?? DEFAULT_LIMIT;
    let offset = 0;
    const pageKey = ctx.entry.query.page_key;
    if (pageKey) {
      const decoded = this.decode(ctx, pageKey, filters);
      if ("reply" in decoded) return decoded;
      offset = decoded.offset;
    }
    const { items, more } = fetch(offset, size);
    return { items, metadata: more ? { page_key: this.encode(offset + size, filters) } : {} };
  }

  private encode(offset: number, filters: Record<string, string | undefined>): string {
    return Buffer.from(JSON.stringify({ o: offset, f: scopeOf(filters), s: this.salt })).toString("base64url");
  }

  /** The offset `key` stands for, or the 400 to answer. */
  private decode(ctx: Ctx, key: string, filters: Record<string, string | undefined>): { offset: number } | { reply: Reply } {
    let v: any;
    try {
      v = JSON.parse(Buffer.from(key, "base64url").toString("utf8"));
    } catch {
      v = undefined;
    }
    if (!v || v.s !== this.salt || !Number.isInteger(v.o) || v.o < 0 || typeof v.f !== "string") {
      return { reply: badRequest(ctx, "Invalid page_key.", { page_key: "is not a page_key this server issued" }) };
    }
    if (v.f !== scopeOf(filters)) {
      const names = Object.keys(filters).join(" or ");
      return { reply: badRequest(ctx, "page_key does not match the query.", { page_key: `was issued for a different ${names}` }) };
    }
    return { offset: v.o };
  }
}

function scopeOf(filters: Record<string, string | undefined>): string {
  return JSON.stringify(Object.entries(filters).map(([k, v]) => [k, v ?? null]));
}

/** `fn` of the record the path's id names, or a 404 NotFoundError naming `what` ("API key") and the id. */
export function withRecord<T extends { id: string }>(ctx: Ctx, records: Collection<T>, what: string, fn: (record: T) => Reply): Reply {
  const id = ctx.entry.id!;
  const record = records.get(id);
  if (!record) return { status: 404, body: { ...errorBody(ctx, `${what} ${id} not found.`), id } };
  return fn(record);
}
