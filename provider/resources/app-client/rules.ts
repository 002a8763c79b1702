/**
 * Validators of the VectaraAppClient inputs: each returns a reason quoting the bad value and
 * saying what is valid (the engine names the property), or undefined. Pure; the preview's
 * unknown values always pass.
 */
import { APP_CLIENT_API_ROLES } from "../../client";
import { closestName } from "../../framework/spelling";
import { describeValue, isUnknown, LONE_SURROGATE, typeName, UNPAIRED_SURROGATE } from "../../framework/values";

/** The spec puts no limit on an app client's description; this one keeps it to a line of a form. */
export const DESCRIPTION_MAX_LENGTH = 1000;

/** Why `description` is not acceptable, or undefined (omitted and null are fine). */
export function appClientDescriptionProblem(value: unknown): string | undefined {
  if (isUnknown(value) || value === undefined || value === null) return undefined;
  if (typeof value !== "string") return `${describeValue(value)} is ${typeName(value)}, not a string; a description is any text`;
  if (value.length > DESCRIPTION_MAX_LENGTH) {
    return `${describeValue(value)} is ${value.length} characters long; a description is at most ${DESCRIPTION_MAX_LENGTH} characters`;
  }
  if (LONE_SURROGATE.test(value)) return `${describeValue(value)} ${UNPAIRED_SURROGATE}`;
  return undefined;
}

/** Every problem of `apiRoles`, one per bad element: the roles an app client can hold (the spec's ApiRole). */
export function appClientRolesProblems(value: unknown): string[] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  const valid = `one of ${APP_CLIENT_API_ROLES.join(", ")}`;
  if (!Array.isArray(value))
    return [`${describeValue(value)} is ${typeName(value)}, not a list; apiRoles is a list of role names, ${valid}`];
  return value.flatMap((role, i) => {
    if (isUnknown(role) || (APP_CLIENT_API_ROLES as readonly unknown[]).includes(role)) return [];
    const meant = typeof role === "string" ? closestName(role, APP_CLIENT_API_ROLES) : undefined;
    return [
      `${describeValue(role)} at apiRoles[${i}] is not an API role of an app client${meant ? ` (did you mean "${meant}"?)` : ""}; valid: ${valid}`,
    ];
  });
}
