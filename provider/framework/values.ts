/**
 * Values as the engine hands them to a provider and takes them back: the preview's unknown
 * sentinel, plain JSON-like objects, results without `undefined`, and a safe way to quote any
 * value in a message. Shared by every resource. Pure: no I/O, no runtime import of
 * @pulumi/pulumi (loaded inside the provider host).
 */

/** The value the engine sends in place of anything not yet known during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True for the preview's unknown-value sentinel. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when `value` is, or holds anywhere inside it, the unknown-value sentinel. */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (value === UNKNOWN) return true;
  if (depth > 32 || value === null || typeof value !== "object") return false;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return children.some((child) => containsUnknown(child, depth + 1));
}

/** Set, as opposed to omitted: `null` for an optional input means "not set". */
export function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` when it is an object (not a list), else an empty one: the engine's property bags. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A deep copy without `undefined`, functions or symbols (object keys holding them are dropped,
 * list elements become null): the provider host turns results into protobuf Structs and fails
 * on `undefined` ("Unexpected struct type"). Never throws on JSON-like input.
 */
export function withoutUndefined<T>(value: T): T {
  return strip(value, 0) as T;
}

function strip(value: unknown, depth: number): unknown {
  if (depth > 64) return null;
  if (Array.isArray(value)) {
    return value.map((element) => {
      const v = strip(element, depth + 1);
      return v === undefined ? null : v;
    });
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const cleaned = strip(v, depth + 1);
      // defineProperty, not assignment: a key named "__proto__" must stay an own key.
      if (cleaned !== undefined) Object.defineProperty(out, k, { value: cleaned, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}

/** JSON text of any value; never throws (a cycle or a BigInt falls back to `String`). */
export function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

/** JSON text in which object keys are sorted: equal for values equal up to key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** C0 and C1 control characters and DEL. */
export const CONTROL_CHAR = /\p{Cc}/u;
/** A UTF-16 surrogate without its partner: `encodeURIComponent` throws on it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Why a string with an unpaired surrogate is refused: it is not Unicode text, and the SDK
 * changes it on its way to the engine (drops a lone high surrogate: "a\uD800b" arrives as
 * "ab", so the provider would write a value nobody declared) or the engine refuses it (a lone
 * low surrogate is invalid UTF-8, and the program fails to register the resource).
 */
export const UNPAIRED_SURROGATE =
  "contains an unpaired UTF-16 surrogate, which is not text and which Pulumi cannot carry unchanged to the provider; remove it, or replace it with the character it should be";

/** Any whitespace, including Unicode spaces and line/paragraph separators. */
export const WHITESPACE = /[\s\p{Z}]/u;

const PREVIEW_MAX = 60;

/**
 * A short, safe rendering of any value for a reason: JSON where possible, long strings cut
 * with their length given. Never throws.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    if (value.length <= PREVIEW_MAX) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, PREVIEW_MAX - 20))}… (${value.length} characters)`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    try {
      text = String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length <= PREVIEW_MAX * 2 ? text : `${text.slice(0, PREVIEW_MAX * 2)}…`;
}

/** "a string", "a list", "null": what a reason says a wrong value is. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}
