/**
 * Reading a resource's properties as the policy SDK hands them over, with values that are not
 * known yet kept apart.
 *
 * During a preview, an input that is an output of another resource has no value yet. The SDK
 * (@pulumi/policy) passes properties through a proxy that throws its `UnknownValueError` when
 * such a value is read; a policy that lets it escape is reported as "can't run policy … during
 * preview" at the advisory level, whatever the policy's own level. Reading through `field` and
 * `list` turns each unknown into an `Unknown` (with that error), so a rule can still decide on
 * what is known, and rethrow the error (`uncheckable`) only when its answer depends on the unknown.
 */
import * as policy from "@pulumi/policy";

/** The SDK's error for an unknown value: exported at run time, left out of its typings (`@internal`). */
const UnknownValueError = (policy as unknown as { UnknownValueError: new (...args: never[]) => Error }).UnknownValueError;

/** A value that is not known in this preview (an output of another resource). */
export class Unknown {
  constructor(
    /** Where, e.g. `email` or `apiRoles[1]`. */
    readonly path: string,
    /** The SDK's error, rethrown by `uncheckable` so that the SDK reports it as advisory. */
    readonly cause: Error,
  ) {}
}

export type Value<T> = T | Unknown;

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

function isUnknownValueError(error: unknown): error is Error {
  return typeof UnknownValueError === "function" && error instanceof UnknownValueError;
}

/**
 * `object[key]`, or an `Unknown` when the SDK says the value is not known yet. Works on plain
 * objects too (the unit tests, the SDK's `unknownCheckingProxy` aside).
 */
export function field(object: unknown, key: string | number, path: string = String(key)): Value<unknown> {
  try {
    return (object as Record<string | number, unknown>)[key];
  } catch (e) {
    if (isUnknownValueError(e)) return new Unknown(path, e);
    throw e;
  }
}

/** An array property: unknown as a whole, or its elements (each possibly unknown); `[]` when absent. */
export function list(object: unknown, key: string): Value<Value<unknown>[]> {
  const value = field(object, key);
  if (isUnknown(value)) return value;
  if (!Array.isArray(value)) return [];
  const items: Value<unknown>[] = [];
  for (let i = 0; i < value.length; i++) items.push(field(value, i, `${key}[${i}]`));
  return items;
}

/**
 * The SDK's "could not be checked" report: throwing it from a validation makes the SDK print
 * `can't run policy '<name>' from policy pack '<pack>' during preview: <message>` at the advisory
 * level (the policy's own level does not apply: nothing is known to be wrong).
 */
export function uncheckable(unknown: Unknown, message: string): Error {
  // A copy of the SDK's error (its class is what the SDK recognizes) carrying our message.
  const error: Error = Object.create(Object.getPrototypeOf(unknown.cause));
  return Object.assign(error, unknown.cause, { message, stack: `${error.constructor.name}: ${message}` });
}
