/**
 * Limits and validators of the VectaraUser inputs. Each validator returns a reason (a sentence
 * that names the property path, the bad value and what is valid) or `undefined` when the value
 * is fine.
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host). Values
 * still unknown during a preview (the `UNKNOWN` sentinel) are always accepted.
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `length`, as a Java service counts
 * them), which is never less than the number of code points.
 */
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../client/types";
import { USERNAME_MAX_LENGTH, USERNAME_RULE, usernameProblem } from "../runtime/username";
import { CONTROL_CHAR, containsUnknown, describeValue, isPlainObject, isUnknown, LONE_SURROGATE, typeName, WHITESPACE } from "../runtime/values";
import { ROLE_KIND_LABEL, RoleKind, roleHintText } from "./roles";

export const LIMITS = {
  emailMaxLength: 254,
  emailLocalPartMaxLength: 64,
  emailDomainLabelMaxLength: 63,
  usernameMaxLength: USERNAME_MAX_LENGTH,
  descriptionMaxLength: 255,
  corpusKeyMaxLength: 50,
} as const;

/**
 * The spec's `CorpusKey` pattern is `[a-zA-Z0-9_\=\-]+$` (JSON Schema patterns are unanchored
 * at the start); the contract reads it as the whole key, so it is anchored at both ends here.
 */
export const CORPUS_KEY_PATTERN = /^[a-zA-Z0-9_=-]+$/;

export const EMAIL_RULE =
  `an email address is local-part@domain, such as "alice@example.com": one "@", a local part of ` +
  `1-${LIMITS.emailLocalPartMaxLength} characters, a domain of dot-separated labels ending in a ` +
  `top-level domain of at least 2 characters, no spaces or control characters, at most ` +
  `${LIMITS.emailMaxLength} characters in all`;

export const CORPUS_KEY_RULE =
  `a corpusKey is 1-${LIMITS.corpusKeyMaxLength} characters of a-z, A-Z, 0-9, "_", "=" and "-"`;

export const AGENT_KEY_RULE = "an agentKey is a non-empty string with no spaces or control characters";

export const CORPUS_ROLE_SHAPE =
  `a corpus role is {corpusKey, role} where ${CORPUS_KEY_RULE} and role is one of ${CORPUS_ROLES.join(", ")}`;

export const AGENT_ROLE_SHAPE =
  `an agent role is {agentKey, role} where ${AGENT_KEY_RULE} and role is one of ${AGENT_ROLES.join(", ")}`;

/** Why `email` is not acceptable, or undefined. `value === undefined` means it was omitted. */
export function emailProblem(value: unknown, property = "email"): string | undefined {
  if (isUnknown(value)) return undefined;
  if (value === undefined || value === null) {
    return `${property}: is required and ${value === null ? "is null" : "was not given"}; ${EMAIL_RULE}`;
  }
  if (typeof value !== "string") {
    return `${property}: ${describeValue(value)} is ${typeName(value)}, not a string; ${EMAIL_RULE}`;
  }
  const why = emailSyntaxProblem(value);
  return why === undefined ? undefined : `${property}: ${describeValue(value)} is not a valid email address: ${why}; ${EMAIL_RULE}`;
}

/** Characters RFC 5322 reserves ("specials") that an unquoted local part cannot hold. */
const LOCAL_PART_SPECIALS = /[()<>[\]:;,\\"]/;
/** A domain label: letters (any script), digits, marks and inner hyphens. */
const DOMAIN_LABEL = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;

function emailSyntaxProblem(email: string): string | undefined {
  if (email.length === 0) return "it is empty";
  if (email.length > LIMITS.emailMaxLength) return `it is ${email.length} characters long (at most ${LIMITS.emailMaxLength})`;
  if (WHITESPACE.test(email)) return "it contains a space";
  if (CONTROL_CHAR.test(email)) return "it contains a control character";
  if (LONE_SURROGATE.test(email)) return "it contains an unpaired UTF-16 surrogate";
  const at = email.split("@").length - 1;
  if (at === 0) return 'it has no "@"';
  if (at > 1) return `it has ${at} "@" characters (exactly one is allowed)`;
  const [local, domain] = email.split("@");
  if (local.length === 0) return 'the part before "@" is empty';
  if (local.length > LIMITS.emailLocalPartMaxLength) {
    return `the part before "@" is ${local.length} characters long (at most ${LIMITS.emailLocalPartMaxLength})`;
  }
  if (LOCAL_PART_SPECIALS.test(local)) return 'the part before "@" contains one of ( ) < > [ ] : ; , \\ "';
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return 'the part before "@" starts or ends with a dot or has two dots in a row';
  }
  if (domain.length === 0) return 'the domain after "@" is empty';
  const labels = domain.split(".");
  if (labels.length < 2) return `the domain ${JSON.stringify(domain)} has no dot`;
  for (const label of labels) {
    if (label.length === 0) return `the domain ${JSON.stringify(domain)} has an empty label (a leading, trailing or double dot)`;
    if (label.length > LIMITS.emailDomainLabelMaxLength) {
      return `the domain label ${describeValue(label)} is longer than ${LIMITS.emailDomainLabelMaxLength} characters`;
    }
    if (!DOMAIN_LABEL.test(label)) {
      return `the domain label ${JSON.stringify(label)} may hold only letters, digits and inner hyphens`;
    }
  }
  const tld = labels[labels.length - 1];
  if (tld.length < 2) return `the top-level domain ${JSON.stringify(tld)} is shorter than 2 characters`;
  if (/^[0-9]+$/.test(tld)) return `the top-level domain ${JSON.stringify(tld)} is all digits`;
  return undefined;
}

/**
 * Why an email, valid as an email, cannot serve as the username it becomes when `username`
 * is not set (it is longer than 128 characters, or has a dot segment); said on `username`,
 * where the fix goes.
 */
export function usernameFromEmailProblem(email: string): string | undefined {
  if (usernameProblem(email) === undefined) return undefined;
  return (
    `username: not set, so it defaults to the email ${JSON.stringify(email.length > 60 ? `${email.slice(0, 40)}…` : email)}` +
    `${email.length > LIMITS.usernameMaxLength ? ` (${email.length} characters)` : ""}, which is not a valid username; ` +
    `set username explicitly: ${USERNAME_RULE}`
  );
}

/** Why `description` is not acceptable, or undefined (omitted and null are fine). */
export function descriptionProblem(value: unknown, property = "description"): string | undefined {
  if (isUnknown(value) || value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    return `${property}: ${describeValue(value)} is ${typeName(value)}, not a string; a description is a string of at most ${LIMITS.descriptionMaxLength} characters`;
  }
  if (value.length > LIMITS.descriptionMaxLength) {
    return `${property}: ${describeValue(value)} is ${value.length} characters long; a description is at most ${LIMITS.descriptionMaxLength} characters`;
  }
  return undefined;
}

/** Why a boolean property is not acceptable, or undefined (omitted and null are fine). */
export function booleanProblem(value: unknown, property: string): string | undefined {
  if (isUnknown(value) || value === undefined || value === null || typeof value === "boolean") return undefined;
  return `${property}: ${describeValue(value)} is ${typeName(value)}, not a boolean; use true or false`;
}

function roleNameProblem(value: unknown, path: string, kind: RoleKind): string | undefined {
  if (isUnknown(value)) return undefined;
  const valid = kind === "api" ? API_ROLES : kind === "corpus" ? CORPUS_ROLES : AGENT_ROLES;
  if (typeof value !== "string") {
    return `${path}: ${describeValue(value)} is ${typeName(value)}, not a role name. Valid roles: ${valid.join(", ")}`;
  }
  if ((valid as readonly string[]).includes(value)) return undefined;
  return `${path}: ${describeValue(value)} is not a ${ROLE_KIND_LABEL[kind]}${roleHintText(value, kind)}`;
}

/** Why one element of `apiRoles` is not acceptable, or undefined. */
export function apiRoleProblem(value: unknown, path = "apiRoles"): string | undefined {
  return roleNameProblem(value, path, "api");
}

/** Why a corpusKey is not acceptable, or undefined. */
export function corpusKeyProblem(value: unknown, path = "corpusKey"): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") return `${path}: ${describeValue(value)} is ${typeName(value)}, not a string; ${CORPUS_KEY_RULE}`;
  if (value.length === 0) return `${path}: "" is empty; ${CORPUS_KEY_RULE}`;
  if (value.length > LIMITS.corpusKeyMaxLength) {
    return `${path}: ${describeValue(value)} is ${value.length} characters long; ${CORPUS_KEY_RULE}`;
  }
  if (!CORPUS_KEY_PATTERN.test(value)) {
    const bad = [...new Set([...value].filter((c) => !CORPUS_KEY_PATTERN.test(c)))];
    return `${path}: ${describeValue(value)} contains ${bad.map((c) => JSON.stringify(c)).join(", ")}; ${CORPUS_KEY_RULE}`;
  }
  return undefined;
}

/** Why an agentKey is not acceptable, or undefined. The spec puts no pattern on it. */
export function agentKeyProblem(value: unknown, path = "agentKey"): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") return `${path}: ${describeValue(value)} is ${typeName(value)}, not a string; ${AGENT_KEY_RULE}`;
  if (value.length === 0) return `${path}: "" is empty; ${AGENT_KEY_RULE}`;
  if (WHITESPACE.test(value) || CONTROL_CHAR.test(value) || LONE_SURROGATE.test(value)) {
    return `${path}: ${describeValue(value)} contains a space or control character; ${AGENT_KEY_RULE}`;
  }
  return undefined;
}

interface KeyedRoleSpec {
  kind: "corpus" | "agent";
  keyName: "corpusKey" | "agentKey";
  shape: string;
  keyProblem: (value: unknown, path: string) => string | undefined;
}

const CORPUS_SPEC: KeyedRoleSpec = { kind: "corpus", keyName: "corpusKey", shape: CORPUS_ROLE_SHAPE, keyProblem: corpusKeyProblem };
const AGENT_SPEC: KeyedRoleSpec = { kind: "agent", keyName: "agentKey", shape: AGENT_ROLE_SHAPE, keyProblem: agentKeyProblem };

function keyedRoleProblem(value: unknown, path: string, spec: KeyedRoleSpec): string | undefined {
  if (isUnknown(value)) return undefined;
  if (!isPlainObject(value)) {
    return `${path}: ${describeValue(value)} is ${typeName(value)}, not an object; ${spec.shape}`;
  }
  const problems: string[] = [];
  const allowed = [spec.keyName, "role"];
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  for (const key of extra) {
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const hint = allowed.includes(camel) ? ` (did you mean "${camel}"?)` : "";
    problems.push(`has an unknown key ${JSON.stringify(key)}${hint}`);
  }
  if (!Object.hasOwn(value, spec.keyName)) problems.push(`is missing ${spec.keyName}`);
  if (!Object.hasOwn(value, "role")) problems.push("is missing role");
  if (problems.length > 0) {
    return `${path}: ${describeValue(value)} ${problems.join(" and ")}; ${spec.shape}`;
  }
  const both = [
    spec.keyProblem(value[spec.keyName], `${path}.${spec.keyName}`),
    roleNameProblem(value.role, `${path}.role`, spec.kind),
  ].filter((p): p is string => p !== undefined);
  return both.length === 0 ? undefined : both.join("\n");
}

/** Why one element of `corpusRoles` is not acceptable, or undefined. */
export function corpusRoleProblem(value: unknown, path = "corpusRoles"): string | undefined {
  return keyedRoleProblem(value, path, CORPUS_SPEC);
}

/** Why one element of `agentRoles` is not acceptable, or undefined. */
export function agentRoleProblem(value: unknown, path = "agentRoles"): string | undefined {
  return keyedRoleProblem(value, path, AGENT_SPEC);
}

/** The identity of a valid, fully known role element, for duplicate detection. */
function roleIdentity(kind: RoleKind, element: unknown): string | undefined {
  if (containsUnknown(element)) return undefined;
  if (kind === "api") return typeof element === "string" ? element : undefined;
  if (!isPlainObject(element)) return undefined;
  const key = kind === "corpus" ? element.corpusKey : element.agentKey;
  return typeof key === "string" && typeof element.role === "string" ? JSON.stringify([key, element.role]) : undefined;
}

function identityText(kind: RoleKind, identity: string): string {
  if (kind === "api") return JSON.stringify(identity);
  const [key, role] = JSON.parse(identity) as [string, string];
  const keyName = kind === "corpus" ? "corpusKey" : "agentKey";
  return `{${keyName}: ${JSON.stringify(key)}, role: ${JSON.stringify(role)}}`;
}

/**
 * Every problem of one role list (`apiRoles`, `corpusRoles` or `agentRoles`): its type, each
 * bad element, each duplicate. Empty when the list is fine; omitted and null lists are fine.
 */
export function roleListProblems(value: unknown, property: string, kind: RoleKind): string[] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  const elementText =
    kind === "api"
      ? `role names, one of ${API_ROLES.join(", ")}`
      : kind === "corpus"
        ? `objects; ${CORPUS_ROLE_SHAPE}`
        : `objects; ${AGENT_ROLE_SHAPE}`;
  if (!Array.isArray(value)) {
    return [`${property}: ${describeValue(value)} is ${typeName(value)}, not a list; ${property} is a list of ${elementText}`];
  }
  const problems: string[] = [];
  const check = kind === "api" ? apiRoleProblem : kind === "corpus" ? corpusRoleProblem : agentRoleProblem;
  const seen = new Map<string, number[]>();
  value.forEach((element, i) => {
    const problem = check(element, `${property}[${i}]`);
    if (problem !== undefined) {
      problems.push(problem);
      return;
    }
    const identity = roleIdentity(kind, element);
    if (identity === undefined) return;
    const at = seen.get(identity);
    if (at) at.push(i);
    else seen.set(identity, [i]);
  });
  for (const [identity, at] of seen) {
    if (at.length > 1) {
      const unit = kind === "api" ? "role" : kind === "corpus" ? "(corpusKey, role) pair" : "(agentKey, role) pair";
      problems.push(
        `${property}: ${identityText(kind, identity)} appears more than once (at ${at.map((i) => `[${i}]`).join(", ")}); list each ${unit} once`,
      );
    }
  }
  return problems;
}
