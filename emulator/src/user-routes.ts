/**
 * The users API's handlers: list (with page keys), create, get, update, delete and reset
 * password, over the user store. Authorization has happened before any of them runs.
 */
import * as crypto from "node:crypto";
import type { EmulatorOptions } from "./options";
import type { Ctx } from "./request";
import { badRequest, errorBody, type Reply } from "./responses";
import { PageKeys, jsonBody, listQuery } from "./route-helpers";
import type { EmulatorUser, EmulatorStore } from "./store";

export class UserRoutes {
  private readonly pageKeys = new PageKeys();
  /** Every one-time code handed out (reset and create answers), in order. */
  readonly codes: string[] = [];

  constructor(
    private readonly store: EmulatorStore,
    /** Base URL, for one_time_code_link. */
    private readonly url: string,
    private readonly options: EmulatorOptions,
  ) {}

  listUsers(ctx: Ctx): Reply {
    const { limit, errors } = listQuery(ctx, "listUsers");
    if (Object.keys(errors).length) return badRequest(ctx, "Invalid query parameters.", errors);
    const corpusKey = ctx.entry.query.corpus_key;
    const onCorpus = (u: EmulatorUser) => corpusKey === undefined || u.corpus_roles.some((r) => r.corpus_key === corpusKey);
    const page = this.pageKeys.page(ctx, limit, { corpus_key: corpusKey }, (offset, size) => this.store.page(onCorpus, offset, size));
    if ("reply" in page) return page.reply;
    return { status: 200, body: { users: page.items, metadata: page.metadata } };
  }

  createUser(ctx: Ctx): Reply {
    const parsed = jsonBody(ctx, "CreateUserRequest", false);
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
    const parsed = jsonBody(ctx, "UpdateUserRequest", true);
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

  private oneTimeCode(): { one_time_code: string; one_time_code_link: string } {
    const code = crypto.randomBytes(9).toString("base64url");
    this.codes.push(code);
    return { one_time_code: code, one_time_code_link: `${this.url}/one-time-code?code=${code}` };
  }
}
