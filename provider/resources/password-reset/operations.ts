/**
 * create / read / delete of PasswordReset, through the client they are given. A reset is an
 * event: create sends one email, read and delete send nothing.
 */
import { isNotFound, type UsersClient } from "../../client";
import type { Operations } from "../../framework/partial-failure";
import { withoutUndefined } from "../../framework/values";
import { holderOf } from "../../vectara/ownership";
import { noSuchUser, notTheUser } from "./messages";
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
      const missing = () => noSuchUser(inputs.username);
      if (inputs.userId) {
        const holder = await holderOf(api, inputs.username, { id: inputs.userId });
        if (holder.kind === "none") throw missing();
        if (holder.kind === "other") throw notTheUser(inputs.username, holder.user.id, inputs.userId);
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
