/**
 * `check` of VectaraUser, derived from the table in schema.ts: the defaults, one failure per
 * bad property named as in the TypeScript surface (`email`, `apiRoles`, …) so the engine can
 * show its value, in table order; several bad elements of one list (and its duplicates) are
 * joined into that list's one reason, one line each starting with its path (`apiRoles[1]: …`).
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
