/**
 * A resource's properties <-> the API client's record and requests, derived from the rows'
 * `api`, `onCreate` and `fromApi` columns (schema.ts). The client's wire module, not this one,
 * knows Vectara's snake_case. Pure.
 */
import type { InputSpec, PropertySpec, Schema } from "./schema";
import { withoutUndefined } from "./values";

type Props = Record<string, unknown>;

const rows = (schema: Schema) => Object.entries(schema) as [string, PropertySpec][];

/** The create request: the inputs it carries (`onCreate`), under their API names. */
export function createRequest(schema: Schema, inputs: Props): Props {
  const request: Props = {};
  for (const [property, row] of rows(schema)) {
    if (row.role !== "input" || !row.api || !row.onCreate) continue;
    const value = inputs[property];
    if (row.onCreate === "always" || !isEmpty(value)) request[row.api] = value;
  }
  return withoutUndefined(request);
}

/** Nothing to send: absent, "", or a list without elements (a personal API key's corpusKeys). */
function isEmpty(value: unknown): boolean {
  return !value || (Array.isArray(value) && value.length === 0);
}

/** One update request carrying only `properties` (inputs that changed), under their API names. */
export function patchRequest(schema: Schema, properties: readonly string[], inputs: Props): Props {
  const patch: Props = {};
  for (const property of properties) {
    const row = schema[property];
    if (row?.api) patch[row.api] = inputs[property];
  }
  return patch;
}

/** State after an API call: what the server says (`record`), plus the declared inputs the server does not hold. */
export function outputsFrom(schema: Schema, record: Props, declared: Props): Props {
  const outs: Props = {};
  for (const [property, row] of rows(schema)) {
    const mine = declared[property];
    if (!row.api) outs[property] = mine ?? row.default;
    else if (row.role === "input" && (row as InputSpec).fromApi) outs[property] = (row as InputSpec).fromApi!(record[row.api], mine);
    else outs[property] = record[row.api] ?? row.default;
  }
  return outs;
}

/** What state records for a create whose outcome is unknown: the declared inputs, no server values. */
export function unconfirmedOutputs(schema: Schema, inputs: Props): Props {
  const outs: Props = {};
  for (const [property, row] of rows(schema)) outs[property] = row.role === "input" ? inputs[property] : row.default;
  return withoutUndefined(outs);
}

/** The values of `keys` in `from`. */
export function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}
