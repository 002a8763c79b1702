/**
 * Validators of the PasswordReset inputs: each returns a reason quoting the bad value and saying
 * what is valid (the engine names the property), or undefined. Pure; the preview's unknown values always pass.
 */
import { describeValue, isPlainObject, isUnknown } from "../../framework/values";
import { usernameProblem } from "../../vectara/username";

export function resetUsernameProblem(value: unknown): string | undefined {
  return value === undefined || value === null ? "required: the username of the user whose password to reset" : usernameProblem(value);
}

export function userIdProblem(value: unknown): string | undefined {
  if (isUnknown(value) || (typeof value === "string" && (value === "" || value.startsWith("usr_")))) return undefined;
  return `${describeValue(value)} is not a Vectara user id; pass a VectaraUser's \`userId\` (usr_…) or leave it out`;
}

export function triggersProblem(value: unknown): string | undefined {
  if (isUnknown(value) || isPlainObject(value)) return undefined;
  return `${describeValue(value)} is not a map; pass an object whose values, when changed, send a new reset`;
}

export function rotateAfterDaysProblem(value: unknown): string | undefined {
  if (isUnknown(value) || (typeof value === "number" && Number.isFinite(value) && value >= 0)) return undefined;
  return `${describeValue(value)} is not a number of days; use a positive number, or 0 / leave it out to never rotate`;
}
