/**
 * A local Vectara users API v2 emulator over node:http: routing, auth, handlers, request log,
 * fault injection, and a check of every response against the official schemas.
 */
import * as crypto from "node:crypto";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { OPERATIONS, OPERATION_OF_ROUTE, fieldErrors, responseSchemaFor, validate } from "./contract";
import { FaultQueue, faultName, type Fault, type RouteName } from "./faults";
import { UserStore, type EmulatorUser, type ResetRecord } from "./store";

export const DEFAULT_API_KEY = "zut_emulator_admin_key";
export const DEFAULT_CLIENT_ID = "emulator-client";
export const DEFAULT_CLIENT_SECRET = "emulator-secret";

export interface EmulatorOptions {
  /** Default 0 (a free port); the host is always 127.0.0.1. */
  port?: number;
  /** API key -> API roles of that principal. Default { [DEFAULT_API_KEY]: ["administrator"] }. */
  apiKeys?: Record<string, string[]>;
  /** OAuth clients. Default { [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles: ["administrator"] } }. */
  clients?: Record<string, { secret: string; roles: string[] }>;
  /** `expires_in` of issued tokens (fractions shorten the real lifetime; expires_in is floored). Default 1800. */
  tokenTtlSeconds?: number;
  /** `enabled` of a newly created user. Default true. */
  initialEnabled?: boolean;
  /** reset_password answers one_time_code fields (true, default) or {}. */
  resetReturnsCode?: boolean;
  /** create answers one_time_code fields too. Default false. */
  createReturnsCode?: boolean;
  /** Latency added to every request (token requests too). Default 0. */
  latencyMs?: number;
  /** In-flight API requests beyond this many answer 429. Default Infinity. */
  concurrencyLimit?: number;
  /** Persist users (and resets) in this JSON file. */
  stateFile?: string;
}

export interface LoggedRequest {
  route: RouteName | "unknown";
  method: string;
  /** As received: raw, still percent-encoded, without the query string. */
  path: string;
  /** The decoded `{username}`, when the route has one. */
  username?: string;
  query: Record<string, string>;
  /** Parsed JSON body (raw text when not JSON; undefined when empty). Token bodies have client_secret redacted. */
  body: unknown;
  /** 0 while in flight, or when the socket was destroyed. */
  status: number;
  /** Name of the injected fault, if one applied (see faultName). */
  fault?: string;
  /** The body validated against CreateUserRequest / UpdateUserRequest (empty when valid or no body). */
  requestSchemaErrors: string[];
  at: number;
}

export type { EmulatorUser, Fault, RouteName };

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema to check the body against; default from the spec; false: not a spec'd body. */
  schema?: string | false;
}

interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  entry: LoggedRequest;
  requestId: string;
  rawBody: Buffer;
  allow?: string[];
  badEncoding?: boolean;
}

interface TokenRecord {
  clientId: string;
  expiresAt: number;
}

const WRITE_ROUTES: ReadonlySet<string> = new Set(["createUser", "updateUser", "deleteUser", "resetPassword"]);
const CORPUS_KEY_FULL = /^[a-zA-Z0-9_=-]+$/;
const MAX_BODY = 1 << 20;

const randomId = (bytes: number) => crypto.randomBytes(bytes).toString("hex");

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Which route a method and raw path address. */
function matchRoute(method: string, rawPath: string): { route: RouteName | "unknown"; rawUsername?: string; allow?: string[] } {
  const pick = (table: Partial<Record<string, RouteName>>, rawUsername?: string) => {
    const route = table[method];
    return route ? { route, rawUsername } : { route: "unknown" as const, rawUsername, allow: Object.keys(table) };
  };
  if (rawPath === "/oauth2/token" || rawPath === "/oauth/token") return pick({ POST: "token" });
  if (rawPath === "/v2/users") return pick({ GET: "listUsers", POST: "createUser" });
  let m = /^\/v2\/users\/([^/]+)$/.exec(rawPath);
  if (m) return pick({ GET: "getUser", PATCH: "updateUser", DELETE: "deleteUser" }, m[1]);
  m = /^\/v2\/users\/([^/]+)\/reset_password$/.exec(rawPath);
  if (m) return pick({ POST: "resetPassword" }, m[1]);
  return { route: "unknown" };
}

export class VectaraEmulator {
  readonly url: string;
  readonly tokenUrl: string;
  readonly port: number;
  /** Every request, in arrival order (token requests too). */
  readonly requests: LoggedRequest[] = [];
  tokensIssued = 0;
  /** Any response this emulator sent that violated the official schema ("POST /v2/users 201: ..."). */
  readonly responseSchemaErrors: string[] = [];

  private readonly store: UserStore;
  private readonly faults = new FaultQueue();
  private readonly apiKeys = new Map<string, string[]>();
  private readonly clients = new Map<string, { secret: string; roles: string[] }>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly sockets = new Set<Socket>();
  private readonly pageSalt = randomId(6);
  private latencyMs: number;
  private concurrencyLimit: number;
  private inFlight = 0;
  private stopped = false;

  private constructor(
    private readonly server: http.Server,
    port: number,
    private readonly options: EmulatorOptions,
    store: UserStore,
  ) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.tokenUrl = `${this.url}/oauth2/token`;
    this.store = store;
    this.latencyMs = options.latencyMs ?? 0;
    this.concurrencyLimit = options.concurrencyLimit ?? Infinity;
    for (const [k, roles] of Object.entries(options.apiKeys ?? { [DEFAULT_API_KEY]: ["administrator"] })) this.apiKeys.set(k, [...roles]);
    const clients = options.clients ?? { [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles: ["administrator"] } };
    for (const [id, c] of Object.entries(clients)) this.clients.set(id, { secret: c.secret, roles: [...c.roles] });
  }

  static async start(options: EmulatorOptions = {}): Promise<VectaraEmulator> {
    const ttl = options.tokenTtlSeconds ?? 1800;
    if (!(ttl >= 0)) throw new Error(`tokenTtlSeconds must be >= 0, got ${ttl}`);
    const store = new UserStore({ stateFile: options.stateFile, initialEnabled: options.initialEnabled });
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const emu = new VectaraEmulator(server, (server.address() as AddressInfo).port, options, store);
    server.on("connection", (s: Socket) => {
      emu.sockets.add(s);
      s.once("close", () => emu.sockets.delete(s));
    });
    server.on("request", (req, res) => {
      emu.handle(req, res).catch((err) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ messages: [`emulator bug: ${err?.message ?? err}`] }));
        }
      });
    });
    return emu;
  }

  /** Closes the server and every open socket. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  // ---- inspection -------------------------------------------------------------------------

  /** Calls of one route; without a route, every call except token requests. */
  calls(route?: RouteName): LoggedRequest[] {
    return this.requests.filter((r) => (route ? r.route === route : r.route !== "token"));
  }

  /** createUser / updateUser / deleteUser / resetPassword calls. */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => WRITE_ROUTES.has(r.route));
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  /** Wire-shaped copies, in store order. */
  users(): EmulatorUser[] {
    return this.store.list();
  }

  getUser(username: string): EmulatorUser | undefined {
    return this.store.get(username);
  }

  /** Seeds or changes a user out of band (fills id, username, enabled, timestamps, role arrays). */
  putUser(user: Partial<EmulatorUser> & { email: string }): EmulatorUser {
    return this.store.put(user);
  }

  /** Deletes a user out of band. */
  removeUser(username: string): boolean {
    return this.store.delete(username);
  }

  /** Every password reset sent, in order. */
  get resets(): ResetRecord[] {
    return this.store.resets;
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Queues a fault for a route; "*" applies to every users-API route (not the token route). */
  inject(route: RouteName | "*", fault: Fault): void {
    this.faults.inject(route, fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  setConcurrencyLimit(n: number): void {
    this.concurrencyLimit = n;
  }

  /** Every token issued so far stops working (401). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = -Infinity;
  }

  /** Sets the roles of an API key or OAuth client id; an unknown credential becomes a new API key. */
  setPrincipalRoles(credential: string, roles: string[]): void {
    const client = this.clients.get(credential);
    if (client && !this.apiKeys.has(credential)) client.roles = [...roles];
    else this.apiKeys.set(credential, [...roles]);
  }

  // ---- request pipeline -------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `req_${randomId(8)}`;
    res.setHeader("x-request-id", requestId);
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : "")) if (!(k in query)) query[k] = v;

    const match = matchRoute(method, rawPath);
    let username: string | undefined;
    let badEncoding = false;
    if (match.rawUsername !== undefined && match.route !== "unknown") {
      try {
        username = decodeURIComponent(match.rawUsername);
      } catch {
        badEncoding = true;
      }
    }
    const entry: LoggedRequest = {
      route: match.route,
      method,
      path: rawPath,
      ...(username !== undefined ? { username } : {}),
      query,
      body: undefined,
      status: 0,
      requestSchemaErrors: [],
      at: Date.now(),
    };
    this.requests.push(entry);

    const isApi = match.route !== "token" && match.route !== "unknown";
    if (isApi) this.inFlight++;
    try {
      const rawBody = await readBody(req);
      const ctx: Ctx = { req, res, entry, requestId, rawBody, allow: match.allow, badEncoding };
      entry.body = match.route === "token" ? redactedTokenBody(req, rawBody) : bodyForLog(rawBody);

      if (isApi && this.inFlight > this.concurrencyLimit) {
        return this.send(ctx, { status: 429, body: this.error(ctx, "Too many concurrent requests. Please retry.") });
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);

      const fault = isApi || match.route === "token" ? this.faults.take(match.route as RouteName) : undefined;
      if (fault) entry.fault = faultName(fault);
      if (fault?.kind === "status") {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
        const message = fault.message ?? `Injected fault: ${fault.status}.`;
        return this.send(ctx, { status: fault.status, body: this.error(ctx, message), headers });
      }
      if (fault?.kind === "reset") return this.destroy(ctx);
      if (fault?.kind === "delay") await sleep(fault.ms);

      const reply = await this.dispatch(ctx, match.route);
      if (fault?.kind === "commitThenFail") {
        if (fault.then === "reset") return this.destroy(ctx);
        const status = fault.status ?? 500;
        return this.send(ctx, { status, body: this.error(ctx, `Injected fault after commit: ${status}.`) });
      }
      this.send(ctx, reply);
    } finally {
      if (isApi) this.inFlight--;
    }
  }

  private dispatch(ctx: Ctx, route: RouteName | "unknown"): Reply {
    const { entry } = ctx;
    if (route === "unknown") {
      if (ctx.allow) {
        return { status: 405, headers: { allow: ctx.allow.join(", ") }, body: this.error(ctx, `Method ${entry.method} not allowed on ${entry.path}.`) };
      }
      return { status: 404, body: this.error(ctx, `No such endpoint: ${entry.method} ${entry.path}.`) };
    }
    if (route === "token") return this.token(ctx);

    const denied = this.authorize(ctx, route);
    if (denied) return denied;
    if (ctx.badEncoding) {
      return this.badRequest(ctx, "The username in the path is not valid percent-encoding.", { username: "invalid percent-encoding" });
    }
    switch (route) {
      case "listUsers":
        return this.listUsers(ctx);
      case "createUser":
        return this.createUser(ctx);
      case "getUser":
        return this.withUser(ctx, (u) => ({ status: 200, body: u }));
      case "updateUser":
        return this.updateUser(ctx);
      case "deleteUser":
        return this.withUser(ctx, (u) => {
          this.store.delete(u.username);
          return { status: 204 };
        });
      case "resetPassword":
        return this.withUser(ctx, (u) => {
          this.store.recordReset(u.username);
          return { status: 200, body: this.options.resetReturnsCode === false ? {} : this.oneTimeCode() };
        });
    }
  }

  // ---- auth -------------------------------------------------------------------------------

  /** undefined when allowed; else the 401/403 reply. */
  private authorize(ctx: Ctx, route: Exclude<RouteName, "token">): Reply | undefined {
    const { req } = ctx;
    const key = req.headers["x-api-key"];
    const authz = req.headers.authorization;
    let roles: string[] | undefined;
    let failure: string | undefined;
    if (typeof key === "string") {
      roles = this.apiKeys.get(key);
      if (!roles) failure = "Invalid API key.";
    }
    if (!roles && typeof authz === "string") {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      const t = m ? this.tokens.get(m[1]) : undefined;
      if (!m) failure ??= "Unsupported Authorization header: expected Bearer <token>.";
      else if (!t) failure ??= "Invalid access token.";
      else if (Date.now() >= t.expiresAt) failure ??= "Access token expired.";
      else {
        roles = this.clients.get(t.clientId)?.roles;
        if (!roles) failure ??= "Invalid access token.";
      }
    }
    if (!roles) {
      const message = failure ?? "Missing credentials: send an x-api-key header or Authorization: Bearer <token>.";
      return { status: 401, headers: { "www-authenticate": "Bearer" }, body: this.error(ctx, message) };
    }
    const required = OPERATIONS[OPERATION_OF_ROUTE[route]].requiredRoles;
    if (!roles.some((r) => required.includes(r))) {
      return { status: 403, body: this.error(ctx, `Permission denied: ${route} needs one of the roles ${required.join(", ")}.`) };
    }
    return undefined;
  }

  private token(ctx: Ctx): Reply {
    const { req, rawBody } = ctx;
    const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply => ({
      status,
      body: { error, error_description: description },
      headers: { "cache-control": "no-store", ...headers },
      schema: false,
    });
    const params = parseTokenBody(req, rawBody);
    if (!params) return oauthError(400, "invalid_request", "The body must be form-encoded or a JSON object.");
    if (params.grant_type === undefined) return oauthError(400, "invalid_request", "grant_type is required.");
    if (params.grant_type !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", `grant_type must be client_credentials, got "${params.grant_type}".`);
    }
    let id = params.client_id;
    let secret = params.client_secret;
    let basic: [string, string] | undefined;
    const m = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (m) {
      const text = Buffer.from(m[1], "base64").toString("utf8");
      const i = text.indexOf(":");
      if (i >= 0) basic = [text.slice(0, i), text.slice(i + 1)];
    }
    if (secret === undefined && basic && (id === undefined || id === basic[0] || id === formDecode(basic[0]))) [id, secret] = basic;
    const client = id !== undefined ? this.clients.get(id) ?? this.clients.get(formDecode(id)) : undefined;
    const ok = client && secret !== undefined && (client.secret === secret || client.secret === formDecode(secret));
    if (!ok) {
      return oauthError(401, "invalid_client", "Client authentication failed.", { "www-authenticate": 'Basic realm="vectara"' });
    }
    const clientId = this.clients.has(id!) ? id! : formDecode(id!);
    const ttl = this.options.tokenTtlSeconds ?? 1800;
    const accessToken = `emu_${crypto.randomBytes(24).toString("base64url")}`;
    this.tokens.set(accessToken, { clientId, expiresAt: Date.now() + ttl * 1000 });
    this.tokensIssued++;
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: { access_token: accessToken, token_type: "Bearer", expires_in: Math.floor(ttl) },
    };
  }

  // ---- handlers ---------------------------------------------------------------------------

  private listUsers(ctx: Ctx): Reply {
    const query: Record<string, unknown> = { ...ctx.entry.query };
    if (typeof query.limit === "string" && /^[+-]?\d+$/.test(query.limit)) query.limit = Number(query.limit);
    const errors = fieldErrors(OPERATIONS.listUsers.query!, query, "query");
    const corpusKey = ctx.entry.query.corpus_key;
    if (corpusKey !== undefined && !CORPUS_KEY_FULL.test(corpusKey) && !errors.corpus_key) {
      errors.corpus_key = `must match ^[a-zA-Z0-9_=-]+$ (got ${JSON.stringify(corpusKey)})`;
    }
    if (Object.keys(errors).length) return this.badRequest(ctx, "Invalid query parameters.", errors);

    const limit = (query.limit as number | undefined) ?? 10;
    let offset = 0;
    const pageKey = ctx.entry.query.page_key;
    if (pageKey) {
      const decoded = this.decodePageKey(pageKey);
      if (decoded === undefined) return this.badRequest(ctx, "Invalid page_key.", { page_key: "is not a page_key this server issued" });
      if (decoded.c !== (corpusKey ?? null)) {
        return this.badRequest(ctx, "page_key does not match the query.", { page_key: "was issued for a different corpus_key" });
      }
      offset = decoded.o;
    }
    const onCorpus = (u: EmulatorUser) => corpusKey === undefined || u.corpus_roles.some((r) => r.corpus_key === corpusKey);
    const { users, more } = this.store.page(onCorpus, offset, limit);
    const next = more ? this.encodePageKey(offset + limit, corpusKey ?? null) : undefined;
    return { status: 200, body: { users, metadata: next ? { page_key: next } : {} } };
  }

  private createUser(ctx: Ctx): Reply {
    const parsed = this.jsonBody(ctx, "CreateUserRequest", false);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    const username: string = body.username ?? body.email;
    if (username === "") return this.badRequest(ctx, "Invalid request body.", { username: "must not be empty" });
    if (this.store.get(username)) {
      return { status: 409, body: this.error(ctx, `user with username ${username} already exists`) };
    }
    if (this.store.findByEmail(body.email)) {
      return { status: 409, body: this.error(ctx, `user with email ${body.email} already exists`) };
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

  private updateUser(ctx: Ctx): Reply {
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

  private withUser(ctx: Ctx, fn: (u: EmulatorUser) => Reply): Reply {
    const username = ctx.entry.username!;
    const user = this.store.get(username);
    if (!user) return { status: 404, body: { ...this.error(ctx, `User ${username} not found.`), id: username } };
    return fn(user);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Parses and validates a JSON body; records requestSchemaErrors. */
  private jsonBody(ctx: Ctx, schema: string, emptyIsObject: boolean): { value: unknown } | { reply: Reply } {
    const text = ctx.rawBody.toString("utf8");
    if (text.trim() === "") {
      if (emptyIsObject) return { value: {} };
      ctx.entry.requestSchemaErrors = ["(root): a JSON body is required"];
      return { reply: this.badRequest(ctx, "A JSON request body is required.", { body: "is required" }) };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e: any) {
      ctx.entry.requestSchemaErrors = [`(root): malformed JSON: ${e.message}`];
      return { reply: this.badRequest(ctx, `Malformed JSON: ${e.message}`, { body: "malformed JSON" }) };
    }
    ctx.entry.requestSchemaErrors = validate(schema, value);
    if (ctx.entry.requestSchemaErrors.length) {
      return { reply: this.badRequest(ctx, "Invalid request body.", fieldErrors(schema, value)) };
    }
    return { value };
  }

  private error(ctx: Ctx, message: string): { messages: string[]; request_id: string } {
    return { messages: [message], request_id: ctx.requestId };
  }

  private badRequest(ctx: Ctx, message: string, field_errors: Record<string, string>): Reply {
    const details = Object.entries(field_errors).map(([f, m]) => `${f}: ${m}`);
    return { status: 400, body: { messages: [message, ...details], request_id: ctx.requestId, field_errors } };
  }

  private oneTimeCode(): { one_time_code: string; one_time_code_link: string } {
    const code = crypto.randomBytes(9).toString("base64url");
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

  private destroy(ctx: Ctx): void {
    ctx.entry.status = 0;
    ctx.req.socket.destroy();
  }

  private send(ctx: Ctx, reply: Reply): void {
    const { entry, res } = ctx;
    entry.status = reply.status;
    this.checkResponse(entry, reply);
    if (res.destroyed || res.writableEnded) return;
    if (reply.body === undefined) {
      res.writeHead(reply.status, reply.headers);
      res.end();
      return;
    }
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private checkResponse(entry: LoggedRequest, reply: Reply): void {
    if (reply.schema === false) return;
    const label = `${entry.method} ${entry.path} ${reply.status}`;
    let schema: string | null | undefined = reply.schema;
    if (schema === undefined) {
      schema = entry.route === "unknown" ? "Error" : responseSchemaFor(entry.route, reply.status);
    }
    if (schema === undefined) {
      this.responseSchemaErrors.push(`${label}: status not in the spec`);
    } else if (schema === null) {
      if (reply.body !== undefined) this.responseSchemaErrors.push(`${label}: the spec says no body`);
    } else {
      for (const e of validate(schema, reply.body)) this.responseSchemaErrors.push(`${label}: ${e}`);
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function bodyForLog(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** Token request parameters from a form-encoded or JSON body; undefined when unparseable. */
function parseTokenBody(req: http.IncomingMessage, raw: Buffer): Record<string, string> | undefined {
  const text = raw.toString("utf8");
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  const out: Record<string, string> = {};
  if (type.includes("json") || (!type.includes("form") && text.trim().startsWith("{"))) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
    for (const [k, x] of Object.entries(v)) if (typeof x === "string") out[k] = x;
    return out;
  }
  for (const [k, x] of new URLSearchParams(text)) if (!(k in out)) out[k] = x;
  return out;
}

/** The token request body for the log, without the client secret. */
function redactedTokenBody(req: http.IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const params = parseTokenBody(req, raw);
  if (!params) return "[unparseable]";
  if ("client_secret" in params) params.client_secret = "[redacted]";
  return params;
}
