/**
 * `check` of the VectaraUser dynamic resource: applies the defaults and validates the inputs.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 *
 * - One failure per bad property, named as in the TypeScript surface (`email`, `apiRoles`, …):
 *   the engine prints `property <name> value {<inputs[name]>} has a problem: <reason>`, so a
 *   top-level name also lets it show the value. Several bad elements of one list (and its
 *   duplicates) are joined into that list's one reason, one line each, each line starting with
 *   its path (`apiRoles[1]: …`).
 * - Unknown values (preview) pass untouched and are never defaulted away.
 * - Keys other than the inputs (`__provider`, anything the SDK adds) pass through untouched.
 * - The result never holds `undefined` (the host cannot encode it): such keys are dropped.
 * - `null` for an optional input means "not set": it gets the default.
 */
import { withoutUndefined } from "../runtime/results";
import { UNKNOWN } from "./props";
import {
  booleanProblem,
  descriptionProblem,
  emailProblem,
  isUnknown,
  LIMITS,
  roleListProblems,
  usernameProblem,
  USERNAME_RULE,
} from "./rules";

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** The inputs of a VectaraUser, in the order failures are reported. */
export const USER_INPUT_KEYS = [
  "email",
  "username",
  "description",
  "apiRoles",
  "corpusRoles",
  "agentRoles",
  "enabled",
  "adoptExisting",
] as const;

/** Defaults of the optional inputs other than `username` (which defaults to `email`). */
export const USER_DEFAULTS = Object.freeze({
  description: "",
  apiRoles: Object.freeze([]) as readonly never[],
  corpusRoles: Object.freeze([]) as readonly never[],
  agentRoles: Object.freeze([]) as readonly never[],
  enabled: true,
  adoptExisting: false,
} as const);

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function checkUser(_olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult {
  const source: Record<string, unknown> =
    news !== null && typeof news === "object" && !Array.isArray(news) ? news : {};
  const inputs = (withoutUndefined(source) ?? {}) as Record<string, unknown>;
  const failures: CheckFailure[] = [];
  const fail = (property: string, reasons: string | string[] | undefined) => {
    const list = reasons === undefined ? [] : Array.isArray(reasons) ? reasons : [reasons];
    if (list.length > 0) failures.push({ property, reason: list.join("\n") });
  };

  // email (required)
  const email = inputs.email;
  const emailReason = emailProblem(email);
  fail("email", emailReason);

  // username (defaults to email)
  if (given(inputs.username)) {
    fail("username", usernameProblem(inputs.username));
  } else if (isUnknown(email)) {
    inputs.username = UNKNOWN;
  } else if (typeof email === "string") {
    inputs.username = email;
    // The email passed, but it may still not make a valid username (it is longer than 128
    // characters, or has a dot segment): say so on `username`, where the fix goes.
    if (emailReason === undefined) {
      const derived = usernameProblem(email, "username");
      if (derived !== undefined) {
        fail(
          "username",
          `username: not set, so it defaults to the email ${JSON.stringify(email.length > 60 ? `${email.slice(0, 40)}…` : email)}` +
            `${email.length > LIMITS.usernameMaxLength ? ` (${email.length} characters)` : ""}, which is not a valid username; ` +
            `set username explicitly: ${USERNAME_RULE}`,
        );
      }
    }
  } else {
    // email is missing or of the wrong type (already a failure): no username to derive.
    delete inputs.username;
  }

  // description
  if (given(inputs.description)) fail("description", descriptionProblem(inputs.description));
  else inputs.description = USER_DEFAULTS.description;

  // role lists
  for (const [property, kind] of [
    ["apiRoles", "api"],
    ["corpusRoles", "corpus"],
    ["agentRoles", "agent"],
  ] as const) {
    if (given(inputs[property])) fail(property, roleListProblems(inputs[property], property, kind));
    else inputs[property] = []; // a fresh list each time: callers may mutate the result
  }

  // booleans
  for (const property of ["enabled", "adoptExisting"] as const) {
    if (given(inputs[property])) fail(property, booleanProblem(inputs[property], property));
    else inputs[property] = USER_DEFAULTS[property];
  }

  return { inputs, failures };
}
