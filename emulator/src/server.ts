/**
 * A local Vectara API v2 emulator (users, app clients, API keys) over node:http: the server,
 * its request log and inspection, fault injection, and the pipeline every request goes through
 * (concurrency limit, latency, faults) before routing.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { newApiKey, type NewApiKey, type StoredApiKey } from "./api-key";
import { ApiKeyRoutes } from "./api-key-routes";
import { newAppClient, type NewAppClient, type StoredAppClient } from "./app-client";
import { AppClientRoutes } from "./app-client-routes";
import { Auth, redactedTokenBody } from "./auth";
import type { RouteName } from "./contract";
import { endlessPage, FaultQueue, faultName, firstPageOf, type Fault } from "./faults";
import type { EmulatorOptions } from "./options";
import { bodyForLog, readBody, type Ctx, type LoggedRequest } from "./request";
import { destroySocket, errorBody, newRequestId, send } from "./responses";
import { WRITE_ROUTES, dispatch, matchRoute, type Handlers } from "./routes";
import { EmulatorStore, type EmulatorUser, type ResetRecord } from "./store";
import { UserRoutes } from "./user-routes";

/** The readiness route: 200 once the server listens; no auth, never logged, never faulted. */
export const READY_PATH = "/healthz";

/** A wildcard listen address is reached locally through loopback; IPv6 hosts need brackets in a URL. */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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

  private readonly store: EmulatorStore;
  private readonly faults = new FaultQueue();
  private readonly auth: Auth;
  private readonly handlers: Handlers;
  /** Every client secret and secret key handed out (by the API or put out of band), in order. */
  private readonly secrets: string[] = [];
  private readonly sockets = new Set<Socket>();
  private latencyMs: number;
  private concurrencyLimit: number;
  private inFlight = 0;
  private stopped = false;

  private constructor(
    private readonly server: http.Server,
    port: number,
    options: EmulatorOptions,
    store: EmulatorStore,
  ) {
    this.port = port;
    this.url = `http://${urlHost(options.host)}:${port}`;
    this.tokenUrl = `${this.url}/oauth2/token`;
    this.store = store;
    this.latencyMs = options.latencyMs ?? 0;
    this.concurrencyLimit = options.concurrencyLimit ?? Infinity;
    this.auth = new Auth(options, store, () => this.tokensIssued++);
    this.handlers = {
      users: new UserRoutes(store, this.url, options),
      appClients: new AppClientRoutes(store, options, this.secrets),
      apiKeys: new ApiKeyRoutes(store, options, this.secrets),
    };
  }

  static async start(options: EmulatorOptions = {}): Promise<VectaraEmulator> {
    const ttl = options.tokenTtlSeconds ?? 1800;
    if (!(ttl >= 0)) throw new Error(`tokenTtlSeconds must be >= 0, got ${ttl}`);
    const store = new EmulatorStore({ stateFile: options.stateFile, initialEnabled: options.initialEnabled });
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
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

  /** Calls of the write routes: create, update and delete of each API, and resetPassword. */
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

  /** App clients in store order, each with its client_secret (which the API shows on create only). */
  appClients(): StoredAppClient[] {
    return this.store.appClients.list();
  }

  getAppClient(id: string): StoredAppClient | undefined {
    return this.store.appClients.get(id);
  }

  /** Seeds or replaces an app client out of band (fills id, client_id, client_secret, api_roles unless given). */
  putAppClient(input: NewAppClient): StoredAppClient {
    const client = newAppClient(input);
    this.secrets.push(client.client_secret);
    return this.store.appClients.put(client);
  }

  /** Deletes an app client out of band (its tokens stop working). */
  removeAppClient(id: string): boolean {
    return this.store.appClients.delete(id);
  }

  /** API keys in store order, each with its secret_key, corpus_keys and (personal keys) roles. */
  apiKeys(): StoredApiKey[] {
    return this.store.apiKeys.list();
  }

  getApiKey(id: string): StoredApiKey | undefined {
    return this.store.apiKeys.get(id);
  }

  /** Seeds or replaces an API key out of band (fills id, secret_key, enabled, corpus_keys, roles unless given). */
  putApiKey(input: NewApiKey): StoredApiKey {
    const key = newApiKey(input);
    this.secrets.push(key.secret_key);
    return this.store.apiKeys.put(key);
  }

  /** Deletes an API key out of band (it stops authenticating). */
  removeApiKey(id: string): boolean {
    return this.store.apiKeys.delete(id);
  }

  // ---- faults -----------------------------------------------------------------------------

  /** Queues a fault for a route; "*" applies to every API route (not the token route). */
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

  /** Every bearer token handed out so far, for tests that prove none of them leaks. */
  issuedTokens(): string[] {
    return this.auth.issuedTokens();
  }

  /** Every one-time code (password reset or create answers) handed out so far, for leak tests. */
  issuedCodes(): string[] {
    return [...this.handlers.users.codes];
  }

  /** Every client secret and API secret key handed out so far (deleted ones too), for leak tests. */
  issuedSecrets(): string[] {
    return [...this.secrets];
  }

  /** Every token issued so far stops working (401). */
  expireTokens(): void {
    this.auth.expireTokens();
  }

  /**
   * Sets the roles of a configured API key or OAuth client id (options.apiKeys, options.clients);
   * an unknown credential becomes a new API key with those roles.
   */
  setPrincipalRoles(credential: string, roles: string[]): void {
    this.auth.setPrincipalRoles(credential, roles);
  }

  /** An API key deleted in the console (a rotation): requests with it answer 401 from now on. */
  revokeApiKey(key: string): void {
    this.auth.revokeApiKey(key);
  }

  // ---- request pipeline -------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader("x-request-id", requestId);
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : "")) if (!(k in query)) query[k] = v;

    if (rawPath === READY_PATH && (method === "GET" || method === "HEAD")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(method === "HEAD" ? undefined : JSON.stringify({ status: "ok" }));
      return;
    }

    const match = matchRoute(method, rawPath);
    let param: string | undefined;
    let badEncoding: string | undefined;
    if (match.param !== undefined && match.route !== "unknown") {
      try {
        param = decodeURIComponent(match.param.raw);
      } catch {
        badEncoding = match.param.name;
      }
    }
    const entry: LoggedRequest = {
      route: match.route,
      method,
      path: rawPath,
      ...(param !== undefined ? (match.param!.name === "username" ? { username: param } : { id: param }) : {}),
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
        return send(ctx, { status: 429, body: errorBody(ctx, "Too many concurrent requests. Please retry.") }, this.responseSchemaErrors);
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);

      const fault = isApi || match.route === "token" ? this.faults.take(match.route as RouteName) : undefined;
      if (fault) entry.fault = faultName(fault);
      if (fault?.kind === "status") {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {};
        const message = fault.message ?? `Injected fault: ${fault.status}.`;
        return send(ctx, { status: fault.status, body: errorBody(ctx, message), headers }, this.responseSchemaErrors);
      }
      if (fault?.kind === "reset") return destroySocket(ctx);
      if (fault?.kind === "delay") await sleep(fault.ms);

      const reply =
        fault?.kind === "endlessPage"
          ? endlessPage(dispatch(firstPageOf(ctx), match.route, this.auth, this.handlers), fault)
          : dispatch(ctx, match.route, this.auth, this.handlers);
      if (fault?.kind === "commitThenFail") {
        if (fault.then === "reset") return destroySocket(ctx);
        const status = fault.status ?? 500;
        return send(ctx, { status, body: errorBody(ctx, `Injected fault after commit: ${status}.`) }, this.responseSchemaErrors);
      }
      send(ctx, reply, this.responseSchemaErrors);
    } finally {
      if (isApi) this.inFlight--;
    }
  }
}
