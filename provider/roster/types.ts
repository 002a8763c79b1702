/**
 * The roster format: a JSON file that declares a team's Vectara users, one person each.
 * `loadRoster` reads it, `pulumi-vectara import --format roster` writes it, and both use these
 * types. Type-only: the import command (which ships without @pulumi/pulumi) imports it too.
 */
import type { AgentRole, ApiRole, CorpusRole } from "../client";
import type { AssertTrue, SameKeys } from "../framework/schema";
import type { UserInputs } from "../resources/user/schema";

/**
 * One person: the inputs of their `VectaraUser`, under the resource name `name`. The loader
 * checks the keys and the type of each value; the values themselves (an email's shape, a role
 * name) are checked by `VectaraUser` at preview, in errors that name the person's resource.
 */
export interface RosterPerson {
  /** The Pulumi resource name: the stable key of this person. Keep it when an email changes. */
  name: string;
  email: string;
  /** Defaults to the email. */
  username?: string;
  description?: string;
  apiRoles?: ApiRole[];
  corpusRoles?: CorpusRole[];
  agentRoles?: AgentRole[];
  /** Default true. */
  enabled?: boolean;
  /**
   * Take over this person's user if it already exists in Vectara (made by hand, or by an
   * interrupted run) instead of failing with 409. Only matters when the user is created.
   */
  adoptExisting?: boolean;
  /** Any text; setting or changing it sends this person a password-reset email. */
  passwordResetTrigger?: string;
}

/** A roster file: `{ "people": [...] }`. */
export interface Roster {
  people: RosterPerson[];
}

/** Keys of a person that are not inputs of their VectaraUser. */
export type RosterOnlyKey = "name" | "passwordResetTrigger";

/** Compile-time check: a person holds every input of VectaraUser, and no other but `name` and `passwordResetTrigger`. */
export type RosterPersonMatchesUserInputs = AssertTrue<SameKeys<Omit<RosterPerson, RosterOnlyKey>, UserInputs>>;
