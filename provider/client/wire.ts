/**
 * What every Vectara API's JSON shares (snake_case on the wire): the shape checks, the error
 * body, the OAuth token request and answer. Each API's own fields are in its folder's wire.ts
 * (users/wire.ts), the one place that knows that API's snake_case names.
 */
import type { ApiOperationPolicy, ApiPolicy } from "./api-policy";
import { UnexpectedResponseError } from "./errors";

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function unexpected(where: string, what: string): never {
  throw new UnexpectedResponseError(`Unexpected response from Vectara on ${where}: ${what}.`);
}

/** Form body of the OAuth client-credentials token request. */
export function tokenRequestToWire(clientId: string, clientSecret: string): string {
  return new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString();
}

/** The parts of an error body (`Error`, `BadRequestError`, `NotFoundError`, OAuth error). */
export interface ErrorBody {
  messages: string[];
  fieldErrors: Record<string, string>;
  requestId?: string;
  /** OAuth token endpoint: `error`, such as `invalid_client`. */
  oauthError?: string;
  /** OAuth token endpoint: `error_description`. */
  oauthErrorDescription?: string;
}

export function errorBodyFromWire(raw: unknown): ErrorBody {
  const out: ErrorBody = { messages: [], fieldErrors: {} };
  if (typeof raw === "string") {
    const text = raw.trim();
    // A non-JSON body (a proxy's HTML page, say): keep a short first line of it.
    if (text && !text.startsWith("<")) out.messages.push(text.split("\n")[0].slice(0, 300));
    return out;
  }
  if (!isObject(raw)) return out;
  if (Array.isArray(raw.messages)) out.messages = raw.messages.filter((m): m is string => typeof m === "string");
  else if (typeof raw.message === "string") out.messages = [raw.message];
  if (isObject(raw.field_errors)) {
    for (const [field, msg] of Object.entries(raw.field_errors)) {
      if (typeof msg === "string") out.fieldErrors[field] = msg;
    }
  }
  const requestId = str(raw.request_id);
  if (requestId) out.requestId = requestId;
  const oauthError = str(raw.error);
  if (oauthError) out.oauthError = oauthError;
  const oauthErrorDescription = str(raw.error_description);
  if (oauthErrorDescription) out.oauthErrorDescription = oauthErrorDescription;
  if (out.messages.length === 0 && oauthError) {
    out.messages = [oauthErrorDescription ? `${oauthError}: ${oauthErrorDescription}` : oauthError];
  }
  return out;
}

export interface TokenResponse {
  accessToken: string;
  tokenType?: string;
  /** Seconds; undefined when the token URL does not say. */
  expiresIn?: number;
}

export function tokenResponseFromWire(raw: unknown, where: string): TokenResponse {
  if (!isObject(raw)) unexpected(where, "the token response is not a JSON object");
  const accessToken = str(raw.access_token);
  if (!accessToken) unexpected(where, "the token response has no access_token");
  const out: TokenResponse = { accessToken };
  const tokenType = str(raw.token_type);
  if (tokenType) out.tokenType = tokenType;
  const expiresIn = typeof raw.expires_in === "string" ? Number(raw.expires_in) : raw.expires_in;
  if (typeof expiresIn === "number" && Number.isFinite(expiresIn) && expiresIn >= 0) out.expiresIn = expiresIn;
  return out;
}

/** An `api_policy` (app clients, API keys); undefined when absent or not a policy. Unknown fields are dropped. */
export function apiPolicyFromWire(raw: unknown): ApiPolicy | undefined {
  if (!isObject(raw) || typeof raw.name !== "string" || !isObject(raw.allowed_operations)) return undefined;
  const allowedOperations: Record<string, ApiOperationPolicy> = {};
  for (const [op, p] of Object.entries(raw.allowed_operations)) {
    if (!isObject(p)) continue;
    const policy: ApiOperationPolicy = { allowAnyResource: p.allow_any_resource !== false };
    if (isObject(p.allowed_resources)) {
      const resources: Record<string, string[]> = {};
      for (const [path, list] of Object.entries(p.allowed_resources)) {
        if (Array.isArray(list)) resources[path] = list.filter((x): x is string => typeof x === "string");
      }
      policy.allowedResources = resources;
    }
    allowedOperations[op] = policy;
  }
  return { name: raw.name, allowedOperations };
}

/**
 * One page of a listing: the items under `field` (`what` names them in messages: "users"), each
 * read by `item`, and `metadata.page_key`; an absent, null or empty key means the last page.
 */
export function listPageFromWire<T>(
  raw: unknown,
  where: string,
  field: string,
  what: string,
  item: (v: unknown) => T,
): { items: T[]; pageKey?: string } {
  if (!isObject(raw)) unexpected(where, `the body is not a list of ${what}`);
  const list = raw[field];
  if (list !== undefined && list !== null && !Array.isArray(list)) unexpected(where, `\`${field}\` is not an array`);
  const items = Array.isArray(list) ? list.map(item) : [];
  const pageKey = isObject(raw.metadata) ? str(raw.metadata.page_key) : undefined;
  return pageKey ? { items, pageKey } : { items };
}
