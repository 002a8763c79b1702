/**
 * Which Vectara user a VectaraUser manages, and the users this provider host took over in
 * this run.
 *
 * The `userId` output names the user, not the resource id: a create whose answer was lost is
 * recorded (as a partial failure) under a placeholder id, because the engine needs one, and
 * Update can never change a resource's id. The placeholder names no user and never reaches a
 * request: requests address users by username.
 */

const UNCONFIRMED = "unconfirmed-create:";

/** The resource id recorded for a create whose outcome is unknown. */
export function unconfirmedId(username: string): string {
  return `${UNCONFIRMED}${username}`;
}

/** Whether a resource id is that placeholder (it names no user). */
export function isUnconfirmedId(id: string): boolean {
  return id.startsWith(UNCONFIRMED);
}

/** The `usr_…` id this resource manages, or undefined while its create is unconfirmed. */
export function managedId(id: string, props: { userId?: unknown }): string | undefined {
  if (typeof props.userId === "string" && props.userId !== "") return props.userId;
  return id && !isUnconfirmedId(id) ? id : undefined;
}

/**
 * Ids of the users taken over (adoptExisting, or an unconfirmed create resolved) by this
 * provider host process, i.e. in this run: the engine serves every VectaraUser of a run from
 * one host and deletes the resources gone from the program after all creates. A resource
 * renamed without `aliases` is a new resource adopting the user plus the old one's delete,
 * which must then leave the user to its new owner.
 */
export const adoptedThisRun = new Set<string>();
