import * as fs from "node:fs";
import type { AgentRoleArgs, ApiRole, CorpusRoleArgs } from "pulumi-vectara";

/** One person in roster.json. `name` is the stable key: keep it when an email changes. */
export interface Person {
  name: string;
  email: string;
  username?: string;
  description?: string;
  apiRoles?: ApiRole[];
  corpusRoles?: CorpusRoleArgs[];
  agentRoles?: AgentRoleArgs[];
  enabled?: boolean;
  /**
   * Take over this person's user if it already exists in Vectara (made by hand, or by an
   * interrupted run) instead of failing with 409. Only matters when the user is created.
   */
  adoptExisting?: boolean;
  /** Any value; changing it sends this person a new password-reset email. */
  passwordResetTrigger?: string;
}

/**
 * Reads the roster. Only its shape is checked here; the values (emails, roles…) are checked
 * by the provider at preview, with errors that name the person's resource.
 */
export function loadRoster(file: string): Person[] {
  const roster = JSON.parse(fs.readFileSync(file, "utf8")) as { people?: Person[] };
  const people = roster.people ?? [];
  const seen = new Set<string>();
  for (const [i, person] of people.entries()) {
    if (!person || typeof person.name !== "string" || typeof person.email !== "string") {
      throw new Error(`${file}: people[${i}] needs a "name" (a stable key) and an "email"`);
    }
    if (seen.has(person.name)) throw new Error(`${file}: the name "${person.name}" appears twice; names must be unique`);
    seen.add(person.name);
  }
  return people;
}
