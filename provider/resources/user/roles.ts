/**
 * Near-miss suggestions for role names: names from older Vectara docs, names that belong to a
 * different kind of role, case and separator slips, and plain typos (edit distance).
 *
 * Pure data and functions: no I/O, no runtime import of @pulumi/pulumi (this module is loaded
 * inside the provider host).
 */
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../../client";
import { closestName } from "../../framework/spelling";

export type RoleKind = "api" | "corpus" | "agent";

/** The valid role names of each kind, as the spec lists them. */
export const VALID_ROLES: Readonly<Record<RoleKind, readonly string[]>> = {
  api: API_ROLES,
  corpus: CORPUS_ROLES,
  agent: AGENT_ROLES,
};

/** How a reason names each kind: `"x" is not a Vectara API role`. */
export const ROLE_KIND_LABEL: Readonly<Record<RoleKind, string>> = {
  api: "Vectara API role",
  corpus: "Vectara corpus role",
  agent: "Vectara agent role",
};

/**
 * Names from older Vectara docs (or common shorthands of them) that map to exactly one current
 * name. Keys are normalized (lower case, `_` separators).
 */
export const LEGACY_ROLE_NAMES: Readonly<Record<RoleKind, Readonly<Record<string, string>>>> = {
  api: {
    admin: "administrator",
    corpus_admin: "corpus_administrator",
    corpus_dev: "corpus_developer",
    agent_admin: "agent_administrator",
    agent_dev: "agent_developer",
    billing_admin: "billing_administrator",
    pipeline_admin: "pipeline_administrator",
  },
  corpus: {
    admin: "administrator",
    corpus_admin: "administrator",
    // API role names used on a single corpus.
    corpus_administrator: "administrator",
    corpus_viewer: "viewer",
    corpus_owner: "owner",
    corpus_editor: "editor",
  },
  agent: {
    admin: "agent_administrator",
    administrator: "agent_administrator",
    agent_admin: "agent_administrator",
    viewer: "agent_viewer",
    developer: "agent_developer",
    agent_dev: "agent_developer",
    user: "agent_user",
  },
};

/** Names from older Vectara docs that the API no longer accepts and that have no equivalent. */
export const LEGACY_NAMES_WITHOUT_EQUIVALENT: ReadonlySet<string> = new Set(["query_writer"]);

/** Lower case, trimmed, runs of spaces, hyphens and dots turned into `_`. */
export function normalizeRoleName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, "_");
}

/** What we can say about a role name that is not valid for its kind. */
export type RoleHint =
  /** Probably meant `suggestion`; `legacy` when the name comes from older docs. */
  | { kind: "suggest"; suggestion: string; legacy: boolean }
  /** A name from older docs with no current equivalent. */
  | { kind: "legacy-no-equivalent" }
  /** A valid role of another kind (e.g. `editor` given as an API role). */
  | { kind: "other-kind"; otherKind: RoleKind; name: string }
  | { kind: "none" };

/** The hint for `name`, which is not a valid role of `kind`. */
export function roleHint(name: string, kind: RoleKind): RoleHint {
  const valid = VALID_ROLES[kind];
  const n = normalizeRoleName(name);
  if (valid.includes(n) && n !== name) return { kind: "suggest", suggestion: n, legacy: false };
  const table = LEGACY_ROLE_NAMES[kind];
  if (Object.hasOwn(table, n)) return { kind: "suggest", suggestion: table[n], legacy: true };
  if (LEGACY_NAMES_WITHOUT_EQUIVALENT.has(n)) return { kind: "legacy-no-equivalent" };
  // A prefix slip: `viewer` for an agent role, `corpus_viewer` for a corpus role.
  if (kind === "agent" && valid.includes(`agent_${n}`)) {
    return { kind: "suggest", suggestion: `agent_${n}`, legacy: false };
  }
  if (kind === "corpus" && n.startsWith("corpus_") && valid.includes(n.slice("corpus_".length))) {
    return { kind: "suggest", suggestion: n.slice("corpus_".length), legacy: false };
  }
  // A valid role of another kind, used in the wrong list.
  // The API list last: it also holds every agent role, but an agent role in corpusRoles most
  // likely belongs in agentRoles.
  for (const other of ["corpus", "agent", "api"] as const) {
    if (other !== kind && VALID_ROLES[other].includes(n)) return { kind: "other-kind", otherKind: other, name: n };
  }
  // Typos.
  const typo = closestName(n, valid);
  if (typo !== undefined) return { kind: "suggest", suggestion: typo, legacy: false };
  return { kind: "none" };
}

const LIST_OF_KIND: Readonly<Record<RoleKind, string>> = {
  api: "apiRoles",
  corpus: "corpusRoles",
  agent: "agentRoles",
};

/**
 * The part of a reason that follows `"x" is not a Vectara … role`, including the list of valid
 * roles, e.g. `; did you mean "viewer"? Valid roles: owner, …`.
 */
export function roleHintText(name: string, kind: RoleKind): string {
  const validList = `Valid roles: ${VALID_ROLES[kind].join(", ")}`;
  const hint = roleHint(name, kind);
  switch (hint.kind) {
    case "suggest":
      return hint.legacy
        ? ` (it is a name from older Vectara docs); did you mean "${hint.suggestion}"? ${validList}`
        : `; did you mean "${hint.suggestion}"? ${validList}`;
    case "legacy-no-equivalent":
      return `: it is a name from older Vectara docs that the API no longer accepts, and no current role is equivalent. ${validList}`;
    case "other-kind":
      return `; "${hint.name}" is a ${ROLE_KIND_LABEL[hint.otherKind]}: put it in ${LIST_OF_KIND[hint.otherKind]} instead. ${validList}`;
    case "none":
      return `. ${validList}`;
  }
}
