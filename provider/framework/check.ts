/**
 * check, derived from a property table (schema.ts). Pure: no I/O, no runtime import of
 * @pulumi/pulumi (loaded inside the provider host).
 */
import type { CheckFailure, CheckResult } from "@pulumi/pulumi/dynamic";
import { canonical, elementKey } from "./compare";
import { inputs, isCopyOf, type InputSpec, type Problems, type Schema } from "./schema";
import { closestName } from "./spelling";
import { asRecord, containsUnknown, given, isUnknown, UNKNOWN, withoutUndefined } from "./values";

/** check's result; `inputs` and `failures` always set. */
export interface Checked extends CheckResult<Record<string, unknown>> {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** A fresh copy of a default: callers may mutate check's result. */
function fresh(value: unknown): unknown {
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

/**
 * check, derived from the table: one failure per problem (several for one input when it has
 * several, e.g. two bad elements of a list), in table order, then one per key that is not an
 * input (with the input it most likely meant); defaults for inputs omitted or null; set-like
 * lists without their repetitions; unknown values (preview) pass untouched and are never
 * defaulted away; keys the SDK adds (`__provider`) pass through; nothing `undefined` in the
 * result (the host cannot encode it).
 *
 * A reason never starts with the property's name: the engine prints it before the reason
 * ("property email value {…} has a problem: <reason>").
 */
export function checkInputs(schema: Schema, news: unknown): Checked {
  const result = withoutUndefined(asRecord(news));
  const failures: CheckFailure[] = [];
  const failed = new Set<string>();
  const fail = (property: string, problems: Problems) => {
    const list = problems === undefined ? [] : typeof problems === "string" ? [problems] : problems;
    for (const reason of list) failures.push({ property, reason });
    if (list.length > 0) failed.add(property);
  };
  const specs = inputs(schema);
  for (const [property, spec] of specs) {
    const value = result[property];
    if (spec.required || given(value)) {
      fail(property, spec.validate(value, property));
      if (!failed.has(property) && Array.isArray(value) && (spec.compare === "set" || spec.compare === "keyed-set")) {
        result[property] = distinct(spec, value);
      }
    } else if (isCopyOf(spec.default)) {
      const source = result[spec.default.copyOf];
      if (isUnknown(source)) {
        result[property] = UNKNOWN;
      } else if (typeof source === "string") {
        result[property] = source;
        if (!failed.has(spec.default.copyOf)) fail(property, spec.default.problem?.(source));
      } else {
        delete result[property]; // its source is missing or wrong (already a failure): nothing to copy
      }
    } else {
      result[property] = fresh(spec.default);
    }
  }
  const names = specs.map(([property]) => property);
  for (const key of Object.keys(result)) {
    if (!key.startsWith("__") && !names.includes(key)) fail(key, notAnInput(schema, key, names));
  }
  return { inputs: result, failures };
}

/** Why `key` of a resource's inputs is none of them: most likely a typo of one. */
function notAnInput(schema: Schema, key: string, names: string[]): string {
  if (schema[key]?.role === "output") return `an output, which Vectara sets; it cannot be given. The inputs are ${names.join(", ")}`;
  const meant = closestName(key, names);
  return `not an input of this resource${meant ? `; did you mean "${meant}"?` : "."} The inputs are ${names.join(", ")}`;
}

/** `list` without the elements that compare equal to an earlier one (its first of each kept). */
function distinct(spec: InputSpec, list: unknown[]): unknown[] {
  const seen = new Set<string>();
  return list.filter((element) => {
    if (containsUnknown(element)) return true;
    const identity = elementKey(spec, element);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

/**
 * `checked` inputs without those of `properties` whose value is their default (compared as
 * diff compares): for a resource whose state need not spend bytes on them. Diff counts a
 * missing input as its default, and the operations put the defaults back (`withDefaults`), so
 * nothing else changes. A value still unknown is kept.
 */
export function withoutDefaults(schema: Schema, checked: Record<string, unknown>, properties: readonly string[]): Record<string, unknown> {
  const result = { ...checked };
  for (const property of properties) {
    if (property in result && canonical(schema, result, property) === canonical(schema, {}, property)) delete result[property];
  }
  return result;
}

/** `props` with every missing input that has a plain default set to (a fresh copy of) it: what check would have given. */
export function withDefaults(schema: Schema, props: Record<string, unknown>): Record<string, unknown> {
  const result = { ...props };
  for (const [property, spec] of inputs(schema)) {
    if (!given(result[property]) && !spec.required && !isCopyOf(spec.default)) result[property] = fresh(spec.default);
  }
  return withoutUndefined(result);
}
