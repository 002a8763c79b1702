/**
 * One Vectara user, one resource. An account holds one user per username and one per email,
 * compared without regard to case, so two VectaraUsers that share either would fight over one
 * person: the second create meets the first one's user (409), and adopting it would hand that
 * person's roles to whichever resource ran last. The program (declarations.ts, reported by
 * check) and the provider host (claims.ts) both refuse such a pair.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host too).
 */

/**
 * The input that carries the message to the provider's check, on the second resource of a
 * pair; never in state (check refuses the resource).
 */
export const DUPLICATE_INPUT = "__duplicate";

/** A user as a resource declares it: the username after its default (the email). */
export interface DeclaredIdentity {
  email: string;
  username: string;
}

/** The username a VectaraUser gets when it gives none (check's default). */
export function usernameOf(email: string, username: unknown): string {
  return typeof username === "string" ? username : email;
}

/** The keys under which an account allows one user each: its username and its email, in lower case. */
export function uniqueKeys(user: DeclaredIdentity): string[] {
  return [`username:${user.username.toLowerCase()}`, `email:${user.email.toLowerCase()}`];
}

/** What the two share, quoted as the later one declares it (or hidden when the values are secret). */
function shared(first: DeclaredIdentity, second: DeclaredIdentity, secret: boolean): string {
  if (secret) return "the same Vectara user (its username or email is a secret, not shown here)";
  const quote = (value: string) => JSON.stringify(value);
  if (first.username.toLowerCase() === second.username.toLowerCase()) {
    const sameEmail = second.username.toLowerCase() === second.email.toLowerCase();
    return `the Vectara user ${quote(second.username)} (the same ${sameEmail ? "username and email" : "username"}${caseNote(first.username, second.username)})`;
  }
  return `the email ${quote(second.email)}${caseNote(first.email, second.email)}, which Vectara gives to one user only`;
}

function caseNote(a: string, b: string): string {
  return a === b ? "" : ", compared without regard to case";
}

/**
 * Two resources of one program that declare the same user: names both, says why it matters
 * and what to do.
 */
export function duplicateMessage(
  first: { name: string } & DeclaredIdentity,
  second: { name: string } & DeclaredIdentity,
  secret = false,
): string {
  return (
    `VectaraUser resources "${first.name}" and "${second.name}" both declare ${shared(first, second, secret)}. ` +
    `One Vectara user can be managed by one resource only: with two, the second would take over (or fail to create) the first one's user, ` +
    `and removing either would delete it. Keep one of them (for a person listed twice, merge the entries), or give the other its own username and email.`
  );
}
