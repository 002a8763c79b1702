/**
 * `check` of VectaraUser, derived from the table in schema.ts: the defaults, one failure per
 * problem on the property as named in the TypeScript surface (`email`, `apiRoles`, …) so the
 * engine can show its value, in table order (a list's bad elements each get their own, naming
 * the element: `"x" at apiRoles[1] …`); role lists without repetitions; a failure for each key
 * that is no input, with the input it most likely meant.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import { checkInputs, type Checked } from "../../framework/check";
import { inputKeys } from "../../framework/schema";
import { isUnknown } from "../../framework/values";
import { USER_SCHEMA } from "./schema";
import { DUPLICATE_INPUT } from "./uniqueness";

/** The inputs of a VectaraUser, in the order failures are reported. */
export const USER_INPUT_KEYS: readonly string[] = inputKeys(USER_SCHEMA);

export function checkUser(_olds: Record<string, unknown>, news: Record<string, unknown>): Checked {
  const { [DUPLICATE_INPUT]: duplicate, ...inputs } = news;
  const checked = checkInputs(USER_SCHEMA, inputs);
  // Another resource of the program declares the same user (declarations.ts): a failure of the
  // resource itself, not of one property (the engine prints "resource 'x' has a problem: …").
  if (typeof duplicate === "string" && !isUnknown(duplicate)) checked.failures.unshift({ property: "", reason: duplicate });
  return checked;
}
