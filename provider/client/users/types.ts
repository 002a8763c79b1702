/**
 * The users API in TypeScript terms (camelCase). `wire.ts` is the only place that maps these
 * to and from Vectara's snake_case JSON.
 */

/** Every `ApiRole` the official spec allows. */
export const API_ROLES = [
  "owner",
  "administrator",
  "billing_administrator",
  "corpus_administrator",
  "corpus_developer",
  "agent_administrator",
  "agent_viewer",
  "agent_developer",
  "agent_user",
  "pipeline_administrator",
  "pipeline_viewer",
  "viewer",
  "corpus_viewer",
] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** Roles a user can hold on one corpus (`CorpusRole.role`). */
export const CORPUS_ROLES = ["owner", "administrator", "viewer", "editor"] as const;
export type CorpusRoleName = (typeof CORPUS_ROLES)[number];

/** Roles a user can hold on one agent (`AgentRole.role`). */
export const AGENT_ROLES = ["agent_administrator", "agent_viewer", "agent_developer", "agent_user"] as const;
export type AgentRoleName = (typeof AGENT_ROLES)[number];

export interface CorpusRole {
  corpusKey: string;
  role: CorpusRoleName;
}

export interface AgentRole {
  agentKey: string;
  role: AgentRoleName;
}

/** A user as the API returns it. Unknown fields from the server are dropped. */
export interface User {
  /** `usr_…` */
  id: string;
  email: string;
  username: string;
  enabled?: boolean;
  description?: string;
  createdAt?: string;
  updatedAt?: string;
  apiRoles: ApiRole[];
  corpusRoles: CorpusRole[];
  agentRoles: AgentRole[];
}

export interface CreateUserRequest {
  email: string;
  username?: string;
  description?: string;
  apiRoles?: ApiRole[];
  corpusRoles?: CorpusRole[];
  agentRoles?: AgentRole[];
}

/** `POST /v2/users` answers the user plus, on some deployments, a one-time code (a secret). */
export interface CreatedUser extends User {
  oneTimeCode?: string;
  oneTimeCodeLink?: string;
}

/** Omitted fields stay as they are; an array sent replaces the old one. */
export interface UpdateUserRequest {
  enabled?: boolean;
  description?: string;
  apiRoles?: ApiRole[];
  corpusRoles?: CorpusRole[];
  agentRoles?: AgentRole[];
}

/** Filled only on some deployments; both are secrets. */
export interface ResetPasswordResult {
  oneTimeCode?: string;
  oneTimeCodeLink?: string;
}

/** What every page of a listing asks for. */
export interface ListQuery {
  /** Page size, 1..100 (the API's default is 10). */
  limit?: number;
  /** Only users with a role on this corpus. */
  corpusKey?: string;
}

export interface ListUsersOptions extends ListQuery {
  /**
   * Give up (UnexpectedResponseError) when the listing has not ended after this long, default
   * 600000 (10 minutes): a server that keeps handing out new page keys would never end it.
   */
  timeLimitMs?: number;
}

export interface ListPageOptions extends ListQuery {
  /** `metadata.page_key` of the previous page; omit for the first page. */
  pageKey?: string;
}

export interface UsersPage {
  users: User[];
  /** Absent on the last page. */
  pageKey?: string;
}
