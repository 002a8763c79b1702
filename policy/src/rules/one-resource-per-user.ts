/**
 * One resource per Vectara user across the stack: two resources naming the same username or
 * email would both manage (or both create) one user. Usernames compare exactly, emails
 * case-insensitively, as Vectara tells users apart.
 */
import { who, type Principal } from "../resources";
import { isUnknown, type Unknown } from "../values";
import { KNOWN_AFTER_UP, listing, unchecked, violation, type Finding, type StackRule } from "./rule";

function duplicates(principals: Principal[], key: (p: Principal) => string | undefined): Map<string, Principal[]> {
  const groups = new Map<string, Principal[]>();
  for (const p of principals) {
    const k = key(p);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return new Map([...groups].filter(([, group]) => group.length > 1));
}

const known = (value: string | Unknown | undefined) => (value === undefined || isUnknown(value) ? undefined : value);

export const oneResourcePerUser: StackRule<Record<string, never>> = {
  name: "vectara-one-resource-per-user",
  description: "No two resources of the stack name the same Vectara username or email.",
  enforcementLevel: "mandatory",
  config: () => ({}),
  checkStack(principals: Principal[]): Finding[] {
    const people = principals.filter((p) => p.username !== undefined || p.email !== undefined);
    const findings: Finding[] = [];
    const byUsername = duplicates(people, (p) => known(p.username));
    for (const [username, group] of byUsername) {
      findings.push(
        violation(
          listing(group.map(who)),
          `${group.length} resources name the username ${username}`,
          "keep one resource per user: remove the others (to rename a resource, give it the `aliases` option with its old name instead of a copy)",
        ),
      );
    }
    const seen = new Set([...byUsername.values()].flat());
    for (const [email, group] of duplicates(people, (p) => known(p.email)?.toLowerCase())) {
      if (group.every((p) => seen.has(p))) continue; // already reported by username
      findings.push(
        violation(
          listing(group.map(who)),
          `${group.length} resources name the email ${email}`,
          "keep one resource per user: remove the others",
        ),
      );
    }
    const unknown = people.find((p) => isUnknown(p.username) || isUnknown(p.email));
    if (unknown) {
      const value = (isUnknown(unknown.username) ? unknown.username : unknown.email) as Unknown;
      const all = people.filter((p) => isUnknown(p.username) || isUnknown(p.email));
      findings.push(unchecked(value, listing(all.map(who)), `their usernames or emails are ${KNOWN_AFTER_UP}`));
    }
    return findings;
  },
};
