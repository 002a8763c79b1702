/**
 * `check` of VectaraUser, derived from the table in schema.ts: the defaults, one failure per
 * problem on the property as named in the TypeScript surface (`email`, `apiRoles`, …) so the
 * engine can show its value, in table order (a list's bad elements each get their own, naming
 * the element: `"x" at apiRoles[1] …`); role lists without repetitions; a failure for each key
 * that is no input, with the input it most likely meant.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import { checkInputs, inputKeys, type Checked } from "../runtime/schema";
import { USER_SCHEMA } from "./schema";

/** The inputs of a VectaraUser, in the order failures are reported. */
export const USER_INPUT_KEYS: readonly string[] = inputKeys(USER_SCHEMA);

export function checkUser(_olds: Record<string, unknown>, news: Record<string, unknown>): Checked {
  return checkInputs(USER_SCHEMA, news);
}
