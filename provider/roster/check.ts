/**
 * The roster's shape, checked strictly: a key that is not one (a typo that would otherwise be
 * ignored, and revoke what it meant to grant), a value of the wrong type, a person without a
 * name or an email, two people with one name, and one Vectara user declared twice. Each
 * problem names the person and the key, with a did-you-mean where one fits. The values
 * themselves (an email's shape, a role name) are left to VectaraUser's check at preview.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi.
 */
import { describeValue, isPlainObject, typeName } from "../framework/values";
import { closestName } from "../framework/spelling";
import type { JsonPath } from "./json";
import type { Roster, RosterPerson } from "./types";

/** One problem: a sentence that names the person and the key, and where it is. */
export interface RosterProblem {
  /** The value (or the object member) the problem is about. */
  path: JsonPath;
  message: string;
}

export interface CheckedRoster {
  /** The people, when there is no problem; else empty. */
  people: RosterPerson[];
  problems: RosterProblem[];
}

type Kind = "name" | "string" | "boolean" | "roles" | "corpusRoles" | "agentRoles";

/** Every key a person may have, in the order the import writes them. */
const PERSON_KEYS = {
  name: "name",
  email: "string",
  username: "string",
  description: "string",
  apiRoles: "roles",
  corpusRoles: "corpusRoles",
  agentRoles: "agentRoles",
  enabled: "boolean",
  adoptExisting: "boolean",
  passwordResetTrigger: "string",
} as const satisfies { [K in keyof Required<RosterPerson>]: Kind };

/** A person's keys, in the order the roster is written in. */
export const ROSTER_PERSON_KEYS = Object.keys(PERSON_KEYS) as readonly (keyof RosterPerson)[];
const KEYS: readonly string[] = ROSTER_PERSON_KEYS;
const REQUIRED = ["name", "email"] as const;
const ROOT_KEYS: readonly (keyof Roster)[] = ["people"];

/** The keys of one element of `corpusRoles` or `agentRoles`. */
const ROLE_KEYS = { corpusRoles: ["corpusKey", "role"], agentRoles: ["agentKey", "role"] } as const;
const ROLE_NOUN = { corpusRoles: "a corpus role", agentRoles: "an agent role" } as const;

const EXAMPLE_PERSON = '{"name": "ada", "email": "ada@example.com"}';

/** `person "ada" (people[0])`, or `people[0]` when the person has no usable name. */
export function personLabel(person: unknown, index: number): string {
  return isPlainObject(person) ? who(person, index) : `people[${index}]`;
}

function who(person: { name?: unknown }, index: number): string {
  return typeof person.name === "string" && person.name !== ""
    ? `person ${JSON.stringify(person.name)} (people[${index}])`
    : `people[${index}]`;
}

/** "got 3 (a number)"; for a `null` that stands for an optional key, how to say "the default". */
function got(value: unknown, optionalKey = false): string {
  if (value === null) return optionalKey ? "got null (leave the key out to use its default)" : "got null";
  return `got ${describeValue(value)} (${typeName(value)})`;
}

/** `"apiRole" is not a key of a person; did you mean "apiRoles"? Its keys: …` */
function unknownKey(key: string, candidates: readonly string[], what: string): string {
  const meant = closestName(key, candidates);
  const hint = meant ? `; did you mean ${JSON.stringify(meant)}?` : ".";
  return `${JSON.stringify(key)} is not a key of ${what}${hint} Its keys: ${candidates.join(", ")}`;
}

/** Problems of one value of kind `kind`, at `path`, described as `label` ("apiRoles"). */
function valueProblems(kind: Kind, value: unknown, path: JsonPath, label: string): RosterProblem[] {
  const problem = (message: string, at: JsonPath = path) => [{ path: at, message }];
  const optional = !(REQUIRED as readonly string[]).includes(label);
  switch (kind) {
    case "name":
      if (typeof value !== "string")
        return problem(`${JSON.stringify(label)} must be a string (the resource name), ${got(value, optional)}`);
      return value === "" ? problem(`${JSON.stringify(label)} must not be empty: it is the user's Pulumi resource name`) : [];
    case "string":
      return typeof value === "string" ? [] : problem(`${JSON.stringify(label)} must be a string, ${got(value, optional)}`);
    case "boolean":
      return typeof value === "boolean" ? [] : problem(`${JSON.stringify(label)} must be true or false, ${got(value, optional)}`);
    case "roles":
      if (!Array.isArray(value))
        return problem(`${JSON.stringify(label)} must be a list of role names such as ["viewer"], ${got(value, optional)}`);
      return value.flatMap((role, i) =>
        typeof role === "string" ? [] : problem(`${label}[${i}] must be a role name (a string), ${got(role)}`, [...path, i]),
      );
    case "corpusRoles":
    case "agentRoles": {
      const [keyName, roleName] = ROLE_KEYS[kind];
      const shape = `{"${keyName}": "…", "role": "…"}`;
      if (!Array.isArray(value)) return problem(`${JSON.stringify(label)} must be a list of ${shape}, ${got(value, optional)}`);
      return value.flatMap((element, i): RosterProblem[] => {
        const at = [...path, i];
        if (!isPlainObject(element)) return problem(`${label}[${i}] must be ${shape}, ${got(element)}`, at);
        const keys: readonly string[] = ROLE_KEYS[kind];
        const problems: RosterProblem[] = [];
        for (const key of Object.keys(element)) {
          if (!keys.includes(key))
            problems.push({ path: [...at, key], message: `${label}[${i}]: ${unknownKey(key, keys, ROLE_NOUN[kind])}` });
        }
        for (const key of [keyName, roleName]) {
          if (!(key in element)) problems.push({ path: at, message: `${label}[${i}] needs ${JSON.stringify(key)}: it must be ${shape}` });
          else if (typeof element[key] !== "string")
            problems.push({ path: [...at, key], message: `${label}[${i}].${key} must be a string, ${got(element[key])}` });
        }
        return problems;
      });
    }
  }
}

/** The problems of one person (not those that involve other people). */
function personProblems(person: unknown, index: number): RosterProblem[] {
  const path = ["people", index];
  if (!isPlainObject(person)) return [{ path, message: `people[${index}] must be an object such as ${EXAMPLE_PERSON}, ${got(person)}` }];
  const name = who(person, index);
  const problems: RosterProblem[] = [];
  for (const key of Object.keys(person)) {
    if (!Object.hasOwn(PERSON_KEYS, key)) {
      problems.push({ path: [...path, key], message: `${name}: ${unknownKey(key, KEYS, "a person")}` });
    }
  }
  for (const key of REQUIRED) {
    if (!(key in person)) {
      problems.push({
        path,
        message: `${name}: ${JSON.stringify(key)} is missing; each person needs a "name" (their stable resource name) and an "email"`,
      });
    }
  }
  for (const [key, kind] of Object.entries(PERSON_KEYS)) {
    if (Object.hasOwn(person, key)) {
      for (const p of valueProblems(kind, person[key], [...path, key], key))
        problems.push({ path: p.path, message: `${name}: ${p.message}` });
    }
  }
  return problems;
}

/**
 * Two people with one name, or one Vectara user declared twice: the same username, where a
 * person without `username` has their email as username, compared without regard to case
 * (Vectara treats them as one user).
 */
function duplicateProblems(people: readonly [RosterPerson, number][]): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const names = new Map<string, number>();
  const users = new Map<string, [RosterPerson, number]>();
  for (const [person, i] of people) {
    const earlierName = names.get(person.name);
    if (earlierName === undefined) names.set(person.name, i);
    else {
      problems.push({
        path: ["people", i, "name"],
        message: `${who(person, i)}: the name ${JSON.stringify(person.name)} is also people[${earlierName}]'s; names must be unique (each is a Pulumi resource name)`,
      });
    }
    const username = person.username ?? person.email;
    const earlierUser = users.get(username.toLowerCase());
    if (earlierUser === undefined) users.set(username.toLowerCase(), [person, i]);
    else {
      const key = person.username === undefined ? "email" : "username";
      problems.push({
        path: ["people", i, key],
        message:
          `${who(person, i)}: the Vectara user ${JSON.stringify(username)} is also declared by ${who(...earlierUser)}; ` +
          `a user can be declared once (usernames compare without regard to case, and a person without "username" has their email as username)`,
      });
    }
  }
  return problems;
}

/** Checks a parsed roster. */
export function checkRoster(roster: unknown): CheckedRoster {
  if (!isPlainObject(roster)) {
    return { people: [], problems: [{ path: [], message: `a roster is an object {"people": [...]}, ${got(roster)}` }] };
  }
  const problems: RosterProblem[] = [];
  for (const key of Object.keys(roster)) {
    if (!(ROOT_KEYS as readonly string[]).includes(key)) {
      problems.push({ path: [key], message: unknownKey(key, ROOT_KEYS, "a roster") });
    }
  }
  const people = roster.people;
  if (!Object.hasOwn(roster, "people")) {
    // Never assumed empty: an empty roster would delete everyone the stack manages.
    problems.push({
      path: [],
      message: `"people" is missing: a roster is {"people": [${EXAMPLE_PERSON}, ...]}; write "people": [] for none`,
    });
  } else if (!Array.isArray(people)) {
    problems.push({ path: ["people"], message: `"people" must be a list of people such as ${EXAMPLE_PERSON}, ${got(people)}` });
  } else {
    problems.push(...people.flatMap(personProblems));
    // Everyone whose name and username are readable, whatever else is wrong with them.
    const identified = people.flatMap((person, i): [RosterPerson, number][] =>
      isPlainObject(person) &&
      typeof person.name === "string" &&
      person.name !== "" &&
      typeof person.email === "string" &&
      (person.username === undefined || typeof person.username === "string")
        ? [[person as unknown as RosterPerson, i]]
        : [],
    );
    problems.push(...duplicateProblems(identified));
  }
  return problems.length > 0 ? { people: [], problems } : { people: people as RosterPerson[], problems };
}
