/** Which route a request addresses, and the reply each route gives (after auth, for the users API). */
import type { Auth } from "./auth";
import type { RouteName } from "./faults";
import type { Ctx } from "./request";
import { badRequest, errorBody, type Reply } from "./responses";
import type { UserRoutes } from "./user-routes";

export const WRITE_ROUTES: ReadonlySet<string> = new Set(["createUser", "updateUser", "deleteUser", "resetPassword"]);

/** Which route a method and raw path address. */
export function matchRoute(method: string, rawPath: string): { route: RouteName | "unknown"; rawUsername?: string; allow?: string[] } {
  const pick = (table: Partial<Record<string, RouteName>>, rawUsername?: string) => {
    const route = table[method];
    return route ? { route, rawUsername } : { route: "unknown" as const, rawUsername, allow: Object.keys(table) };
  };
  if (rawPath === "/oauth2/token" || rawPath === "/oauth/token") return pick({ POST: "token" });
  if (rawPath === "/v2/users") return pick({ GET: "listUsers", POST: "createUser" });
  let m = /^\/v2\/users\/([^/]+)$/.exec(rawPath);
  if (m) return pick({ GET: "getUser", PATCH: "updateUser", DELETE: "deleteUser" }, m[1]);
  m = /^\/v2\/users\/([^/]+)\/reset_password$/.exec(rawPath);
  if (m) return pick({ POST: "resetPassword" }, m[1]);
  return { route: "unknown" };
}

export function dispatch(ctx: Ctx, route: RouteName | "unknown", auth: Auth, users: UserRoutes): Reply {
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
    return badRequest(ctx, "The username in the path is not valid percent-encoding.", { username: "invalid percent-encoding" });
  }
  switch (route) {
    case "listUsers":
      return users.listUsers(ctx);
    case "createUser":
      return users.createUser(ctx);
    case "getUser":
      return users.getUser(ctx);
    case "updateUser":
      return users.updateUser(ctx);
    case "deleteUser":
      return users.deleteUser(ctx);
    case "resetPassword":
      return users.resetPassword(ctx);
  }
}
