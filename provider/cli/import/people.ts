/**
 * An account's users as the people a program declares: one VectaraUser's inputs each, with
 * the defaults left out (so the program says only what differs), role lists sorted (they
 * compare as sets), a resource name (names.ts), `adoptExisting: true`, and what the provider's
 * own `check` would refuse (a role name this version does not know, say), so nothing the API
 * returned is dropped or passed over in silence.
 */
import type { AgentRole, CorpusRole, User } from "../../client";
import { checkUser } from "../../resources/user/check";
import { resourceNames } from "./names";

/** One person: the inputs of their VectaraUser, as roster.json of examples/team holds them. */
export interface ImportedPerson {
  /** The Pulumi resource name. */
  name: string;
  email: string;
  /** Only where it differs from the email. */
  username?: string;
  /** Only when not empty. */
  description?: string;
  apiRoles?: string[];
  corpusRoles?: { corpusKey: string; role: string }[];
  agentRoles?: { agentKey: string; role: string }[];
  /** Only when false. */
  enabled?: false;
  adoptExisting: true;
}

/** A person, and why the provider's check would refuse their inputs (empty when it would not). */
export interface Imported {
  person: ImportedPerson;
  /** The check's reasons, each naming the property (`apiRoles[1]: "x" is not a Vectara API role…`). */
  problems: string[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedCorpusRoles(roles: readonly CorpusRole[]): { corpusKey: string; role: string }[] {
  return roles
    .map((r) => ({ corpusKey: r.corpusKey, role: r.role }))
    .sort((a, b) => byText(a.corpusKey, b.corpusKey) || byText(a.role, b.role));
}

function sortedAgentRoles(roles: readonly AgentRole[]): { agentKey: string; role: string }[] {
  return roles
    .map((r) => ({ agentKey: r.agentKey, role: r.role }))
    .sort((a, b) => byText(a.agentKey, b.agentKey) || byText(a.role, b.role));
}

/** A user's inputs and what check says of them; the name comes once the whole account is read. */
export interface Described {
  inputs: Omit<ImportedPerson, "name">;
  problems: string[];
}

/** One user as VectaraUser inputs (defaults left out), and why check would refuse them. */
export function describeUser(user: User): Described {
  const inputs: Omit<ImportedPerson, "name"> = { email: user.email, adoptExisting: true };
  if (user.username !== user.email) inputs.username = user.username;
  if (user.description) inputs.description = user.description;
  if (user.apiRoles.length) inputs.apiRoles = [...user.apiRoles].sort(byText);
  if (user.corpusRoles.length) inputs.corpusRoles = sortedCorpusRoles(user.corpusRoles);
  if (user.agentRoles.length) inputs.agentRoles = sortedAgentRoles(user.agentRoles);
  if (user.enabled === false) inputs.enabled = false;
  // Every key present (undefined when left out: check applies its default), so that check sees
  // one object shape for all users and stays fast on large accounts.
  const shaped = {
    email: inputs.email,
    username: inputs.username,
    description: inputs.description,
    apiRoles: inputs.apiRoles,
    corpusRoles: inputs.corpusRoles,
    agentRoles: inputs.agentRoles,
    enabled: inputs.enabled,
    adoptExisting: inputs.adoptExisting,
  } satisfies Record<keyof typeof inputs, unknown>;
  return { inputs, problems: checkUser({}, shaped).failures.flatMap((f) => f.reason.split("\n")) };
}

/** Names every described user (names.ts: it takes the whole account), sorted by name. */
export function namePeople(described: readonly Described[]): Imported[] {
  const names = resourceNames(described.map((d) => d.inputs.username ?? d.inputs.email));
  return described
    .map(({ inputs, problems }) => {
      // Key order is the roster's (and the generated code's): name first, adoptExisting last.
      const { adoptExisting, ...rest } = inputs;
      const person: ImportedPerson = { name: names.get(rest.username ?? rest.email)!, ...rest, adoptExisting };
      return { person, problems };
    })
    .sort((a, b) => byText(a.person.name, b.person.name));
}

/** Every user as a person, sorted by resource name. */
export function importPeople(users: readonly User[]): Imported[] {
  return namePeople(users.map(describeUser));
}
