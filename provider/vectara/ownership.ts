/**
 * Whose user a username names now. The users API addresses users by username only (the spec,
 * the official SDKs and Vectara's own API tests all put the username in the path, never the
 * `usr_…` id), and a username is reused as soon as its user is deleted: every write to an
 * existing user first GETs the username and compares the user behind it with the one the
 * resource manages. Shared by every resource that writes to a user.
 */
import { sameEmail, type User, type UsersClient } from "../client";

/** How a resource knows its user: by id, or (a create whose answer was lost) by the email it sent. */
export type Expected = { id: string } | { email: string };

export type Holder =
  /** No user has the username. */
  | { kind: "none" }
  /** The resource's own user. */
  | { kind: "ours"; user: User }
  /** Someone else: the resource's user was deleted and the username reused. */
  | { kind: "other"; user: User };

/** One GET of `username`; its user compared with the expected one. */
export async function holderOf(api: UsersClient, username: string, expected: Expected): Promise<Holder> {
  const user = await api.find(username);
  if (!user) return { kind: "none" };
  const ours = "id" in expected ? user.id === expected.id : sameEmail(user, expected.email);
  return ours ? { kind: "ours", user } : { kind: "other", user };
}
