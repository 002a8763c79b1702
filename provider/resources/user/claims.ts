/**
 * The users the resources of this run hold on to, as the provider host sees them: the engine
 * serves every VectaraUser of a run from one host process, and calls check and diff for every
 * resource the program declares before it deletes the resources gone from the program (those
 * deletes come after the program ends). So by the time a removed resource is deleted, every
 * declared resource has said which user it keeps.
 *
 * - `claim(id)`: a declared resource manages this user and keeps it: a diff that does not
 *   replace it, or a take-over in this run. A replacement's diff claims nothing: its delete
 *   must delete the old user before the new one is created. (A user a create just made cannot
 *   be in another resource's state, and its username is held by `startCreate`.)
 * - A delete leaves a claimed user alone (the resource leaves the stack; the user stays with
 *   the resource that claims it). This is what keeps a renamed resource's user when the old
 *   name is removed, in the same run or a later one (e.g. after a run that failed between the
 *   create of the new name and the delete of the old).
 * - A take-over (`adoptExisting`, `vectara:adoptExactMatches`) refuses a claimed user: another
 *   resource of the stack manages it.
 * - `startCreate(identity)`: two creates of one user in one run (resources the program's own
 *   check could not compare, e.g. declared through two copies of the package) are refused
 *   before any API call; a create that made no user frees its username again (`endCreate`).
 *
 * The host cannot tell which resource a call is for (the dynamic-provider protocol passes no
 * name), so the messages cannot name the other resource; the program's check (declarations.ts)
 * does, for values known at preview.
 */
import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { managedId } from "../../vectara/unconfirmed";
import { uniqueKeys, type DeclaredIdentity } from "./uniqueness";

export class UserClaims {
  readonly #ids = new Set<string>();
  readonly #creating = new Set<string>();

  /** A declared resource of this run manages user `id` and keeps it (a non-replacing diff, a take-over). */
  claim(id: string | undefined): void {
    if (id) this.#ids.add(id);
  }

  /** Whether a declared resource of this run keeps user `id`. */
  claimed(id: string): boolean {
    return this.#ids.has(id);
  }

  /**
   * A create of `user` starts; false when another create of this run already declared the same
   * username or email (compared without regard to case).
   */
  startCreate(user: DeclaredIdentity): boolean {
    const keys = uniqueKeys(user);
    if (keys.some((key) => this.#creating.has(key))) return false;
    for (const key of keys) this.#creating.add(key);
    return true;
  }

  /** A create of `user` failed without making a user: its username and email are free again. */
  endCreate(user: DeclaredIdentity): void {
    for (const key of uniqueKeys(user)) this.#creating.delete(key);
  }
}

/** One per provider-host process, i.e. per run. */
export const claimsThisRun = new UserClaims();

/** `diff`, noting the user that a resource keeps (any diff but a replacement). */
export function claimingDiff(
  diff: (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => DiffResult,
  claims: UserClaims = claimsThisRun,
): typeof diff {
  return (id, olds, news) => {
    const result = diff(id, olds, news);
    if (!result.replaces?.length) claims.claim(managedId(id, olds.userId));
    return result;
  };
}
