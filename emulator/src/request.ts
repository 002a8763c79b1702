/** One request as the emulator sees it: its log entry, its context through the pipeline, its body. */
import type * as http from "node:http";
import type { RouteName } from "./contract";

export interface LoggedRequest {
  route: RouteName | "unknown";
  method: string;
  /** As received: raw, still percent-encoded, without the query string. */
  path: string;
  /** The decoded `{username}`, when the route has one. */
  username?: string;
  /** The decoded `{app_client_id}` or `{api_key_id}`, when the route has one. */
  id?: string;
  query: Record<string, string>;
  /** Parsed JSON body (raw text when not JSON; undefined when empty). Token bodies have client_secret redacted. */
  body: unknown;
  /** 0 while in flight, or when the socket was destroyed. */
  status: number;
  /** Name of the injected fault, if one applied (see faultName). */
  fault?: string;
  /** The body validated against the route's request schema, e.g. CreateUserRequest (empty when valid or no body). */
  requestSchemaErrors: string[];
  at: number;
}

/** Who is calling, once authorized. */
export interface Principal {
  /** The caller's API roles (a personal API key's are its creator's). */
  roles: readonly string[];
  /** For an API key, its type as the spec's `x-supported-api-key-type` names them ("Personal", …). */
  apiKeyType?: string;
}

export interface Ctx {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  entry: LoggedRequest;
  requestId: string;
  rawBody: Buffer;
  allow?: string[];
  /** The path parameter (e.g. `username`) that is not valid percent-encoding, if one is not. */
  badEncoding?: string;
  /** Set by Auth.authorize when it lets the request through. */
  principal?: Principal;
}

const MAX_BODY = 1 << 20;

export function readBody(req: http.IncomingMessage): Promise<Buffer> {
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

export function bodyForLog(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
