import { UNKNOWN } from "../user/props";

const INPUTS = ["username", "userId", "triggers", "rotateAfterDays"] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ResetDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * A reset is an action: every input change replaces it, and its replacement is what sends the
 * next email. Rotation needs no scheduler: once the last reset is older than `rotateAfterDays`
 * at preview time, `resetAt` is reported as replacing, so the preview shows a new reset coming
 * and the next `up` sends it. Pure apart from the clock, which tests pass in.
 */
export function diffReset(olds: Record<string, unknown>, news: Record<string, unknown>, now: number = Date.now()): ResetDiff {
  const replaces: string[] = INPUTS.filter((key) => !sameValue(olds[key] ?? defaultOf(key), news[key] ?? defaultOf(key)));
  const days = news.rotateAfterDays;
  if (typeof days === "number" && days > 0 && isDue(olds.resetAt, days, now)) replaces.push("resetAt");
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

/** Due when the last reset is at least `days` old, or its time is unreadable. */
export function isDue(resetAt: unknown, days: number, now: number): boolean {
  const at = typeof resetAt === "string" ? Date.parse(resetAt) : NaN;
  return Number.isNaN(at) || now - at >= days * DAY_MS;
}

function defaultOf(key: (typeof INPUTS)[number]): unknown {
  return key === "triggers" ? {} : key === "rotateAfterDays" ? 0 : "";
}

/** Deep equality of JSON values; object key order does not matter; UNKNOWN is never equal. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
