/**
 * snake_case (Vectara's JSON) <-> camelCase (types.ts). The only file that knows both.
 * Going out: never sends an `undefined` key. Coming in: keeps only the fields types.ts knows
 * (unknown server fields are dropped), and absent role arrays become `[]`.
 */
import { UnexpectedResponseError, VectaraError } from "./errors";
import type {
  AgentRole,
  ApiRole,
  CorpusRole,
  CreateUserRequest,
  CreatedUser,
  ListPageOptions,
  ResetPasswordResult,
  UpdateUserRequest,
  User,
  UsersPage,
} from "./types";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function unexpected(where: string, what: string): never {
  throw new UnexpectedResponseError(`Unexpected response from Vectara on ${where}: ${what}.`);
}

// ---------------------------------------------------------------- requests

function arrayOf<T>(field: string, value: readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new VectaraError(`${field} must be an array.`);
  return value;
}

function corpusRolesToWire(roles: readonly CorpusRole[]): Json[] {
  return roles.map((r) => ({ corpus_key: r.corpusKey, role: r.role }));
}

function agentRolesToWire(roles: readonly AgentRole[]): Json[] {
  return roles.map((r) => ({ agent_key: r.agentKey, role: r.role }));
}

function setIfDefined(out: Json, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

/** Body of `POST /v2/users`. */
export function createUserToWire(req: CreateUserRequest): Json {
  const out: Json = {};
  setIfDefined(out, "email", req.email);
  setIfDefined(out, "username", req.username);
  setIfDefined(out, "description", req.description);
  return setRoles(out, req);
}

/** Body of `PATCH /v2/users/{username}`: only the fields given. */
export function updateUserToWire(req: UpdateUserRequest): Json {
  const out: Json = {};
  setIfDefined(out, "enabled", req.enabled);
  setIfDefined(out, "description", req.description);
  return setRoles(out, req);
}

/** The role lists a create or update body carries: those given, converted. */
function setRoles(out: Json, req: Pick<CreateUserRequest, "apiRoles" | "corpusRoles" | "agentRoles">): Json {
  const apiRoles = arrayOf("apiRoles", req.apiRoles);
  const corpusRoles = arrayOf("corpusRoles", req.corpusRoles);
  const agentRoles = arrayOf("agentRoles", req.agentRoles);
  if (apiRoles) out.api_roles = [...apiRoles];
  if (corpusRoles) out.corpus_roles = corpusRolesToWire(corpusRoles);
  if (agentRoles) out.agent_roles = agentRolesToWire(agentRoles);
  return out;
}

/** Query of `GET /v2/users`, as a `URLSearchParams` string without `?` ("" when empty). */
export function listQueryToWire(options: ListPageOptions): string {
  const q = new URLSearchParams();
  if (options.limit !== undefined) q.set("limit", String(options.limit));
  if (options.pageKey !== undefined) q.set("page_key", options.pageKey);
  if (options.corpusKey !== undefined) q.set("corpus_key", options.corpusKey);
  return q.toString();
}

/** Form body of the OAuth client-credentials token request. */
export function tokenRequestToWire(clientId: string, clientSecret: string): string {
  return new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString();
}

// ---------------------------------------------------------------- responses

function corpusRolesFromWire(v: unknown): CorpusRole[] {
  if (!Array.isArray(v)) return [];
  const out: CorpusRole[] = [];
  for (const r of v) {
    if (isObject(r) && typeof r.corpus_key === "string" && typeof r.role === "string") {
      out.push({ corpusKey: r.corpus_key, role: r.role as CorpusRole["role"] });
    }
  }
  return out;
}

function agentRolesFromWire(v: unknown): AgentRole[] {
  if (!Array.isArray(v)) return [];
  const out: AgentRole[] = [];
  for (const r of v) {
    if (isObject(r) && typeof r.agent_key === "string" && typeof r.role === "string") {
      out.push({ agentKey: r.agent_key, role: r.role as AgentRole["role"] });
    }
  }
  return out;
}

/** Values to use where the server answers an empty username or email (seen on create). */
export interface UserFallback {
  username?: string;
  email?: string;
}

/**
 * A `User` from its JSON. `where` ("GET /v2/users/x") names the call in the error thrown
 * for a body that is not a user. Empty `username`/`email` fall back to `fallback`; an absent
 * username falls back to the email (the API's default).
 */
export function userFromWire(raw: unknown, where: string, fallback: UserFallback = {}): User {
  if (!isObject(raw)) unexpected(where, "the body is not a user object");
  const id = str(raw.id);
  if (!id) unexpected(where, "the user has no id");
  const email = str(raw.email) || fallback.email || "";
  const username = str(raw.username) || fallback.username || email;
  const user: User = {
    id,
    email,
    username,
    apiRoles: Array.isArray(raw.api_roles) ? (raw.api_roles.filter((r) => typeof r === "string") as ApiRole[]) : [],
    corpusRoles: corpusRolesFromWire(raw.corpus_roles),
    agentRoles: agentRolesFromWire(raw.agent_roles),
  };
  if (typeof raw.enabled === "boolean") user.enabled = raw.enabled;
  const description = str(raw.description);
  if (description !== undefined) user.description = description;
  const createdAt = str(raw.created_at);
  if (createdAt !== undefined) user.createdAt = createdAt;
  const updatedAt = str(raw.updated_at);
  if (updatedAt !== undefined) user.updatedAt = updatedAt;
  return user;
}

function oneTimeCodeFromWire(raw: Json, out: ResetPasswordResult): void {
  const code = str(raw.one_time_code);
  if (code) out.oneTimeCode = code;
  const link = str(raw.one_time_code_link);
  if (link) out.oneTimeCodeLink = link;
}

/** The 201 answer of `POST /v2/users`: a user plus, on some deployments, a one-time code. */
export function createdUserFromWire(raw: unknown, where: string, sent: CreateUserRequest): CreatedUser {
  const user: CreatedUser = userFromWire(raw, where, { email: sent.email, username: sent.username ?? sent.email });
  oneTimeCodeFromWire(raw as Json, user);
  return user;
}

/** The 200 answer of `POST /v2/users/{username}/reset_password` (may be empty). */
export function resetPasswordFromWire(raw: unknown): ResetPasswordResult {
  const out: ResetPasswordResult = {};
  if (isObject(raw)) oneTimeCodeFromWire(raw, out);
  return out;
}

/** One page of `GET /v2/users`. An absent, null or empty `metadata.page_key` means the last page. */
export function usersPageFromWire(raw: unknown, where: string): UsersPage {
  if (!isObject(raw)) unexpected(where, "the body is not a list of users");
  if (raw.users !== undefined && raw.users !== null && !Array.isArray(raw.users)) unexpected(where, "`users` is not an array");
  const users = Array.isArray(raw.users) ? raw.users.map((u) => userFromWire(u, where)) : [];
  const pageKey = isObject(raw.metadata) ? str(raw.metadata.page_key) : undefined;
  return pageKey ? { users, pageKey } : { users };
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
