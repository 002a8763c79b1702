/**
 * The users API's handlers: list (with page keys), create, get, update, delete and reset
 * password, over the user store. Authorization has happened before any of them runs.
 */
import * as crypto from "node:crypto";
import { OPERATIONS, fieldErrors, validate } from "./contract";
import type { EmulatorOptions } from "./options";
import type { Ctx } from "./request";
import { badRequest, errorBody, randomId, type Reply } from "./responses";
import type { EmulatorUser, UserStore } from "./store";

const CORPUS_KEY_FULL = /^[a-zA-Z0-9_=-]+$/;

export class UserRoutes {
  private readonly pageSalt = randomId(6);
  /** Every one-time code handed out (reset and create answers), in order. */
  readonly codes: string[] = [];

  constructor(
    private readonly store: UserStore,
    /** Base URL, for one_time_code_link. */
    private readonly url: string,
    private readonly options: EmulatorOptions,
  ) {}

  listUsers(ctx: Ctx): Reply {
    const query: Record<string, unknown> = { ...ctx.entry.query };
    if (typeof query.limit === "string" && /^[+-]?\d+$/.test(query.limit)) query.limit = Number(query.limit);
    const errors = fieldErrors(OPERATIONS.listUsers.query!, query, "query");
    const corpusKey = ctx.entry.query.corpus_key;
    if (corpusKey !== undefined && !CORPUS_KEY_FULL.test(corpusKey) && !errors.corpus_key) {
      errors.corpus_key = `must match ^[a-zA-Z0-9_=-]+$ (got ${JSON.stringify(corpusKey)})`;
    }
    if (Object.keys(errors).length) return badRequest(ctx, "Invalid query parameters.", errors);

    const limit = (query.limit as number | undefined) ?? 10;
    let offset = 0;
    const pageKey = ctx.entry.query.page_key;
    if (pageKey) {
      const decoded = this.decodePageKey(pageKey);
      if (decoded === undefined) return badRequest(ctx, "Invalid page_key.", { page_key: "is not a page_key this server issued" });
      if (decoded.c !== (corpusKey ?? null)) {
        return badRequest(ctx, "page_key does not match the query.", { page_key: "was issued for a different corpus_key" });
      }
      offset = decoded.o;
    }
    const onCorpus = (u: EmulatorUser) => corpusKey === undefined || u.corpus_roles.some((r) => r.corpus_key === corpusKey);
    const { users, more } = this.store.page(onCorpus, offset, limit);
    const next = more ? this.encodePageKey(offset + limit, corpusKey ?? null) : undefined;
    return { status: 200, body: { users, metadata: next ? { page_key: next } : {} } };
  }

  createUser(ctx: Ctx): Reply {
    const parsed = this.jsonBody(ctx, "CreateUserRequest", false);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    const username: string = body.username ?? body.email;
    if (username === "") return badRequest(ctx, "Invalid request body.", { username: "must not be empty" });
    if (this.store.get(username)) {
      return { status: 409, body: errorBody(ctx, `user with username ${username} already exists`) };
    }
    if (this.store.findByEmail(body.email)) {
      return { status: 409, body: errorBody(ctx, `user with email ${body.email} already exists`) };
    }
    const user = this.store.create({
      email: body.email,
      username,
      description: body.description,
      api_roles: body.api_roles,
      corpus_roles: body.corpus_roles,
      agent_roles: body.agent_roles,
    });
    return { status: 201, body: this.options.createReturnsCode ? { ...user, ...this.oneTimeCode() } : user };
  }

  getUser(ctx: Ctx): Reply {
    return this.withUser(ctx, (u) => ({ status: 200, body: u }));
  }

  updateUser(ctx: Ctx): Reply {
    const parsed = this.jsonBody(ctx, "UpdateUserRequest", true);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    return this.withUser(ctx, (u) => ({
      status: 200,
      body: this.store.update(u.username, {
        enabled: body.enabled,
        description: body.description,
        api_roles: body.api_roles,
        corpus_roles: body.corpus_roles,
        agent_roles: body.agent_roles,
      }),
    }));
  }

  deleteUser(ctx: Ctx): Reply {
    return this.withUser(ctx, (u) => {
      this.store.delete(u.username);
      return { status: 204 };
    });
  }

  resetPassword(ctx: Ctx): Reply {
    return this.withUser(ctx, (u) => {
      this.store.recordReset(u.username);
      return { status: 200, body: this.options.resetReturnsCode === false ? {} : this.oneTimeCode() };
    });
  }

  private withUser(ctx: Ctx, fn: (u: EmulatorUser) => Reply): Reply {
    const username = ctx.entry.username!;
    const user = this.store.get(username);
    if (!user) return { status: 404, body: { ...errorBody(ctx, `User ${username} not found.`), id: username } };
    return fn(user);
  }

  /** Parses and validates a JSON body; records requestSchemaErrors. */
  private jsonBody(ctx: Ctx, schema: string, emptyIsObject: boolean): { value: unknown } | { reply: Reply } {
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

  private oneTimeCode(): { one_time_code: string; one_time_code_link: string } {
    const code = crypto.randomBytes(9).toString("base64url");
    this.codes.push(code);
    return { one_time_code: code, one_time_code_link: `${this.url}/one-time-code?code=${code}` };
  }

  private encodePageKey(offset: number, corpusKey: string | null): string {
    return Buffer.from(JSON.stringify({ o: offset, c: corpusKey, s: this.pageSalt })).toString("base64url");
  }

  private decodePageKey(key: string): { o: number; c: string | null } | undefined {
    try {
      const v = JSON.parse(Buffer.from(key, "base64url").toString("utf8"));
      if (v && v.s === this.pageSalt && Number.isInteger(v.o) && v.o >= 0 && (v.c === null || typeof v.c === "string")) return v;
    } catch {
      // fall through
    }
    return undefined;
  }
}
