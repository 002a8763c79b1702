/**
 * The app clients API in TypeScript terms (camelCase). `wire.ts` is the only place that maps
 * these to and from Vectara's snake_case JSON.
 */
import type { ListBounds } from "../pagination";
import type { ApiPolicy } from "../api-policy";

/**
 * Every `ApiRole` the access spec allows an app client. Fewer than a user's (`API_ROLES`): the
 * access subset lists these 8, without `viewer`, `corpus_viewer`, `agent_user` or the pipeline roles.
 */
export const APP_CLIENT_API_ROLES = [
  "owner",
  "administrator",
  "billing_administrator",
  "corpus_administrator",
  "corpus_developer",
  "agent_administrator",
  "agent_viewer",
  "agent_developer",
] as const;
export type AppClientApiRole = (typeof APP_CLIENT_API_ROLES)[number];

/** The only kind of app client the API creates. */
export const APP_CLIENT_TYPE = "client_credentials";

/** An OAuth app client as the API returns it. Unknown fields from the server are dropped. */
export interface AppClient {
  /** `app_…`: the id the API addresses it by (not used in the OAuth flow). */
  id: string;
  /** Not unique: two app clients may share a name. */
  name: string;
  description?: string;
  /** The OAuth client id the token endpoint takes. */
  clientId: string;
  /**
   * A secret. In the answer to create; get and list leave it out on Vectara as documented (an
   * API that shows it on read fills it there too).
   */
  clientSecret?: string;
  apiRoles: AppClientApiRole[];
  /** What the roles allow, when the API says. */
  apiPolicy?: ApiPolicy;
}

/** The answer to create: the app client with its client secret (shown this once). */
export interface CreatedAppClient extends AppClient {
  clientSecret: string;
}

/** Always a `client_credentials` app client (the API's only type). */
export interface CreateAppClientRequest {
  name: string;
  description?: string;
  apiRoles?: AppClientApiRole[];
}

/** Omitted fields stay as they are; `apiRoles` given replaces the old list. The name cannot change. */
export interface UpdateAppClientRequest {
  description?: string;
  apiRoles?: AppClientApiRole[];
}

/** What every page of a listing asks for. */
export interface AppClientsQuery {
  /** Page size, 1..100 (the API's default is 10). */
  limit?: number;
  /** A regular expression (the server's): only app clients whose name contains a match. */
  filter?: string;
}

export interface ListAppClientsOptions extends AppClientsQuery, ListBounds {}

export interface AppClientsPageOptions extends AppClientsQuery {
  /** `metadata.page_key` of the previous page; omit for the first page. */
  pageKey?: string;
}

export interface AppClientsPage {
  appClients: AppClient[];
  /** Absent on the last page. */
  pageKey?: string;
}
