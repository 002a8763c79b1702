/**
 * Input strings the SDK would change on their way to the provider (an unpaired UTF-16
 * surrogate, values.ts UNPAIRED_SURROGATE): check sees a value only after that trip, too late
 * to tell. So the resource class wraps such a string, where the program declares the resource,
 * in a marker that survives the trip, and the provider's check refuses the marker with the
 * original value: the preview fails on that resource, before any API call.
 *
 * Pure and without @pulumi/pulumi at run time: used in the program and in the provider host.
 */
import { describeValue, isPlainObject, LONE_SURROGATE, UNPAIRED_SURROGATE } from "./values";

/** Starts a marker; NUL, so that no real value is taken for one. JSON of the value follows (ASCII, valid text). */
const MARK = "\u0000pulumi-vectara:unpaired-surrogate:";

/**
 * `args` with every string that holds an unpaired surrogate replaced by its marker. Only plain
 * strings, lists and objects are looked into, not an Output or a Promise (not known yet).
 */
export function carriable<T extends object>(args: T): T {
  return mark(args, 0) as T;
}

function mark(value: unknown, depth: number): unknown {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? `${MARK}${JSON.stringify(value)}` : value;
  if (depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => mark(v, depth + 1));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, depth + 1)]));
}

/** Check failures for the markers in `news`, naming each value as the program gave it. */
export function uncarriedFailures(news: Record<string, unknown>): { property: string; reason: string }[] {
  return markers(news, "").map(({ path, original }) => ({
    // No property: the engine would print the marker as the value.
    property: "",
    reason: `${path} ${describeValue(original)} ${UNPAIRED_SURROGATE}.`,
  }));
}

function markers(value: unknown, path: string, depth = 0): { path: string; original: string }[] {
  if (typeof value === "string") return value.startsWith(MARK) ? [{ path, original: JSON.parse(value.slice(MARK.length)) as string }] : [];
  if (depth > 32) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => markers(v, `${path}[${i}]`, depth + 1));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => markers(v, path ? `${path}.${k}` : k, depth + 1));
}
