/**
 * `diff` of the VectaraUser dynamic resource.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 *
 * `olds` are the old OUTPUTS from state (possibly written by an older version of this provider,
 * so any key may be missing: a missing or null key counts as its default); `news` are the
 * inputs `check` returned (defaults are applied again here, so unchecked inputs work too).
 *
 * - `email` or `username` changed → replace, delete before create (both are unique in an
 *   account: creating the new user first would collide with the old one).
 * - `description`, `enabled`, `apiRoles`, `corpusRoles`, `agentRoles` changed → update in place.
 *   Role lists compare as sets: order and duplicates don't matter; corpus and agent roles
 *   compare by their (key, role) pair.
 * - `adoptExisting` never causes a change (it only matters at create).
 * - A value still unknown (preview), whole or anywhere inside a list, counts as a change.
 */
import { containsUnknown, isPlainObject } from "./rules";

export interface UserDiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Properties whose change means a new user. */
export const REPLACE_PROPERTIES = ["email", "username"] as const;
/** Properties `update()` can change with a PATCH, in the order `changedProperties` lists them. */
export const UPDATABLE_PROPERTIES = ["description", "enabled", "apiRoles", "corpusRoles", "agentRoles"] as const;
export type UpdatableProperty = (typeof UPDATABLE_PROPERTIES)[number];
export type ReplaceProperty = (typeof REPLACE_PROPERTIES)[number];

/** Marks a value that cannot be compared yet. */
const UNKNOWN_MARK = Symbol("unknown");
type Canonical = string | typeof UNKNOWN_MARK;

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

function scalar(value: unknown, fallback: unknown): Canonical {
  if (containsUnknown(value)) return UNKNOWN_MARK;
  return safeJson(given(value) ? value : fallback);
}

function pairIdentity(element: unknown, keyName: "corpusKey" | "agentKey", snake: string): string {
  if (!isPlainObject(element)) return safeJson(["!", element]);
  const key = element[keyName] !== undefined ? element[keyName] : element[snake];
  return safeJson([key ?? null, element.role ?? null]);
}

/** A role list as a sorted, duplicate-free list of element identities (or UNKNOWN_MARK). */
function roleSet(value: unknown, property: "apiRoles" | "corpusRoles" | "agentRoles"): Canonical {
  if (containsUnknown(value)) return UNKNOWN_MARK;
  if (!given(value)) return "[]";
  if (!Array.isArray(value)) return `!${safeJson(value)}`;
  const identities = value.map((element) =>
    property === "apiRoles"
      ? safeJson(element)
      : property === "corpusRoles"
        ? pairIdentity(element, "corpusKey", "corpus_key")
        : pairIdentity(element, "agentKey", "agent_key"),
  );
  return safeJson([...new Set(identities)].sort());
}

function canonical(props: Record<string, unknown>, property: ReplaceProperty | UpdatableProperty): Canonical {
  switch (property) {
    case "email":
      return scalar(props.email, "");
    case "username":
      return given(props.username) ? scalar(props.username, "") : scalar(props.email, "");
    case "description":
      return scalar(props.description, "");
    case "enabled":
      return scalar(props.enabled, true);
    case "apiRoles":
    case "corpusRoles":
    case "agentRoles":
      return roleSet(props[property], property);
  }
}

function differs(olds: Record<string, unknown>, news: Record<string, unknown>, property: ReplaceProperty | UpdatableProperty): boolean {
  const before = canonical(olds, property);
  const after = canonical(news, property);
  return before === UNKNOWN_MARK || after === UNKNOWN_MARK || before !== after;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Which of the updatable properties differ between the old outputs and the new inputs, in
 * `UPDATABLE_PROPERTIES` order. `update()` sends one PATCH carrying only these.
 */
export function changedProperties(olds: Record<string, unknown>, news: Record<string, unknown>): UpdatableProperty[] {
  const o = asRecord(olds);
  const n = asRecord(news);
  return UPDATABLE_PROPERTIES.filter((property) => differs(o, n, property));
}

/** Which of `email` and `username` differ (each means a new user). */
export function replacedProperties(olds: Record<string, unknown>, news: Record<string, unknown>): ReplaceProperty[] {
  const o = asRecord(olds);
  const n = asRecord(news);
  return REPLACE_PROPERTIES.filter((property) => differs(o, n, property));
}

export function diffUser(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): UserDiffResult {
  const replaces: string[] = replacedProperties(olds, news);
  const updates = changedProperties(olds, news);
  if (replaces.length === 0 && updates.length === 0) {
    return { changes: false, replaces: [], deleteBeforeReplace: false };
  }
  return { changes: true, replaces, deleteBeforeReplace: replaces.length > 0 };
}
