/**
 * An account's app clients and API keys as the resources a program declares: one
 * VectaraAppClient's or VectaraApiKey's inputs each, defaults left out, role and corpus lists
 * sorted (they compare as sets), `adoptExisting` set to the id (names are not unique, so an
 * import adopts by id, never by name), and a resource name from the name (names.ts's `slug`).
 * Secrets are never read into them: the listing does not carry them on Vectara, and where an API
 * does they are not copied. What the resources' own check would refuse is said, as for users.
 */
import type { ApiKey, AppClient } from "../../client";
import { checkInputs } from "../../framework/check";
import { checkApiKey } from "../../resources/api-key/check";
import { APP_CLIENT_SCHEMA } from "../../resources/app-client/schema";
import { slug } from "./names";

/** One app client: the inputs of its VectaraAppClient. */
export interface ImportedAppClient {
  /** The Pulumi resource name. */
  resource: string;
  name: string;
  /** Only when not empty. */
  description?: string;
  apiRoles?: string[];
  /** The `app_…` id: what `adoptExisting` takes. */
  adoptExisting: string;
  /** True for the app client whose credentials this import used. */
  usedByImport?: true;
  /** Why VectaraAppClient's check would refuse these inputs (empty when it would not). */
  problems: string[];
}

/** One API key: the inputs of its VectaraApiKey. */
export interface ImportedApiKey {
  resource: string;
  name: string;
  apiKeyRole: string;
  /** Only when not empty. */
  corpusKeys?: string[];
  /** Only when false. */
  enabled?: false;
  /** The `aky_…` id. */
  adoptExisting: string;
  /** Why VectaraApiKey's check would refuse these inputs (empty when it would not). */
  problems: string[];
}

export interface MachineAccess {
  appClients: ImportedAppClient[];
  apiKeys: ImportedApiKey[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A resource name per item: the slug of its name where no other item of the list has the same
 * slug, else the slug and its id's (ids are unique). Depends only on the set of items, not on
 * the order the API lists them in.
 */
export function machineNames(items: readonly { id: string; name: string }[], fallback: string): Map<string, string> {
  const base = new Map(items.map((i) => [i.id, slug(i.name) || fallback]));
  const count = new Map<string, number>();
  for (const b of base.values()) count.set(b, (count.get(b) ?? 0) + 1);
  return new Map(items.map((i) => [i.id, count.get(base.get(i.id)!)! > 1 ? `${base.get(i.id)!}-${slug(i.id)}` : base.get(i.id)!]));
}

/** App clients as VectaraAppClient inputs, sorted by resource name. `ownClientId`: the import's own OAuth client id. */
export function importAppClients(clients: readonly AppClient[], ownClientId?: string): ImportedAppClient[] {
  const names = machineNames(clients, "app-client");
  return clients
    .map((c) => {
      const out: ImportedAppClient = { resource: names.get(c.id)!, name: c.name, adoptExisting: c.id, problems: [] };
      if (c.description) out.description = c.description;
      if (c.apiRoles.length) out.apiRoles = [...c.apiRoles].sort(byText);
      if (ownClientId !== undefined && c.clientId === ownClientId) out.usedByImport = true;
      const { resource: _r, usedByImport: _u, problems: _p, ...inputs } = out;
      out.problems = reasons(checkInputs(APP_CLIENT_SCHEMA, inputs).failures);
      return out;
    })
    .sort((a, b) => byText(a.resource, b.resource));
}

/** API keys as VectaraApiKey inputs, sorted by resource name. */
export function importApiKeys(keys: readonly ApiKey[]): ImportedApiKey[] {
  const names = machineNames(keys, "api-key");
  return keys
    .map((k) => {
      const out: ImportedApiKey = { resource: names.get(k.id)!, name: k.name, apiKeyRole: k.apiKeyRole, adoptExisting: k.id, problems: [] };
      if (k.corpusKeys?.length) out.corpusKeys = [...k.corpusKeys].sort(byText);
      if (k.enabled === false) out.enabled = false;
      const { resource: _r, problems: _p, ...inputs } = out;
      out.problems = reasons(checkApiKey({}, inputs).failures);
      return out;
    })
    .sort((a, b) => byText(a.resource, b.resource));
}

const reasons = (failures: readonly { reason: string }[]) => failures.flatMap((f) => f.reason.split("\n"));

/** How many app clients and API keys the resources' check would refuse. */
export function machinesNeedingAttention(m: MachineAccess): number {
  return [...m.appClients, ...m.apiKeys].filter((x) => x.problems.length).length;
}

/** One line per problem: `app client "ci" (resource "ci"): …`. */
export function machineProblemLines(m: MachineAccess): string[] {
  return [
    ...m.appClients.flatMap((c) => c.problems.map((p) => `app client ${c.adoptExisting} (resource ${JSON.stringify(c.resource)}): ${p}`)),
    ...m.apiKeys.flatMap((k) => k.problems.map((p) => `API key ${k.adoptExisting} (resource ${JSON.stringify(k.resource)}): ${p}`)),
  ];
}

const number = (n: number) => n.toLocaleString("en-US");

/** `2 app clients, 3 API keys (1 disabled)`. */
export function machineCountsText(m: MachineAccess): string {
  const disabled = m.apiKeys.filter((k) => k.enabled === false).length;
  return (
    `${number(m.appClients.length)} app client${m.appClients.length === 1 ? "" : "s"}, ` +
    `${number(m.apiKeys.length)} API key${m.apiKeys.length === 1 ? "" : "s"} (${number(disabled)} disabled)`
  );
}
