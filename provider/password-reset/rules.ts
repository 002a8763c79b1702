/**
 * Validators of the PasswordReset inputs: each returns a reason naming the property, the bad
 * value and what is valid, or undefined. Pure; the preview's unknown values always pass.
 */
import { describeValue, isPlainObject, isUnknown } from "../runtime/values";
import { usernameProblem } from "../runtime/username";

export function resetUsernameProblem(value: unknown, property: string): string | undefined {
  return value === undefined ? `${property}: required; the user whose password to reset` : usernameProblem(value, property);
}

export function userIdProblem(value: unknown, property: string): string | undefined {
  if (isUnknown(value) || (typeof value === "string" && (value === "" || value.startsWith("usr_")))) return undefined;
  return `${property}: ${describeValue(value)} is not a Vectara user id; pass a VectaraUser's \`userId\` (usr_…) or leave it out`;
}

export function triggersProblem(value: unknown, property: string): string | undefined {
  if (isUnknown(value) || isPlainObject(value)) return undefined;
  return `${property}: ${describeValue(value)} is not a map; pass an object whose values, when changed, send a new reset`;
}

export function rotateAfterDaysProblem(value: unknown, property: string): string | undefined {
  if (isUnknown(value) || (typeof value === "number" && Number.isFinite(value) && value >= 0)) return undefined;
  return `${property}: ${describeValue(value)} is not a number of days; use a positive number, or 0 / leave it out to never rotate`;
}
