/**
 * PasswordReset as its provider runs it: the table's check, diff with rotation (diff.ts), and
 * the operations on the users API's client of the host's connection.
 */
import { UsersClient } from "../../client";
import type { VectaraResourceDefinition } from "../../vectara/provider";
import { diffReset } from "./diff";
import { passwordResetOperations } from "./operations";
import { RESET_SCHEMA } from "./schema";

export const passwordResetDefinition: VectaraResourceDefinition = {
  schema: RESET_SCHEMA,
  // Most resets have neither: state's inputs leave them out at their default.
  leanInputs: ["triggers", "rotateAfterDays"],
  diff: (_id, olds, news) => diffReset(olds, news),
  operations: ({ client }) => passwordResetOperations(() => client(UsersClient)),
};
