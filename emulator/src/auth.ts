/**
 * Who may call: API keys (x-api-key), OAuth clients and the bearer tokens issued to them at the
 * token endpoint (client_credentials, with the client in the body or in Basic auth), and the
 * roles each operation requires. The credentials are the configured ones (options.apiKeys,
 * options.clients) and those created through the API (the store's app clients and API keys).
 */
import * as crypto from "node:crypto";
import type * as http from "node:http";
import type { ApiKeyRole } from "./api-key";
import { OPERATIONS, OPERATION_OF_ROUTE, requiredRolesOf, type RouteName } from "./contract";
import type { EmulatorOptions } from "./options";
import type { Ctx, Principal } from "./request";
import { errorBody, type Reply } from "./responses";
import type { EmulatorStore } from "./store";

export const DEFAULT_API_KEY = "zut_emulator_admin_key";
export const DEFAULT_CLIENT_ID = "emulator-client";
export const DEFAULT_CLIENT_SECRET = "emulator-secret";

interface TokenRecord {
  clientId: string;
  expiresAt: number;
}

/**
 * An API key's type as `x-supported-api-key-type` would name it: the spec names "Personal"
 * only, the other two labels are the emulator's. Configured keys (options.apiKeys) are personal keys.
 */
const KEY_TYPE: Record<ApiKeyRole, string> = { personal: "Personal", serving: "Serving", serving_and_indexing: "ServingAndIndexing" };

export class Auth {
  private readonly apiKeys = new Map<string, string[]>();
  private readonly clients = new Map<string, { secret: string; roles: string[] }>();
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly options: EmulatorOptions,
    private readonly store: EmulatorStore,
    private readonly onTokenIssued: () => void,
  ) {
    for (const [k, roles] of Object.entries(options.apiKeys ?? { [DEFAULT_API_KEY]: ["administrator"] })) this.apiKeys.set(k, [...roles]);
    const clients = options.clients ?? { [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles: ["administrator"] } };
    for (const [id, c] of Object.entries(clients)) this.clients.set(id, { secret: c.secret, roles: [...c.roles] });
  }

  /** Every bearer token handed out so far, for tests that prove none of them leaks. */
  issuedTokens(): string[] {
    return [...this.tokens.keys()];
  }

  /** Every token issued so far stops working (401). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = -Infinity;
  }

  /**
   * Sets the roles of a configured API key or OAuth client id; an unknown credential becomes a
   * new API key. (Created app clients change roles through their PATCH route.)
   */
  setPrincipalRoles(credential: string, roles: string[]): void {
    const client = this.clients.get(credential);
    if (client && !this.apiKeys.has(credential)) client.roles = [...roles];
    else this.apiKeys.set(credential, [...roles]);
  }

  /** The API key stops working: 401 "Invalid API key.", as for a key never issued. */
  revokeApiKey(key: string): void {
    if (!this.apiKeys.delete(key)) throw new Error("revokeApiKey: no such API key");
  }

  /** undefined when allowed (ctx.principal is then set); else the 401/403 reply. */
  authorize(ctx: Ctx, route: Exclude<RouteName, "token">): Reply | undefined {
    const { req } = ctx;
    const key = req.headers["x-api-key"];
    const authz = req.headers.authorization;
    const op = OPERATIONS[OPERATION_OF_ROUTE[route]];
    let principal: Principal | undefined;
    let failure: string | undefined;
    if (typeof key === "string") {
      const found = this.apiKey(key);
      if (found === "disabled") failure = "This API key is disabled.";
      else if (!found) failure = "Invalid API key.";
      else if (this.options.refuseApiKeys && op.path.startsWith("/v2/users")) {
        return { status: 403, body: errorBody(ctx, "API keys cannot be used for user management. Use OAuth client credentials.") };
      } else principal = found;
    }
    if (!principal && typeof authz === "string") {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      const t = m ? this.tokens.get(m[1]) : undefined;
      if (!m) failure ??= "Unsupported Authorization header: expected Bearer <token>.";
      else if (!t) failure ??= "Invalid access token.";
      else if (Date.now() >= t.expiresAt) failure ??= "Access token expired.";
      else {
        const roles = this.client(t.clientId)?.roles;
        if (roles) principal = { roles };
        else failure ??= "Invalid access token.";
      }
    }
    if (!principal) {
      const message = failure ?? "Missing credentials: send an x-api-key header or Authorization: Bearer <token>.";
      return { status: 401, headers: { "www-authenticate": "Bearer" }, body: errorBody(ctx, message) };
    }
    if (principal.apiKeyType && op.apiKeyTypes && !op.apiKeyTypes.includes(principal.apiKeyType)) {
      const types = op.apiKeyTypes.join(", ");
      return { status: 403, body: errorBody(ctx, `Permission denied: ${route} takes API keys of type ${types} only, or OAuth.`) };
    }
    const required = requiredRolesOf(route);
    if (!principal.roles.some((r) => required.includes(r))) {
      return { status: 403, body: errorBody(ctx, `Permission denied: ${route} needs one of the roles ${required.join(", ")}.`) };
    }
    ctx.principal = principal;
    return undefined;
  }

  /** A configured API key (a personal key), or one created through the API. */
  private apiKey(secret: string): Principal | "disabled" | undefined {
    const roles = this.apiKeys.get(secret);
    if (roles) return { roles, apiKeyType: KEY_TYPE.personal };
    const created = this.store.apiKeys.find((k) => k.secret_key === secret);
    if (!created) return undefined;
    if (!created.enabled) return "disabled";
    return { roles: created.roles, apiKeyType: KEY_TYPE[created.api_key_role] };
  }

  /** A configured OAuth client, or an app client created through the API (by its client_id). */
  private client(clientId: string): { secret: string; roles: readonly string[] } | undefined {
    const configured = this.clients.get(clientId);
    if (configured) return configured;
    const created = this.store.appClients.find((c) => c.client_id === clientId);
    return created && { secret: created.client_secret, roles: created.api_roles };
  }

  token(ctx: Ctx): Reply {
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
    const clientId = id === undefined ? undefined : this.client(id) ? id : formDecode(id);
    const client = clientId !== undefined ? this.client(clientId) : undefined;
    const ok = client && secret !== undefined && (client.secret === secret || client.secret === formDecode(secret));
    if (!ok) {
      return oauthError(401, "invalid_client", "Client authentication failed.", { "www-authenticate": 'Basic realm="vectara"' });
    }
    const ttl = this.options.tokenTtlSeconds ?? 1800;
    const accessToken = `emu_${crypto.randomBytes(24).toString("base64url")}`;
    this.tokens.set(accessToken, { clientId: clientId!, expiresAt: Date.now() + ttl * 1000 });
    this.onTokenIssued();
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: { access_token: accessToken, token_type: "Bearer", expires_in: Math.floor(ttl) },
    };
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
export function redactedTokenBody(req: http.IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const params = parseTokenBody(req, raw);
  if (!params) return "[unparseable]";
  if ("client_secret" in params) params.client_secret = "[redacted]";
  return params;
}
