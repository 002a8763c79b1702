/** Which route a request addresses, and the reply each route gives (after auth, for the API routes). */
import type { ApiKeyRoutes } from "./api-key-routes";
import type { AppClientRoutes } from "./app-client-routes";
import type { Auth } from "./auth";
import type { RouteName } from "./contract";
import type { Ctx } from "./request";
import { badRequest, errorBody, type Reply } from "./responses";
import type { UserRoutes } from "./user-routes";

export const WRITE_ROUTES: ReadonlySet<string> = new Set([
  "createUser",
  "updateUser",
  "deleteUser",
  "resetPassword",
  "createAppClient",
  "updateAppClient",
  "deleteAppClient",
  "createApiKey",
  "updateApiKey",
  "deleteApiKey",
]);

/** The path parameter of a route, by the spec's name for it. */
export type PathParam = "username" | "app_client_id" | "api_key_id";

/** Each path: its pattern (one capture: the path parameter), the parameter's name, and its routes by method. */
const PATHS: { pattern: RegExp; param?: PathParam; methods: Partial<Record<string, RouteName>> }[] = [
  { pattern: /^\/oauth2?\/token$/, methods: { POST: "token" } },
  { pattern: /^\/v2\/users$/, methods: { GET: "listUsers", POST: "createUser" } },
  { pattern: /^\/v2\/users\/([^/]+)$/, param: "username", methods: { GET: "getUser", PATCH: "updateUser", DELETE: "deleteUser" } },
  { pattern: /^\/v2\/users\/([^/]+)\/reset_password$/, param: "username", methods: { POST: "resetPassword" } },
  { pattern: /^\/v2\/app_clients$/, methods: { GET: "listAppClients", POST: "createAppClient" } },
  {
    pattern: /^\/v2\/app_clients\/([^/]+)$/,
    param: "app_client_id",
    methods: { GET: "getAppClient", PATCH: "updateAppClient", DELETE: "deleteAppClient" },
  },
  { pattern: /^\/v2\/api_keys$/, methods: { GET: "listApiKeys", POST: "createApiKey" } },
  {
    pattern: /^\/v2\/api_keys\/([^/]+)$/,
    param: "api_key_id",
    methods: { GET: "getApiKey", PATCH: "updateApiKey", DELETE: "deleteApiKey" },
  },
];

export interface RouteMatch {
  route: RouteName | "unknown";
  /** The path parameter, still percent-encoded. */
  param?: { name: PathParam; raw: string };
  /** The methods the path takes, when it is known but the method is not. */
  allow?: string[];
}

/** Which route a method and raw path address. */
export function matchRoute(method: string, rawPath: string): RouteMatch {
  for (const { pattern, param, methods } of PATHS) {
    const m = pattern.exec(rawPath);
    if (!m) continue;
    const route = methods[method];
    const p = param ? { param: { name: param, raw: m[1] } } : {};
    return route ? { route, ...p } : { route: "unknown", ...p, allow: Object.keys(methods) };
  }
  return { route: "unknown" };
}

/** The handlers of each API. */
export interface Handlers {
  users: UserRoutes;
  appClients: AppClientRoutes;
  apiKeys: ApiKeyRoutes;
}

const HANDLERS: Record<Exclude<RouteName, "token">, (h: Handlers, ctx: Ctx) => Reply> = {
  listUsers: (h, ctx) => h.users.listUsers(ctx),
  createUser: (h, ctx) => h.users.createUser(ctx),
  getUser: (h, ctx) => h.users.getUser(ctx),
  updateUser: (h, ctx) => h.users.updateUser(ctx),
  deleteUser: (h, ctx) => h.users.deleteUser(ctx),
  resetPassword: (h, ctx) => h.users.resetPassword(ctx),
  listAppClients: (h, ctx) => h.appClients.listAppClients(ctx),
  createAppClient: (h, ctx) => h.appClients.createAppClient(ctx),
  getAppClient: (h, ctx) => h.appClients.getAppClient(ctx),
  updateAppClient: (h, ctx) => h.appClients.updateAppClient(ctx),
  deleteAppClient: (h, ctx) => h.appClients.deleteAppClient(ctx),
  listApiKeys: (h, ctx) => h.apiKeys.listApiKeys(ctx),
  createApiKey: (h, ctx) => h.apiKeys.createApiKey(ctx),
  getApiKey: (h, ctx) => h.apiKeys.getApiKey(ctx),
  updateApiKey: (h, ctx) => h.apiKeys.updateApiKey(ctx),
  deleteApiKey: (h, ctx) => h.apiKeys.deleteApiKey(ctx),
};

export function dispatch(ctx: Ctx, route: RouteName | "unknown", auth: Auth, handlers: Handlers): Reply {
  const { entry } = ctx;
  if (route === "unknown") {
    if (ctx.allow) {
      return {
        status: 405,
        headers: { allow: ctx.allow.join(", ") },
        body: errorBody(ctx, `Method ${entry.method} not allowed on ${entry.path}.`),
      };
    }
    return { status: 404, body: errorBody(ctx, `No such endpoint: ${entry.method} ${entry.path}.`) };
  }
  if (route === "token") return auth.token(ctx);

  const denied = auth.authorize(ctx, route);
  if (denied) return denied;
  if (ctx.badEncoding) {
    const name = ctx.badEncoding;
    return badRequest(ctx, `The ${name} in the path is not valid percent-encoding.`, { [name]: "invalid percent-encoding" });
  }
  return HANDLERS[route](handlers, ctx);
}
