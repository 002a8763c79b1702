/**
 * Pulumi resource names for imported users, derived from their usernames: short where that is
 * unique, longer where it is not. A resource's name is its identity in the stack (renaming it
 * later deletes and recreates the user), so the same account always gives the same names,
 * whatever order the API lists users in.
 *
 * Each username has a ladder of names, tried from the shortest:
 *   1. the part before "@" (`Ada.Lovelace@example.com` -> `ada-lovelace`);
 *   2. the whole username (`ada-lovelace-example-com`);
 *   3. the whole username and 8 hex digits of its SHA-256 (`ada-lovelace-example-com-1f0c9a2b`);
 *   4. the same with the whole digest.
 * Every username whose name is shared by another one climbs one rung, together with the others
 * sharing it, until no name is shared. The result depends only on the set of usernames.
 */
import * as crypto from "node:crypto";

const MAX_SLUG = 60;

/** Lower-case ASCII letters, digits and single hyphens: accents dropped, anything else a hyphen. */
export function slug(text: string): string {
  const ascii = (/^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}/gu, "")).toLowerCase();
  const out = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return out.slice(0, MAX_SLUG).replace(/-+$/, "");
}

function digest(username: string): string {
  return crypto.createHash("sha256").update(username, "utf8").digest("hex");
}

/** The name of `username` on rung `rung` (1-4) of its ladder. */
export function nameOnRung(username: string, rung: number): string {
  const at = username.lastIndexOf("@");
  const whole = slug(username) || "user";
  if (rung === 1) return (at > 0 ? slug(username.slice(0, at)) : "") || whole;
  if (rung === 2) return whole;
  return `${whole}-${rung === 3 ? digest(username).slice(0, 8) : digest(username)}`;
}

/** A unique resource name for each username (usernames are unique in an account). */
export function resourceNames(usernames: readonly string[]): Map<string, string> {
  const rung = new Map(usernames.map((u) => [u, 1]));
  const name = new Map(usernames.map((u) => [u, nameOnRung(u, 1)]));
  for (;;) {
    const holders = new Map<string, string[]>();
    for (const [username, held] of name) {
      const users = holders.get(held);
      if (users) users.push(username);
      else holders.set(held, [username]);
    }
    // Rung 4 holds the whole digest: two usernames never share it, so someone can always climb.
    const climbing = [...holders.values()]
      .filter((users) => users.length > 1)
      .flat()
      .filter((u) => rung.get(u)! < 4);
    if (climbing.length === 0) return name;
    for (const username of climbing) {
      const next = rung.get(username)! + 1;
      rung.set(username, next);
      name.set(username, nameOnRung(username, next));
    }
  }
}
