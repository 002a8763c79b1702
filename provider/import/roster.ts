/**
 * `--format roster`: the roster JSON the team example's program reads (examples/team/load-roster.ts):
 * `{ "people": [...] }`, one person per user with its resource name and `"adoptExisting": true`,
 * sorted by name. Values are kept exactly as Vectara returned them (role names the provider does
 * not know included: the summary reports them, and the preview refuses them).
 *
 * One person per block and each value on one line, so that a later edit is a one-line diff.
 */
import { safeLiteral } from "./escape";
import type { Imported } from "./people";

/** JSON on one line, with a space after `,` and `:` and inside `{ }`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  return typeof value === "string" ? safeLiteral(value) : JSON.stringify(value);
}

export function renderRoster(imported: readonly Imported[]): string {
  if (imported.length === 0) return `{\n  "people": []\n}\n`;
  const people = imported.map(({ person }) => {
    const fields = Object.entries(person).map(([k, v]) => `      ${JSON.stringify(k)}: ${inline(v)}`);
    return `    {\n${fields.join(",\n")}\n    }`;
  });
  return `{\n  "people": [\n${people.join(",\n")}\n  ]\n}\n`;
}
