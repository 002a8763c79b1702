/**
 * VectaraUser's properties, one row each. check, diff, the create and update requests, the
 * outputs in state and the resource's declared outputs are all derived from this table.
 *
 * Adding a property: a row here, its field in VectaraUserArgs (resource.ts: the compiler
 * insists), and a test. An API field the client does not know yet also needs its place in
 * client/users/types.ts and client/users/wire.ts, the one place that knows the users API's
 * snake_case names.
 *
 * Columns (see framework/schema.ts): `default` (or `required`), `validate`, `change`
 * (replace / patch / none), `compare` (scalar / set / keyed-set), and
 * - `api`: the field of the client's User and requests this property maps to; none for an
 *   input the provider keeps to itself;
 * - `onCreate`: whether the POST carries it: always, or only when not empty; absent for
 *   properties the POST cannot set (`enabled` is PATCHed after the POST when the server's
 *   initial value differs);
 * - `fromApi`: the output from the server's value and the declared one, where it is not simply
 *   the server's value (or the default when the server leaves it out).
 */
import type { AgentRole, ApiRole, CorpusRole, User } from "../../client";
import { t, type InputValues, type PropertySpec, type Values } from "../../framework/schema";
import { usernameProblem } from "../../vectara/username";
import type { RoleKind } from "./roles";
import { booleanProblem, descriptionProblem, emailProblem, roleListProblems, usernameFromEmailProblem } from "./rules";

const roleList = (kind: RoleKind) => (value: unknown, property: string) => roleListProblems(value, property, kind);

/**
 * The server's spelling, unless it differs from the declared one only in case (a service that
 * lowercases emails must not turn every later preview into a replacement) or is empty (seen on
 * real creates).
 */
function asDeclared(server: string, declared: string): string {
  if (!server) return declared;
  return server.toLowerCase() === declared?.toLowerCase() ? declared : server;
}

export const USER_SCHEMA = {
  /** The `usr_…` id (also the resource id). */
  userId: { role: "output", type: t<string>(), api: "id", default: "" },
  /** The user's email. Changing it replaces the user (delete, then create). */
  email: {
    role: "input",
    type: t<string>(),
    required: true,
    validate: emailProblem,
    change: "replace",
    compare: "scalar",
    api: "email",
    onCreate: "always",
    fromApi: asDeclared,
  },
  /** Login name; defaults to `email`. Changing it replaces the user (delete, then create). */
  username: {
    role: "input",
    type: t<string>(),
    default: { copyOf: "email", problem: usernameFromEmailProblem },
    validate: usernameProblem,
    change: "replace",
    compare: "scalar",
    api: "username",
    onCreate: "always",
    fromApi: asDeclared,
  },
  /** Free text. Updated in place. */
  description: {
    role: "input",
    type: t<string>(),
    default: "",
    validate: descriptionProblem,
    change: "patch",
    compare: "scalar",
    api: "description",
    onCreate: "unless-empty",
  },
  /** Account-wide roles. Compared as a set; updated in place. */
  apiRoles: {
    role: "input",
    type: t<ApiRole[]>(),
    default: [],
    validate: roleList("api"),
    change: "patch",
    compare: "set",
    api: "apiRoles",
    onCreate: "always",
  },
  /** Roles on individual corpora. Compared as a set of (corpusKey, role) pairs; updated in place. */
  corpusRoles: {
    role: "input",
    type: t<CorpusRole[]>(),
    default: [],
    validate: roleList("corpus"),
    change: "patch",
    compare: "keyed-set",
    identity: { key: "corpusKey", wireKey: "corpus_key", value: "role" },
    api: "corpusRoles",
    onCreate: "always",
  },
  /** Roles on individual agents. Compared as a set of (agentKey, role) pairs; updated in place. */
  agentRoles: {
    role: "input",
    type: t<AgentRole[]>(),
    default: [],
    validate: roleList("agent"),
    change: "patch",
    compare: "keyed-set",
    identity: { key: "agentKey", wireKey: "agent_key", value: "role" },
    api: "agentRoles",
    onCreate: "always",
  },
  /** Whether the user can sign in. Updated in place. */
  enabled: {
    role: "input",
    type: t<boolean>(),
    default: true,
    validate: booleanProblem,
    change: "patch",
    compare: "scalar",
    api: "enabled",
  },
  /** Take over a user that already exists instead of failing with 409. Only matters at create. */
  adoptExisting: {
    role: "input",
    type: t<boolean>(),
    default: false,
    validate: booleanProblem,
    change: "none",
    compare: "scalar",
  },
  /** When Vectara created the user (ISO 8601). */
  createdAt: { role: "output", type: t<string>(), api: "createdAt", default: "" },
  /** When Vectara last changed the user (ISO 8601). */
  updatedAt: { role: "output", type: t<string>(), api: "updatedAt", default: "" },
} as const satisfies Record<string, PropertySpec<User>>;

/** VectaraUser inputs after check applied the defaults. */
export type UserInputs = InputValues<typeof USER_SCHEMA>;
/** What state holds for a VectaraUser (plus the `__provider` stub the SDK adds). */
export type UserOutputs = Values<typeof USER_SCHEMA>;
