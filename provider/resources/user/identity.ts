/**
 * Which Vectara user a VectaraUser manages.
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
