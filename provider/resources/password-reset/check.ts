import { checkInputs, type Checked } from "../../framework/schema";
import { RESET_SCHEMA } from "./schema";

/** Defaults and validation of PasswordReset inputs, from the table in schema.ts. Pure: no API call. */
export function checkReset(_olds: Record<string, unknown>, news: Record<string, unknown>): Checked {
  return checkInputs(RESET_SCHEMA, news);
}
