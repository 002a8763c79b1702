/**
 * diff, derived from a property table (schema.ts): which inputs changed, and whether a change
 * replaces the resource. Pure: no I/O, no runtime import of @pulumi/pulumi.
 *
 * `olds` are the old OUTPUTS from state (possibly written by an older version of the provider,
 * so any key may be missing: a missing or null key counts as its default); `news` are the
 * inputs check returned. A value still unknown (preview), whole or anywhere inside, differs.
 */
import type { DiffResult } from "@pulumi/pulumi/dynamic";
import { canonical, UNKNOWN_MARK } from "./compare";
import { keysWhere, type ChangeMode, type Schema } from "./schema";
import { asRecord } from "./values";

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

/**
 * The table's diff: a change of a `replace` input replaces the resource, a change of a `patch`
 * input updates it in place, a `none` input never changes anything. `deleteBeforeReplace` for
 * a resource whose replacement would collide with the old one (a unique key in the account).
 */
export function tableDiff(schema: Schema, olds: unknown, news: unknown, options: { deleteBeforeReplace?: boolean } = {}): DiffResult {
  const replaces = changedKeys(schema, olds, news, "replace");
  const changes = replaces.length > 0 || changedKeys(schema, olds, news, "patch").length > 0;
  return { changes, replaces, deleteBeforeReplace: !!options.deleteBeforeReplace && replaces.length > 0 };
}
