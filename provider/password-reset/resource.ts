import * as pulumi from "@pulumi/pulumi";
import { RESET_SECRET_OUTPUTS } from "./props";
import { resetProvider } from "./provider";

/** The inputs of a {@link PasswordReset}. Every one of them forces replacement, i.e. a new reset. */
export interface PasswordResetArgs {
  /** Whose password to reset. */
  username: pulumi.Input<string>;
  /** The user's `usr_…` id; pass `user.userId` so a recreated user gets a new reset. */
  userId?: pulumi.Input<string>;
  /** Arbitrary values; changing any of them sends a new reset (like `random`'s `keepers`). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
  /** Send a new reset on the first `pulumi up` once the last one is this many days old. */
  rotateAfterDays?: pulumi.Input<number>;
}

/**
 * One password-reset email, sent when the resource is created. Any input change, or a
 * `rotateAfterDays` period that has passed, replaces it, which sends the next one. Deleting it
 * sends nothing. `oneTimeCode` and `oneTimeCodeLink` are secret outputs.
 */
export class PasswordReset extends pulumi.dynamic.Resource {
  declare readonly username: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  declare readonly triggers: pulumi.Output<Record<string, unknown>>;
  declare readonly rotateAfterDays: pulumi.Output<number>;
  /** When the last reset was sent (ISO 8601). */
  declare readonly resetAt: pulumi.Output<string>;
  /** Secret; only where the deployment returns it. */
  declare readonly oneTimeCode: pulumi.Output<string | undefined>;
  /** Secret; only where the deployment returns it. */
  declare readonly oneTimeCodeLink: pulumi.Output<string | undefined>;

  constructor(name: string, args: PasswordResetArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { resetAt: undefined, oneTimeCode: undefined, oneTimeCodeLink: undefined, userId: undefined, triggers: undefined, rotateAfterDays: undefined };
    const secret = [...(opts?.additionalSecretOutputs ?? []), ...RESET_SECRET_OUTPUTS];
    super(resetProvider, name, { ...outputs, ...args }, { ...opts, additionalSecretOutputs: secret }, "vectara", "PasswordReset");
  }
}
