import * as pulumi from "@pulumi/pulumi";
import type { AgentRoleName, ApiRole, CorpusRoleName } from "../../client";
import { registered } from "../../framework/resource";
import type { AssertTrue, Declared, SameKeys } from "../../framework/schema";
import { REGISTRY } from "../registry";
import { declareUser } from "./declarations";
import type { UserInputs, UserOutputs } from "./schema";
import { DUPLICATE_INPUT } from "./uniqueness";

/** A role on one corpus. */
export interface CorpusRoleArgs {
  /** The corpus key (`[a-zA-Z0-9_=-]+`, at most 50 characters). */
  corpusKey: pulumi.Input<string>;
  role: pulumi.Input<CorpusRoleName>;
}

/** A role on one agent. */
export interface AgentRoleArgs {
  agentKey: pulumi.Input<string>;
  role: pulumi.Input<AgentRoleName>;
}

/** The inputs of a {@link VectaraUser}. */
export interface VectaraUserArgs {
  /** The user's email. Changing it replaces the user (delete, then create). */
  email: pulumi.Input<string>;
  /** Login name, at most 128 characters; defaults to `email`. Changing it replaces the user. */
  username?: pulumi.Input<string | undefined>;
  /** Free text, at most 255 characters. Updated in place. */
  description?: pulumi.Input<string | undefined>;
  /** Account-wide roles, e.g. `["administrator"]`. Compared as a set; updated in place. */
  apiRoles?: pulumi.Input<pulumi.Input<ApiRole>[] | undefined>;
  /** Roles on individual corpora. Compared as a set; updated in place. */
  corpusRoles?: pulumi.Input<pulumi.Input<CorpusRoleArgs>[] | undefined>;
  /** Roles on individual agents. Compared as a set; updated in place. */
  agentRoles?: pulumi.Input<pulumi.Input<AgentRoleArgs>[] | undefined>;
  /** Whether the user can sign in (default `true`). Updated in place. */
  enabled?: pulumi.Input<boolean | undefined>;
  /**
   * When a user with this username already exists, take it over (and set it to the declared
   * state) instead of failing. Default `false`. Needed because `pulumi import` does not work
   * for dynamic resources. Only matters at create; changing it changes nothing in Vectara.
   */
  adoptExisting?: pulumi.Input<boolean | undefined>;
}

/** Compile-time check: VectaraUserArgs declares exactly the inputs of the table in schema.ts. */
export type VectaraUserArgsMatchSchema = AssertTrue<SameKeys<VectaraUserArgs, UserInputs>>;

/** Its outputs, one per row of the table in schema.ts (documented there). */
// The class's output properties are derived from the schema table by merging this interface
// into the class (one place to add a property), which these two rules exist to discourage.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface VectaraUser extends Declared<UserOutputs> {}

/**
 * A Vectara user, managed through the users API v2.
 *
 * `email` and `username` force replacement (delete first: both are unique in an account);
 * everything else is updated in place with one PATCH carrying only what changed.
 *
 * One user, one resource: a second VectaraUser of the program with the same username, or the
 * same email (compared without regard to case), fails the preview with an error naming both,
 * before any API call.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class VectaraUser extends pulumi.CustomResource {
  constructor(name: string, args: VectaraUserArgs, opts?: pulumi.CustomResourceOptions) {
    // A duplicate goes to the provider's check, which refuses it (declarations.ts).
    const duplicate = declareUser(name, args?.email, args?.username);
    super(...registered(REGISTRY.user, name, args, opts, duplicate === undefined ? {} : { [DUPLICATE_INPUT]: duplicate }));
  }
}
