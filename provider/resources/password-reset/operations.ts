import { isNotFound, type UsersClient } from "../../client";
import { holderOf } from "../../vectara/ownership";
import type { Operations } from "../../framework/provider";
import { withoutUndefined } from "../../framework/values";
import type { ResetInputs, ResetOutputs } from "./schema";

/** PasswordReset's operations, each API call made with `client()`. */
export function passwordResetOperations(client: () => UsersClient): Operations {
  return {
    /**
     * Sends exactly one reset email. Given the user's id (a VectaraUser's `userId`), first makes
     * sure the username still names that user: never a reset to whoever took the name over.
     */
    async create(inputs: ResetInputs) {
      const api = client();
      const missing = () => new Error(`Cannot send a password reset: Vectara user "${inputs.username}" does not exist.`);
      if (inputs.userId) {
        const holder = await holderOf(api, inputs.username, { id: inputs.userId });
        if (holder.kind === "none") throw missing();
        if (holder.kind === "other") {
          throw new Error(
            `Cannot send a password reset: Vectara user "${inputs.username}" is now ${holder.user.id}, not ${inputs.userId}, the VectaraUser this reset belongs to (it was deleted outside Pulumi and its username given to another user). No email was sent. Run \`pulumi refresh\` so the stack sees the change.`,
          );
        }
      }
      let result;
      try {
        result = await api.resetPassword(inputs.username);
      } catch (e) {
        if (isNotFound(e)) throw missing();
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
