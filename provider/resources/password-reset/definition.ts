/**
 * PasswordReset as its provider runs it: the table's check (less the options at their default), diff with rotation (diff.ts), and
 * the operations on the users API's client of the host's connection.
 */
import { UsersClient } from "../../client";
import { checkInputs, withoutDefaults } from "../../framework/check";
import type { VectaraResourceDefinition } from "../../vectara/provider";
import { diffReset } from "./diff";
import { passwordResetOperations } from "./operations";
import { RESET_SCHEMA } from "./schema";

/**
 * Options state need not hold when at their default (most resets have neither): check leaves
 * them out of the inputs, create puts them back, so the outputs still hold every property.
 */
const OMITTED_AT_DEFAULT = ["triggers", "rotateAfterDays"] as const;

export const passwordResetDefinition: VectaraResourceDefinition = {
  schema: RESET_SCHEMA,
  check: (_olds, news) => {
    const checked = checkInputs(RESET_SCHEMA, news);
    return checked.failures.length ? checked : { ...checked, inputs: withoutDefaults(RESET_SCHEMA, checked.inputs, OMITTED_AT_DEFAULT) };
  },
  diff: (_id, olds, news) => diffReset(olds, news),
  operations: ({ client }) => passwordResetOperations(() => client(UsersClient)),
};
