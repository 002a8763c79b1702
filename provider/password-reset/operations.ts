import { isNotFound, type UsersClient } from "../client";
import type { Operations } from "../runtime/provider";
import { withoutUndefined } from "../runtime/values";
import type { ResetInputs, ResetOutputs } from "./schema";

/** PasswordReset's operations, each API call made with `client()`. */
export function passwordResetOperations(client: () => UsersClient): Operations {
  return {
    /** Sends exactly one reset email. */
    async create(inputs: ResetInputs) {
      let result;
      try {
        result = await client().resetPassword(inputs.username);
      } catch (e) {
        if (isNotFound(e)) {
          throw new Error(`Cannot send a password reset: Vectara user "${inputs.username}" does not exist.`);
        }
        throw e;
      }
      const resetAt = new Date().toISOString();
      const outs: ResetOutputs = { ...inputs, resetAt, oneTimeCode: result.oneTimeCode, oneTimeCodeLink: result.oneTimeCodeLink };
      return { id: `reset-${resetAt}`, outs: withoutUndefined(outs) };
    },
    /** There is nothing to read back: a reset is an event, not an object. */
    async read(id, props) {
      return { id, props };
    },
    /** A sent email cannot be unsent: deleting the resource only forgets it. */
    async delete() {},
  };
}
