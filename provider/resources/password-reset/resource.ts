import * as pulumi from "@pulumi/pulumi";
import { registered } from "../../framework/resource";
import type { AssertTrue, Declared, SameKeys } from "../../framework/schema";
import { REGISTRY } from "../registry";
import type { ResetInputs, ResetOutputs } from "./schema";

/** The inputs of a {@link PasswordReset}. Every one of them forces replacement, i.e. a new reset. */
export interface PasswordResetArgs {
  /** Whose password to reset. */
  username: pulumi.Input<string>;
  /** The user's `usr_…` id; pass `user.userId` so a recreated user gets a new reset. */
  userId?: pulumi.Input<string | undefined>;
  /** Arbitrary values; changing any of them sends a new reset (like `random`'s `keepers`). */
  triggers?: pulumi.Input<Record<string, pulumi.Input<unknown>> | undefined>;
  /** Send a new reset on the first `pulumi up` once the last one is this many days old. */
  rotateAfterDays?: pulumi.Input<number | undefined>;
}

/** Compile-time check: PasswordResetArgs declares exactly the inputs of the table in schema.ts. */
export type PasswordResetArgsMatchSchema = AssertTrue<SameKeys<PasswordResetArgs, ResetInputs>>;

/** Its outputs, one per row of the table in schema.ts. */
// Merged into the class so its outputs come from the schema table (see ../user/resource.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface PasswordReset extends Declared<ResetOutputs> {}

/**
 * One password-reset email, sent when the resource is created. Any input change, or a
 * `rotateAfterDays` period that has passed, replaces it, which sends the next one. Deleting it
 * sends nothing. `oneTimeCode` and `oneTimeCodeLink` are secret outputs.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PasswordReset extends pulumi.CustomResource {
  // UserPasswordReset (component.ts) constructs its child without running this constructor:
  // keep it exactly `super(...registered(…))`.
  constructor(name: string, args: PasswordResetArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registered(REGISTRY.passwordReset, name, args, opts));
  }
}
