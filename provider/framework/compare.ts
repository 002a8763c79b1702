/**
 * The canonical form in which a property compares (its row's `compare`), shared by check (a
 * set's repetitions) and diff (what changed). Pure.
 */
import { isCopyOf, type ElementIdentity, type InputSpec, type Schema } from "./schema";
import { containsUnknown, given, isPlainObject, safeJson, stableJson } from "./values";

/** Marks a value that cannot be compared yet. */
export const UNKNOWN_MARK = Symbol("unknown");
export type Canonical = string | typeof UNKNOWN_MARK;

function elementIdentity(element: unknown, identity: ElementIdentity): string {
  if (!isPlainObject(element)) return safeJson(["!", element]);
  const key = element[identity.key] !== undefined ? element[identity.key] : element[identity.wireKey];
  return safeJson([key ?? null, element[identity.value] ?? null]);
}

/** What one element of a `set` or `keyed-set` list compares by. */
export function elementKey(spec: InputSpec, element: unknown): string {
  return spec.identity ? elementIdentity(element, spec.identity) : safeJson(element);
}

function form(spec: InputSpec, value: unknown): string {
  switch (spec.compare) {
    case "scalar":
      return safeJson(value);
    case "value":
      return stableJson(value);
    case "set":
    case "keyed-set": {
      if (!Array.isArray(value)) return `!${safeJson(value)}`;
      const identities = value.map((element) => elementKey(spec, element));
      return safeJson([...new Set(identities)].sort());
    }
  }
}

/**
 * The form in which a property compares. `props` may be old state written by an older
 * version, so any key may be missing: a missing or null value counts as its default (a
 * required one as null), a copied default as the value of its source.
 */
export function canonical(schema: Schema, props: Record<string, unknown>, property: string): Canonical {
  const spec = schema[property] as InputSpec;
  const value = props[property];
  if (containsUnknown(value)) return UNKNOWN_MARK;
  if (given(value)) return form(spec, value);
  if (isCopyOf(spec.default)) return canonical(schema, props, spec.default.copyOf);
  return form(spec, spec.default ?? null);
}
