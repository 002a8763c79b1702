import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { changedKeys } from "../../framework/diff";
import { RESET_SCHEMA } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every input change replaces a reset (schema.ts), and its replacement is what sends the next
 * email. Rotation needs no scheduler: once the last reset is older than `rotateAfterDays` at
 * preview time, `resetAt` is reported as replacing, so the preview shows a new reset coming
 * and the next `up` sends it. Pure apart from the clock, which tests pass in.
 */
export function diffReset(olds: Record<string, unknown>, news: Record<string, unknown>, now: number = Date.now()): DiffResult {
  const replaces = changedKeys(RESET_SCHEMA, olds, news, "replace");
  const days = news.rotateAfterDays;
  if (typeof days === "number" && days > 0 && isDue(olds.resetAt, days, now)) replaces.push("resetAt");
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

/** Due when the last reset is at least `days` old, or its time is unreadable. */
export function isDue(resetAt: unknown, days: number, now: number): boolean {
  const at = typeof resetAt === "string" ? Date.parse(resetAt) : NaN;
  return Number.isNaN(at) || now - at >= days * DAY_MS;
}
