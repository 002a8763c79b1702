/**
 * `--format roster`: the roster format of the package (provider/roster/: `loadRoster` reads it,
 * the team example's program among others): `{ "people": [...] }`, one person per user with its
 * resource name and `"adoptExisting": true`, sorted by name. Values are kept exactly as Vectara
 * returned them (role names the provider does not know included: the summary reports them, and
 * the preview refuses them).
 *
 * One person per block and each value on one line, so that a later edit is a one-line diff.
 */
import type { AgentRole, ApiRole, CorpusRole } from "../../client";
import type { AssertTrue } from "../../framework/schema";
import { ROSTER_PERSON_KEYS } from "../../roster/check";
import type { Roster, RosterPerson } from "../../roster/types";
import { safeLiteral } from "./escape";
import type { Imported, ImportedPerson } from "./people";

/** Compile-time check: everything the import says of a person is a key of the roster format. */
export type ImportedPersonIsARosterPerson = AssertTrue<Exclude<keyof ImportedPerson, keyof RosterPerson> extends never ? true : false>;

/**
 * The person as the roster format types them. Role names are kept as Vectara returned them,
 * also those this version does not know (the roster's loader checks types, not role names;
 * the preview refuses unknown ones, naming the person).
 */
function rosterPerson(person: ImportedPerson): RosterPerson {
  const { apiRoles, corpusRoles, agentRoles, ...rest } = person;
  return {
    ...rest,
    ...(apiRoles && { apiRoles: apiRoles as ApiRole[] }),
    ...(corpusRoles && { corpusRoles: corpusRoles as CorpusRole[] }),
    ...(agentRoles && { agentRoles: agentRoles as AgentRole[] }),
  };
}

/** JSON on one line, with a space after `,` and `:` and inside `{ }`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return typeof value === "string" ? safeLiteral(value) : JSON.stringify(value);
}

export function renderRoster(imported: readonly Imported[]): string {
  const roster: Roster = { people: imported.map(({ person }) => rosterPerson(person)) };
  if (roster.people.length === 0) return `{\n  "people": []\n}\n`;
  const people = roster.people.map((person) => {
    const fields = ROSTER_PERSON_KEYS.filter((k) => person[k] !== undefined).map((k) => `      ${JSON.stringify(k)}: ${inline(person[k])}`);
    return `    {\n${fields.join(",\n")}\n    }`;
  });
  return `{\n  "people": [\n${people.join(",\n")}\n  ]\n}\n`;
}
