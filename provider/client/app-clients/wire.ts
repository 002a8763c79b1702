/**
 * The app clients API's snake_case JSON <-> camelCase (types.ts). The only file that knows both
 * for app clients. Going out: never sends an `undefined` key. Coming in: keeps only the fields
 * types.ts knows, and an absent `api_roles` becomes `[]`.
 */
import { VectaraError } from "../errors";
import { apiPolicyFromWire, isObject, listPageFromWire, str, unexpected, type Json } from "../wire";
import {
  APP_CLIENT_TYPE,
  type AppClient,
  type AppClientApiRole,
  type AppClientsPage,
  type AppClientsPageOptions,
  type CreateAppClientRequest,
  type CreatedAppClient,
  type UpdateAppClientRequest,
} from "./types";

function rolesToWire(roles: readonly AppClientApiRole[] | undefined): string[] | undefined {
  if (roles === undefined) return undefined;
  if (!Array.isArray(roles)) throw new VectaraError("apiRoles must be an array.");
  return [...roles];
}

/** Body of `POST /v2/app_clients`: always `type: client_credentials`. */
export function createAppClientToWire(req: CreateAppClientRequest): Json {
  const out: Json = { type: APP_CLIENT_TYPE, name: req.name };
  if (req.description !== undefined) out.description = req.description;
  const roles = rolesToWire(req.apiRoles);
  if (roles) out.api_roles = roles;
  return out;
}

/** Body of `PATCH /v2/app_clients/{id}`: only the fields given. */
export function updateAppClientToWire(req: UpdateAppClientRequest): Json {
  const out: Json = {};
  if (req.description !== undefined) out.description = req.description;
  const roles = rolesToWire(req.apiRoles);
  if (roles) out.api_roles = roles;
  return out;
}

/** Query of `GET /v2/app_clients` ("" when empty). */
export function appClientsQueryToWire(options: AppClientsPageOptions): string {
  const q = new URLSearchParams();
  if (options.limit !== undefined) q.set("limit", String(options.limit));
  if (options.filter !== undefined) q.set("filter", options.filter);
  if (options.pageKey !== undefined) q.set("page_key", options.pageKey);
  return q.toString();
}

/** An `AppClient` from its JSON; `where` names the call in the error for a body that is not one. */
export function appClientFromWire(raw: unknown, where: string): AppClient {
  if (!isObject(raw)) unexpected(where, "the body is not an app client object");
  const id = str(raw.id);
  if (!id) unexpected(where, "the app client has no id");
  const client: AppClient = {
    id,
    name: str(raw.name) ?? "",
    clientId: str(raw.client_id) ?? "",
    apiRoles: Array.isArray(raw.api_roles) ? (raw.api_roles.filter((r) => typeof r === "string") as AppClientApiRole[]) : [],
  };
  const description = str(raw.description);
  if (description !== undefined) client.description = description;
  const secret = str(raw.client_secret);
  if (secret) client.clientSecret = secret;
  const policy = apiPolicyFromWire(raw.api_policy);
  if (policy) client.apiPolicy = policy;
  return client;
}

/**
 * The 201 answer of `POST /v2/app_clients`. One without a client secret (or client id) cannot be
 * used: the error names the id it was created with, for the caller to delete it.
 */
export function createdAppClientFromWire(raw: unknown, where: string): CreatedAppClient {
  const client = appClientFromWire(raw, where);
  if (!client.clientSecret || !client.clientId) {
    unexpected(
      where,
      `app client ${client.id} was created, but the answer has no ${client.clientId ? "client_secret" : "client_id"}; delete it and create it again`,
    );
  }
  return client as CreatedAppClient;
}

/** One page of `GET /v2/app_clients`. An absent, null or empty `metadata.page_key` means the last page. */
export function appClientsPageFromWire(raw: unknown, where: string): AppClientsPage {
  const { items: appClients, ...key } = listPageFromWire(raw, where, "app_clients", "app clients", (c) => appClientFromWire(c, where));
  return { appClients, ...key };
}
