/** Shared helpers for the client tests: an emulator per describe, clients with fast retries, a stub server. */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, VectaraEmulator, validate } from "vectara-emulator";
import type { EmulatorOptions, LoggedRequest } from "vectara-emulator";
import { UsersClient, type ClientSettings } from "../../../provider/client";

/** Logged requests whose schema errors a test provoked on purpose (e.g. the 400 mapping test). */
const deliberatelyInvalid = new WeakSet<LoggedRequest>();

/** Marks the last `n` requests of `emu` as sent invalid on purpose. */
export function allowInvalid(emu: VectaraEmulator, n = 1): void {
  for (const r of emu.requests.slice(-n)) deliberatelyInvalid.add(r);
}

const SCHEMA_OF_ROUTE: Partial<Record<string, string>> = { createUser: "CreateUserRequest", updateUser: "UpdateUserRequest" };

/** Every JSON body the client sent follows the official request schema (checked by the emulator and again here). */
export function assertRequestsFollowSchema(emu: VectaraEmulator): void {
  const problems: string[] = [];
  for (const r of emu.requests) {
    if (deliberatelyInvalid.has(r)) continue;
    if (r.requestSchemaErrors.length) problems.push(`${r.method} ${r.path}: ${r.requestSchemaErrors.join("; ")}`);
    const schema = SCHEMA_OF_ROUTE[r.route];
    if (schema && r.body !== undefined) {
      for (const e of validate(schema, r.body)) problems.push(`${r.method} ${r.path} (contract.validate ${schema}): ${e}`);
    }
    if ((r.route === "getUser" || r.route === "deleteUser" || r.route === "listUsers") && r.body !== undefined) {
      problems.push(`${r.method} ${r.path}: unexpected body`);
    }
  }
  assert.deepEqual(problems, [], "every request the client sent must follow the official schema");
}

/**
 * Starts an emulator for the enclosing describe. After the describe: every request body the
 * client sent followed the official schema, and every emulator response did too.
 */
export function useEmulator(options?: EmulatorOptions): () => VectaraEmulator {
  let emu: VectaraEmulator | undefined;
  before(async () => {
    emu = await VectaraEmulator.start(options);
  });
  afterEach(() => {
    emu?.clearFaults();
  });
  after(async () => {
    if (!emu) return;
    try {
      assertRequestsFollowSchema(emu);
      assert.deepEqual(emu.responseSchemaErrors, [], "emulator responses must follow the official schema");
    } finally {
      closeClients();
      await emu.stop();
    }
  });
  return () => emu!;
}

/** Fast retries so tests stay quick. */
export const FAST: ClientSettings = { retryBaseDelayMs: 5, retryMaxDelayMs: 50, timeoutMs: 5_000 };

const clients: UsersClient[] = [];
/** Closes the keep-alive sockets of every client made by keyClient / oauthClient. */
export function closeClients(): void {
  for (const c of clients.splice(0)) c.close();
}

/** An API-key client against the emulator; env is empty so nothing leaks in from the machine. */
export function keyClient(emu: { url: string }, extra: ClientSettings = {}): UsersClient {
  const c = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: emu.url, ...FAST, ...extra }, {});
  clients.push(c);
  return c;
}

/** An OAuth client-credentials client against the emulator. */
export function oauthClient(emu: { url: string; tokenUrl: string }, extra: ClientSettings = {}): UsersClient {
  const c = new UsersClient(
    { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, baseUrl: emu.url, authUrl: emu.tokenUrl, ...FAST, ...extra },
    {},
  );
  clients.push(c);
  return c;
}

let counter = 0;
/** A fresh, unique email address. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

/** Requests logged since `mark` (= emu.requests.length taken before). */
export function since(emu: VectaraEmulator, mark: number, route?: string): LoggedRequest[] {
  return emu.requests.slice(mark).filter((r) => route === undefined || r.route === route);
}

/** Asserts that `fn` rejects and returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

// ------------------------------------------------------------------ stub server

export interface StubRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

/** A tiny node:http server for malformed-server cases the spec-faithful emulator never produces. */
export async function startStub(handler: (req: StubRequest, res: http.ServerResponse, n: number) => void): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(r);
      handler(r, res, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A user in wire form, for stub servers. */
export function wireUser(n: number): Record<string, unknown> {
  return { id: `usr_${n}`, email: `u${n}@example.com`, username: `u${n}@example.com`, enabled: true };
}
