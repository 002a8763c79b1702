/**
 * A resource's property table, and what every provider derives from it: check's defaults,
 * validation and order; diff's replace and update sets and the canonical form each property
 * is compared in; the outputs a resource declares and which of them are secret.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, CheckResult } from "@pulumi/pulumi/dynamic";
import { closestName } from "./spelling";
import { asRecord, containsUnknown, given, isPlainObject, isUnknown, safeJson, stableJson, UNKNOWN, withoutUndefined } from "./values";

/** What changing an input does: a new resource, an in-place update, or nothing at all. */
export type ChangeMode = "replace" | "patch" | "none";

/**
 * How an old and a new value compare: `scalar` as JSON; `value` as JSON with object keys in
 * any order; `set` as a list whose order and repetitions do not matter; `keyed-set` as a set
 * of objects that compare by one key and one value (e.g. corpusKey and role).
 */
export type Comparison = "scalar" | "value" | "set" | "keyed-set";

/**
 * A reason (one line: the value, where inside the property when it is an element, and what is
 * valid; never the property's own name, which the engine prints before it), several, or none.
 */
export type Problems = string | readonly string[] | undefined;

/** The default of an input that copies another (string) input when omitted. */
export interface CopyOf {
  readonly copyOf: string;
  /** Why the copied value does not work here (checked only when the source itself passed). */
  readonly problem?: (copied: string) => string | undefined;
}

/** The identity of a `keyed-set` element: its key, also under its snake_case name in old state, and its value. */
export interface ElementIdentity {
  readonly key: string;
  readonly wireKey: string;
  readonly value: string;
}

export interface InputSpec<T = unknown> {
  readonly role: "input";
  /** Type only (`t<string>()`): the property's TypeScript type; undefined at run time. */
  readonly type: T;
  /** Check fails without it (its validator is then called with undefined or null). */
  readonly required?: true;
  /** The value when omitted or null. */
  readonly default?: T | CopyOf;
  /** Why a value is not acceptable; must accept the preview's unknown sentinel. */
  readonly validate: (value: unknown, property: string) => Problems;
  readonly change: ChangeMode;
  readonly compare: Comparison;
  /** For `keyed-set`. */
  readonly identity?: ElementIdentity;
  /** Marked secret in state. */
  readonly secret?: true;
}

export interface OutputSpec<T = unknown> {
  readonly role: "output";
  readonly type: T;
  /** The value when the service does not say. */
  readonly default: T;
  readonly secret?: true;
}

export type PropertySpec = InputSpec<any> | OutputSpec<any>;
export type Schema = Readonly<Record<string, PropertySpec>>;

/** Type-only marker for a row's `type`: `type: t<ApiRole[]>()`. */
export function t<T>(): T {
  return undefined as T;
}

/** Every property's value: what state holds. */
export type Values<S extends Schema> = { -readonly [K in keyof S]: S[K]["type"] };
/** The inputs' values, after check applied the defaults. */
export type InputValues<S extends Schema> = { -readonly [K in keyof S as S[K] extends { role: "input" } ? K : never]: S[K]["type"] };
/** A resource class's output properties, one `pulumi.Output` per property of the table. */
export type Declared<T> = { readonly [K in keyof T]: pulumi.Output<T[K]> };
/** `true` when the two types have the same keys (compile-time checks of hand-written declarations). */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
/** Fails to compile ("Type 'false' does not satisfy the constraint 'true'") unless `T` is `true`. */
export type AssertTrue<T extends true> = T;

/** check's result; `inputs` and `failures` always set. */
export interface Checked extends CheckResult<Record<string, unknown>> {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

function inputs(schema: Schema): [string, InputSpec][] {
  return Object.entries(schema).filter((entry): entry is [string, InputSpec] => entry[1].role === "input");
}

/** The inputs, in table order (the order check reports failures in). */
export function inputKeys(schema: Schema): string[] {
  return inputs(schema).map(([key]) => key);
}

/** The inputs whose change does `mode`, in table order. */
export function keysWhere(schema: Schema, mode: ChangeMode): string[] {
  return inputs(schema)
    .filter(([, spec]) => spec.change === mode)
    .map(([key]) => key);
}

/** The secret properties: the resource marks them with `additionalSecretOutputs`. */
export function secretKeys(schema: Schema): string[] {
  return Object.entries(schema)
    .filter(([, spec]) => spec.secret)
    .map(([key]) => key);
}

/** Every property as a key of the props, as `dynamic.Resource` needs to fill in its outputs. */
export function declaredOutputs(schema: Schema): Record<string, undefined> {
  return Object.fromEntries(Object.keys(schema).map((key) => [key, undefined]));
}

function isCopyOf(value: unknown): value is CopyOf {
  return isPlainObject(value) && typeof value.copyOf === "string";
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

/** Marks a value that cannot be compared yet. */
const UNKNOWN_MARK = Symbol("unknown");
type Canonical = string | typeof UNKNOWN_MARK;

function elementIdentity(element: unknown, identity: ElementIdentity): string {
  if (!isPlainObject(element)) return safeJson(["!", element]);
  const key = element[identity.key] !== undefined ? element[identity.key] : element[identity.wireKey];
  return safeJson([key ?? null, element[identity.value] ?? null]);
}

/** What one element of a `set` or `keyed-set` list compares by. */
function elementKey(spec: InputSpec, element: unknown): string {
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
function canonical(schema: Schema, props: Record<string, unknown>, property: string): Canonical {
  const spec = schema[property] as InputSpec;
  const value = props[property];
  if (containsUnknown(value)) return UNKNOWN_MARK;
  if (given(value)) return form(spec, value);
  if (isCopyOf(spec.default)) return canonical(schema, props, spec.default.copyOf);
  return form(spec, spec.default ?? null);
}

/**
 * The inputs whose change does `mode` and that differ between old state (`olds`) and new
 * inputs (`news`), in table order. A value still unknown, whole or anywhere inside, differs.
 */
export function changedKeys(schema: Schema, olds: unknown, news: unknown, mode: ChangeMode): string[] {
  const o = asRecord(olds);
  const n = asRecord(news);
  return keysWhere(schema, mode).filter((property) => {
    const before = canonical(schema, o, property);
    const after = canonical(schema, n, property);
    return before === UNKNOWN_MARK || after === UNKNOWN_MARK || before !== after;
  });
}
