/** Shared helpers for the emulator's own tests (plain fetch, no project client). */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, type EmulatorOptions, VectaraEmulator } from "vectara-emulator";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, raw text when not JSON, undefined when empty. */
  body: any;
  text: string;
}

export interface CallOptions {
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** x-api-key to send; null sends none. Default DEFAULT_API_KEY. */
  key?: string | null;
  bearer?: string;
}

/** Starts an emulator for the enclosing describe and checks after each test that every response followed the spec. */
export function useEmulator(options?: EmulatorOptions): () => VectaraEmulator {
  let emu: VectaraEmulator | undefined;
  before(async () => {
    emu = await VectaraEmulator.start(options);
  });
  after(async () => {
    await emu?.stop();
  });
  afterEach(() => {
    assert.deepEqual(emu?.responseSchemaErrors, [], "responses must follow the official schema");
  });
  return () => emu!;
}

export async function call(emu: { url: string }, method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? DEFAULT_API_KEY : opts.key;
  if (key !== null && !opts.bearer) headers["x-api-key"] = key;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  let body: string | undefined;
  if (typeof opts.body === "string") body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(emu.url + path, { method, headers, body });
  const text = await res.text();
  let parsed: any;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Every page of a list route, following metadata.page_key until a page has none (each must answer 200). */
export async function listPages(emu: { url: string }, path: string, query: Record<string, string> = {}): Promise<any[]> {
  const pages: any[] = [];
  let pageKey: string | undefined;
  do {
    const r = await call(emu, "GET", `${path}?${new URLSearchParams({ ...query, ...(pageKey ? { page_key: pageKey } : {}) })}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push(r.body);
    pageKey = r.body.metadata.page_key;
    assert.ok(pages.length < 100, "pagination must end");
  } while (pageKey);
  return pages;
}

export const userPath = (username: string) => `/v2/users/${encodeURIComponent(username)}`;
export const appClientPath = (id: string) => `/v2/app_clients/${encodeURIComponent(id)}`;
export const apiKeyPath = (id: string) => `/v2/api_keys/${encodeURIComponent(id)}`;

/** A client_credentials token request (form-encoded) at the emulator's token endpoint. */
export function requestToken(emu: { tokenUrl: string }, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(emu.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
}

/** A bearer token for an OAuth client, failing the test when the token endpoint refuses it. */
export async function bearerFor(emu: { tokenUrl: string }, clientId: string, clientSecret: string): Promise<string> {
  const res = await requestToken(emu, clientId, clientSecret);
  assert.equal(res.status, 200, `token for ${clientId}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Asserts an `Error`-shaped body: messages (non-empty strings) and a request_id. */
export function assertErrorBody(body: any, messagePattern?: RegExp): void {
  assert.ok(Array.isArray(body?.messages) && body.messages.length > 0, `messages in ${JSON.stringify(body)}`);
  assert.equal(typeof body.request_id, "string");
  if (messagePattern) assert.match(body.messages.join(" "), messagePattern);
}
