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

export const userPath = (username: string) => `/v2/users/${encodeURIComponent(username)}`;

/** Asserts an `Error`-shaped body: messages (non-empty strings) and a request_id. */
export function assertErrorBody(body: any, messagePattern?: RegExp): void {
  assert.ok(Array.isArray(body?.messages) && body.messages.length > 0, `messages in ${JSON.stringify(body)}`);
  assert.equal(typeof body.request_id, "string");
  if (messagePattern) assert.match(body.messages.join(" "), messagePattern);
}
