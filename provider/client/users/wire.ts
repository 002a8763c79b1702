/**
 * The users API's snake_case JSON <-> camelCase (types.ts). The only file that knows both for
 * users. Going out: never sends an `undefined` key. Coming in: keeps only the fields types.ts
 * knows (unknown server fields are dropped), and absent role arrays become `[]`.
 */
import { VectaraError } from "../errors";
import { isObject, listPageFromWire, str, unexpected, type Json } from "../wire";
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
  const { items: users, ...key } = listPageFromWire(raw, where, "users", "users", (u) => userFromWire(u, where));
  return { users, ...key };
}
