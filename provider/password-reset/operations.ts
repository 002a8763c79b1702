import { isNotFound } from "../client";
import { connectedProvider, usersClient } from "../runtime/connection";
import { withoutUndefined } from "../runtime/results";
import { checkReset } from "./check";
import { diffReset } from "./diff";
import type { ResetInputs, ResetOutputs } from "./props";

/** The PasswordReset provider that runs inside the provider host (loaded by `provider.ts`). */
export const provider = connectedProvider({
  check: async (olds, news) => checkReset(olds, news),
  diff: async (_id, olds, news) => diffReset(olds, news),
  /** Sends exactly one reset email. */
  async create(inputs: ResetInputs) {
    let result;
    try {
      result = await usersClient().resetPassword(inputs.username);
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
});
