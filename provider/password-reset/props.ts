/** PasswordReset inputs after `check`. */
export interface ResetInputs {
  /** Whose password to reset. */
  username: string;
  /** The user's `usr_…` id: a recreated user has a new id, so it gets a new reset. "" when unknown to the program. */
  userId: string;
  /** Any values; a change to any of them sends a new reset. */
  triggers: Record<string, unknown>;
  /** Send a new reset on the first `up` once the last one is this many days old. 0 = never. */
  rotateAfterDays: number;
}

/** What state holds for a PasswordReset. */
export interface ResetOutputs extends ResetInputs {
  /** When the reset was sent (ISO 8601). */
  resetAt: string;
  /** Secret. Present only where the deployment returns it. */
  oneTimeCode?: string;
  /** Secret. Present only where the deployment returns it. */
  oneTimeCodeLink?: string;
}

/** Outputs that hold a secret: the resource marks them with `additionalSecretOutputs`. */
export const RESET_SECRET_OUTPUTS = ["oneTimeCode", "oneTimeCodeLink"] as const;
