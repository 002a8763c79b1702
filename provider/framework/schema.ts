/**
 * A resource's property table: one row per property, with its type, default, validation,
 * change rule, comparison, API field and secrecy, and its doc comment written once. What is
 * derived from it lives beside this file: check.ts (defaults, validation), compare.ts and
 * diff.ts (what changed, and whether that replaces), mapping.ts (requests and outputs), and
 * resource.ts (the outputs a resource declares, which of them are secret).
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import type * as pulumi from "@pulumi/pulumi";
import { isPlainObject } from "./values";

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

/**
 * An input's row. `R` is the API client's record (the User of the users API): `api` names one
 * of its fields.
 */
export interface InputSpec<T = unknown, R = any> {
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
  /**
   * The field of the API client's record and requests this input maps to (the client's wire
   * module turns it into Vectara's JSON: apiRoles <-> api_roles); none for an input the
   * provider keeps to itself.
   */
  readonly api?: keyof R & string;
  /**
   * Whether the create request carries it: always, or only when not empty; absent for an input
   * the create cannot set (an update after the create sets it, when the server's value differs).
   */
  readonly onCreate?: "always" | "unless-empty";
  /** The output from the server's value and the declared one, where it is not simply the server's value. */
  readonly fromApi?: (server: any, declared: any) => T;
}

/** An output's row (see InputSpec for `R` and `api`). */
export interface OutputSpec<T = unknown, R = any> {
  readonly role: "output";
  readonly type: T;
  /** The value when the service does not say. */
  readonly default: T;
  readonly secret?: true;
  readonly api?: keyof R & string;
}

export type PropertySpec<R = any> = InputSpec<any, R> | OutputSpec<any, R>;
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

/** The inputs' rows, in table order. */
export function inputs(schema: Schema): [string, InputSpec][] {
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

export function isCopyOf(value: unknown): value is CopyOf {
  return isPlainObject(value) && typeof value.copyOf === "string";
}
