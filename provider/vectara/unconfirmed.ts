/**
 * Which API object a resource manages, when a create's answer may have been lost.
 *
 * The id output (a VectaraUser's `userId`) names the object, not the resource id: a create
 * whose answer was lost is recorded (as a partial failure) under a placeholder id, because the
 * engine needs one, and Update can never change a resource's id. The placeholder names nothing
 * and never reaches a request.
 */

const UNCONFIRMED = "unconfirmed-create:";

/** The resource id recorded for a create whose outcome is unknown; `key` is what the create was for (a username). */
export function unconfirmedId(key: string): string {
  return `${UNCONFIRMED}${key}`;
}

/** Whether a resource id is that placeholder (it names nothing). */
export function isUnconfirmedId(id: string): boolean {
  return id.startsWith(UNCONFIRMED);
}

/** The API id a resource manages: its recorded id output, else its resource id; undefined while its create is unconfirmed. */
export function managedId(id: string, recorded: unknown): string | undefined {
  if (typeof recorded === "string" && recorded !== "") return recorded;
  return id && !isUnconfirmedId(id) ? id : undefined;
}
