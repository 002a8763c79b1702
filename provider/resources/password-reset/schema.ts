/**
 * PasswordReset's properties, one row each; check, diff and the declared and secret outputs
 * are derived from this table (see ../user/schema.ts for the columns). A reset is an action:
 * every input change replaces it, and the replacement is what sends the next email.
 */
import { t, type InputValues, type Values } from "../../framework/schema";
import { resetUsernameProblem, rotateAfterDaysProblem, triggersProblem, userIdProblem } from "./rules";

export const RESET_SCHEMA = {
  /** Whose password to reset. */
  username: { role: "input", type: t<string>(), required: true, validate: resetUsernameProblem, change: "replace", compare: "scalar" },
  /** The user's `usr_…` id: a recreated user has a new id, so it gets a new reset. "" when unknown to the program. */
  userId: { role: "input", type: t<string>(), default: "", validate: userIdProblem, change: "replace", compare: "scalar" },
  /** Any values; a change to any of them sends a new reset. */
  triggers: {
    role: "input",
    type: t<Record<string, unknown>>(),
    default: {},
    validate: triggersProblem,
    change: "replace",
    compare: "value",
  },
  /** Send a new reset on the first `up` once the last one is this many days old. 0 = never. */
  rotateAfterDays: { role: "input", type: t<number>(), default: 0, validate: rotateAfterDaysProblem, change: "replace", compare: "scalar" },
  /** When the reset was sent (ISO 8601). */
  resetAt: { role: "output", type: t<string>(), default: "" },
  /** Present only where the deployment returns it. */
  oneTimeCode: { role: "output", type: t<string | undefined>(), default: undefined, secret: true },
  /** Present only where the deployment returns it. */
  oneTimeCodeLink: { role: "output", type: t<string | undefined>(), default: undefined, secret: true },
} as const;

/** PasswordReset inputs after check. */
export type ResetInputs = InputValues<typeof RESET_SCHEMA>;
/** What state holds for a PasswordReset. */
export type ResetOutputs = Values<typeof RESET_SCHEMA>;
