import * as pulumi from "@pulumi/pulumi";
import { isUnconfirmedId } from "../../vectara/unconfirmed";
import { registered } from "../../framework/resource";
import { REGISTRY } from "../registry";
import { PasswordReset } from "./resource";

/** A user the program manages: a `VectaraUser` (only its id, the `usr_…` id, its `userId` and `username` are used). */
export interface ManagedUser extends pulumi.CustomResource {
  readonly username: pulumi.Output<string>;
  readonly userId: pulumi.Output<string>;
}

/** What every {@link UserPasswordReset} takes besides its user. */
export interface UserPasswordResetOptions {
  /** Changing any value sends a new reset. */
  triggers?: pulumi.Input<Record<string, pulumi.Input<unknown>> | undefined>;
  /** Send a new reset on the first `pulumi up` once the last one is this many days old. */
  rotateAfterDays?: pulumi.Input<number | undefined>;
}

/**
 * The inputs of a {@link UserPasswordReset}: exactly one of `user` and `username` (giving both,
 * or neither, does not compile).
 */
export type UserPasswordResetArgs = UserPasswordResetOptions &
  (
    | {
        /** The managed user, a `VectaraUser`. Preferred: its id (`userId`) ties the reset to this incarnation of the user. */
        user: ManagedUser;
        username?: undefined;
      }
    | {
        /** A username, for users managed elsewhere. */
        username: pulumi.Input<string>;
        user?: undefined;
      }
  );

/**
 * Sends a user a password-reset email on the first `up`, and again whenever a trigger value
 * changes, the user is recreated (email or username changed), or `rotateAfterDays` has passed.
 * Never on a plain `up` or a preview.
 */
export class UserPasswordReset extends pulumi.ComponentResource {
  readonly username: pulumi.Output<string>;
  /** When the last reset was sent (ISO 8601). */
  readonly resetAt: pulumi.Output<string>;
  /** Secret; only where the deployment returns it. */
  readonly oneTimeCode: pulumi.Output<string | undefined>;
  /** Secret; only where the deployment returns it. */
  readonly oneTimeCodeLink: pulumi.Output<string | undefined>;

  constructor(name: string, args: UserPasswordResetArgs, opts?: pulumi.ComponentResourceOptions) {
    // The type says so for TypeScript; JavaScript callers learn it here, before anything is registered.
    if (!args.user === (args.username === undefined)) {
      const given = args.user ? "both" : "neither";
      throw new Error(`UserPasswordReset "${name}": give exactly one of \`user\` (a VectaraUser) or \`username\`, not ${given}.`);
    }
    super("vectara:index:UserPasswordReset", name, {}, opts);
    // PasswordReset's constructor is only `super(...registered(…))`: called without its frame
    // (Reflect.construct), the stack the SDK records for the child starts at the program's line
    // declaring this UserPasswordReset, not at this file's, and state holds one frame less per
    // reset. Options not given are left out (check applies their defaults): no empty
    // property-dependency entries for them in state.
    const reset: PasswordReset = Reflect.construct(
      pulumi.CustomResource,
      registered(
        REGISTRY.passwordReset,
        `${name}-reset`,
        {
          username: args.user ? args.user.username : args.username!,
          userId: args.user ? usrIdOf(args.user) : "",
          ...(args.triggers !== undefined && { triggers: args.triggers }),
          ...(args.rotateAfterDays !== undefined && { rotateAfterDays: args.rotateAfterDays }),
        },
        { parent: this, dependsOn: args.user ? [args.user] : [] },
      ),
      PasswordReset,
    );
    this.username = reset.username;
    this.resetAt = reset.resetAt;
    this.oneTimeCode = reset.oneTimeCode;
    this.oneTimeCodeLink = reset.oneTimeCodeLink;
    this.registerOutputs({
      username: this.username,
      resetAt: this.resetAt,
      oneTimeCode: this.oneTimeCode,
      oneTimeCodeLink: this.oneTimeCodeLink,
    });
  }
}

/**
 * The user's `usr_…` id. Its resource id, because unlike the `userId` output it stays known in
 * a preview of an in-place update (a preview then shows no reset that `up` won't send); but a
 * create confirmed only after the fact keeps a placeholder id until a refresh (Update cannot
 * change an id), and then only `userId` names the user.
 */
function usrIdOf(user: ManagedUser): pulumi.Output<string> {
  return user.id.apply((id) => (isUnconfirmedId(id) ? user.userId : pulumi.output(id)));
}
