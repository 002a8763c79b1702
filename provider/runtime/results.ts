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

/**
 * An error the host reports as a partial failure: the resource exists (so the engine records
 * `id` and `properties` in state) but did not reach its desired state. The next `pulumi up`
 * diffs against what was recorded and finishes the job instead of creating a duplicate.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "PartialCreateError";
  }
}
