/**
 * `diff` of VectaraUser, derived from the table in schema.ts.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 *
 * `olds` are the old OUTPUTS from state (possibly written by an older version of this provider,
 * so any key may be missing: a missing or null key counts as its default); `news` are the
 * inputs `check` returned.
 *
 * - `email` or `username` changed → replace, delete before create (both are unique in an
 *   account: creating the new user first would collide with the old one).
 * - `description`, role lists, `enabled` changed → update in place. Role lists compare as
 *   sets: order and duplicates don't matter; corpus and agent roles by their (key, role) pair.
 * - `adoptExisting` never causes a change (it only matters at create).
 * - A value still unknown (preview), whole or anywhere inside a list, counts as a change.
 */
import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { changedKeys, tableDiff } from "../../framework/diff";
import { keysWhere } from "../../framework/schema";
import { USER_SCHEMA } from "./schema";

/** Properties whose change means a new user. */
export const REPLACE_PROPERTIES: readonly string[] = keysWhere(USER_SCHEMA, "replace");
/** Properties `update()` changes with one PATCH, in the order `changedProperties` lists them. */
export const UPDATABLE_PROPERTIES: readonly string[] = keysWhere(USER_SCHEMA, "patch");

/** Which updatable properties differ between the old outputs and the new inputs. */
export function changedProperties(olds: unknown, news: unknown): string[] {
  return changedKeys(USER_SCHEMA, olds, news, "patch");
}

/** Which of `email` and `username` differ (each means a new user). */
export function replacedProperties(olds: unknown, news: unknown): string[] {
  return changedKeys(USER_SCHEMA, olds, news, "replace");
}

export function diffUser(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult {
  return tableDiff(USER_SCHEMA, olds, news, { deleteBeforeReplace: true });
}
