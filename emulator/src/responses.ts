/**
 * Answers: the error bodies Vectara sends (each with the request id), writing a reply, dropping
 * the connection instead, and checking every reply against the official response schemas.
 */
import * as crypto from "node:crypto";
import { responseSchemaFor, validate } from "./contract";
import type { Ctx, LoggedRequest } from "./request";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Schema to check the body against; default from the spec; false: not a spec'd body. */
  schema?: string | false;
}

export const randomId = (bytes: number) => crypto.randomBytes(bytes).toString("hex");

export function newRequestId(): string {
  return `req_${randomId(8)}`;
}

export function errorBody(ctx: Ctx, message: string): { messages: string[]; request_id: string } {
  return { messages: [message], request_id: ctx.requestId };
}

export function badRequest(ctx: Ctx, message: string, field_errors: Record<string, string>): Reply {
  const details = Object.entries(field_errors).map(([f, m]) => `${f}: ${m}`);
  return { status: 400, body: { messages: [message, ...details], request_id: ctx.requestId, field_errors } };
}

export function destroySocket(ctx: Ctx): void {
  ctx.entry.status = 0;
  ctx.req.socket.destroy();
}

/** Writes the reply; a schema violation is recorded in `schemaErrors`, the reply is sent anyway. */
export function send(ctx: Ctx, reply: Reply, schemaErrors: string[]): void {
  const { entry, res } = ctx;
  entry.status = reply.status;
  checkResponse(entry, reply, schemaErrors);
  if (res.destroyed || res.writableEnded) return;
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function checkResponse(entry: LoggedRequest, reply: Reply, schemaErrors: string[]): void {
  if (reply.schema === false) return;
  const label = `${entry.method} ${entry.path} ${reply.status}`;
  let schema: string | null | undefined = reply.schema;
  if (schema === undefined) {
    schema = entry.route === "unknown" ? "Error" : responseSchemaFor(entry.route, reply.status);
  }
  if (schema === undefined) {
    schemaErrors.push(`${label}: status not in the spec`);
  } else if (schema === null) {
    if (reply.body !== undefined) schemaErrors.push(`${label}: the spec says no body`);
  } else {
    for (const e of validate(schema, reply.body)) schemaErrors.push(`${label}: ${e}`);
  }
}
