/**
 * Limits and validators of the VectaraUser inputs. Each validator returns a reason (one line
 * that quotes the bad value, names the element's path inside a list, and says what is valid)
 * or `undefined` when the value is fine. A reason never starts with the property's name: the
 * engine prints it first ("property email value {…} has a problem: <reason>").
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host). Values
 * still unknown during a preview (the `UNKNOWN` sentinel) are always accepted.
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `length`, as a Java service counts
 * them), which is never less than the number of code points.
 */
import { domainToASCII } from "node:url";
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../../client";
import { USERNAME_MAX_LENGTH, USERNAME_RULE, usernameProblem } from "../../vectara/username";
import {
  CONTROL_CHAR,
  describeValue,
  isPlainObject,
  isUnknown,
  LONE_SURROGATE,
  typeName,
  UNPAIRED_SURROGATE,
  WHITESPACE,
} from "../../framework/values";
import { ROLE_KIND_LABEL, roleHintText, VALID_ROLES, type RoleKind } from "./roles";

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

/** The shape of an email address, for the problems that are about its shape. */
export const EMAIL_SHAPE = 'an email address is local-part@domain, such as "alice@example.com"';

/**
 * Why Vectara takes only ASCII addresses: its spec declares `format: email`, which OpenAPI and
 * JSON Schema define as RFC 5321's Mailbox (ASCII); internationalized addresses (RFC 6531) are
 * the `idn-email` format, which the spec does not declare.
 */
const ASCII_ONLY = 'Vectara\'s API takes ASCII email addresses only (its spec says format "email", RFC 5321)';

export const CORPUS_KEY_RULE = `a corpusKey is 1-${LIMITS.corpusKeyMaxLength} characters of a-z, A-Z, 0-9, "_", "=" and "-"`;

export const AGENT_KEY_RULE = "an agentKey is a non-empty string with no spaces or control characters";

export const CORPUS_ROLE_SHAPE = `a corpus role is {corpusKey, role} where ${CORPUS_KEY_RULE} and role is one of ${CORPUS_ROLES.join(", ")}`;

export const AGENT_ROLE_SHAPE = `an agent role is {agentKey, role} where ${AGENT_KEY_RULE} and role is one of ${AGENT_ROLES.join(", ")}`;

/** Why `email` is not acceptable, or undefined. `value === undefined` means it was omitted. */
export function emailProblem(value: unknown): string | undefined {
  if (isUnknown(value)) return undefined;
  if (value === undefined || value === null) {
    return `required${value === null ? ", got null" : ""}: the user's email address, such as "alice@example.com"`;
  }
  if (typeof value !== "string") {
    return `${describeValue(value)} is ${typeName(value)}, not a string; ${EMAIL_SHAPE}`;
  }
  const why = emailSyntaxProblem(value);
  return why === undefined ? undefined : `${describeValue(value)} is not a valid email address: ${why}`;
}

/** Characters RFC 5322 reserves ("specials") that an unquoted local part cannot hold. */
const LOCAL_PART_SPECIALS = /[()<>[\]:;,\\"]/;
/** A domain label (RFC 5321, ASCII): letters, digits and inner hyphens. */
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const NON_ASCII = /[^\x00-\x7f]/u;

/** The non-ASCII characters of `text`, quoted: `"é", "ä"`. */
function nonAscii(text: string): string {
  return [...new Set(text.match(/[^\x00-\x7f]/gu))].map((c) => JSON.stringify(c)).join(", ");
}

function emailSyntaxProblem(email: string): string | undefined {
  if (email.length === 0) return `it is empty; ${EMAIL_SHAPE}`;
  if (email.length > LIMITS.emailMaxLength) return `it is ${email.length} characters long (at most ${LIMITS.emailMaxLength})`;
  if (WHITESPACE.test(email)) return "it contains a space";
  if (CONTROL_CHAR.test(email)) return "it contains a control character";
  if (LONE_SURROGATE.test(email)) return "it contains an unpaired UTF-16 surrogate";
  const at = email.split("@").length - 1;
  if (at === 0) return `it has no "@"; ${EMAIL_SHAPE}`;
  if (at > 1) return `it has ${at} "@" characters (exactly one is allowed)`;
  const [local, domain] = email.split("@");
  if (local.length === 0) return `the part before "@" is empty; ${EMAIL_SHAPE}`;
  if (local.length > LIMITS.emailLocalPartMaxLength) {
    return `the part before "@" is ${local.length} characters long (at most ${LIMITS.emailLocalPartMaxLength})`;
  }
  if (NON_ASCII.test(local)) {
    return `the part before "@" has non-ASCII characters (${nonAscii(local)}), which have no ASCII form; ${ASCII_ONLY}`;
  }
  if (LOCAL_PART_SPECIALS.test(local)) return 'the part before "@" contains one of ( ) < > [ ] : ; , \\ "';
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return 'the part before "@" starts or ends with a dot or has two dots in a row';
  }
  if (domain.length === 0) return `the domain after "@" is empty; ${EMAIL_SHAPE}`;
  if (NON_ASCII.test(domain)) {
    const ascii = domainToASCII(domain);
    const instead = ascii ? `: use the domain's ASCII form, ${JSON.stringify(`${local}@${ascii}`)}` : "";
    return `the domain ${JSON.stringify(domain)} has non-ASCII characters (${nonAscii(domain)}); ${ASCII_ONLY}${instead}`;
  }
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
    `not set, so it defaults to the email ${JSON.stringify(email.length > 60 ? `${email.slice(0, 40)}…` : email)}` +
    `${email.length > LIMITS.usernameMaxLength ? ` (${email.length} characters)` : ""}, which is not a valid username; ` +
    `set username explicitly: ${USERNAME_RULE}`
  );
}

/** Why `description` is not acceptable, or undefined (omitted and null are fine). */
export function descriptionProblem(value: unknown): string | undefined {
  if (isUnknown(value) || value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    return `${describeValue(value)} is ${typeName(value)}, not a string; a description is a string of at most ${LIMITS.descriptionMaxLength} characters`;
  }
  if (value.length > LIMITS.descriptionMaxLength) {
    return `${describeValue(value)} is ${value.length} characters long; a description is at most ${LIMITS.descriptionMaxLength} characters`;
  }
  if (LONE_SURROGATE.test(value)) return `${describeValue(value)} ${UNPAIRED_SURROGATE}`;
  return undefined;
}

/** Why a boolean property is not acceptable, or undefined (omitted and null are fine). */
export function booleanProblem(value: unknown): string | undefined {
  if (isUnknown(value) || value === undefined || value === null || typeof value === "boolean") return undefined;
  return `${describeValue(value)} is ${typeName(value)}, not a boolean; use true or false`;
}

/** `"x" at apiRoles[1]`: a bad element's value and where it is. */
function at(value: unknown, path: string): string {
  return `${describeValue(value)} at ${path}`;
}

function roleNameProblem(value: unknown, path: string, kind: RoleKind): string | undefined {
  if (isUnknown(value)) return undefined;
  const valid = VALID_ROLES[kind];
  if (typeof value !== "string") {
    return `${at(value, path)} is ${typeName(value)}, not a role name. Valid roles: ${valid.join(", ")}`;
  }
  if (valid.includes(value)) return undefined;
  return `${at(value, path)} is not a ${ROLE_KIND_LABEL[kind]}${roleHintText(value, kind)}`;
}

/** Why a corpusKey is not acceptable, or undefined. */
export function corpusKeyProblem(value: unknown, path: string): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") return `${at(value, path)} is ${typeName(value)}, not a string; ${CORPUS_KEY_RULE}`;
  if (value.length === 0) return `${at(value, path)} is empty; ${CORPUS_KEY_RULE}`;
  if (value.length > LIMITS.corpusKeyMaxLength) {
    return `${at(value, path)} is ${value.length} characters long; ${CORPUS_KEY_RULE}`;
  }
  if (!CORPUS_KEY_PATTERN.test(value)) {
    const bad = [...new Set([...value].filter((c) => !CORPUS_KEY_PATTERN.test(c)))];
    return `${at(value, path)} contains ${bad.map((c) => JSON.stringify(c)).join(", ")}; ${CORPUS_KEY_RULE}`;
  }
  return undefined;
}

/** Why an agentKey is not acceptable, or undefined. The spec puts no pattern on it. */
function agentKeyProblem(value: unknown, path: string): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") return `${at(value, path)} is ${typeName(value)}, not a string; ${AGENT_KEY_RULE}`;
  if (value.length === 0) return `${at(value, path)} is empty; ${AGENT_KEY_RULE}`;
  if (WHITESPACE.test(value) || CONTROL_CHAR.test(value) || LONE_SURROGATE.test(value)) {
    return `${at(value, path)} contains a space or control character; ${AGENT_KEY_RULE}`;
  }
  return undefined;
}

interface KeyedRoleSpec {
  kind: "corpus" | "agent";
  keyName: "corpusKey" | "agentKey";
  shape: string;
  keyProblem: (value: unknown, path: string) => string | undefined;
}

const KEYED_ROLES: Readonly<Record<"corpus" | "agent", KeyedRoleSpec>> = {
  corpus: { kind: "corpus", keyName: "corpusKey", shape: CORPUS_ROLE_SHAPE, keyProblem: corpusKeyProblem },
  agent: { kind: "agent", keyName: "agentKey", shape: AGENT_ROLE_SHAPE, keyProblem: agentKeyProblem },
};

/** The problems of one element of `corpusRoles` or `agentRoles`: its shape, else its key and its role. */
function keyedRoleProblems(value: unknown, path: string, spec: KeyedRoleSpec): string[] {
  if (isUnknown(value)) return [];
  if (!isPlainObject(value)) {
    return [`${at(value, path)} is ${typeName(value)}, not an object; ${spec.shape}`];
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
    return [`${at(value, path)} ${problems.join(" and ")}; ${spec.shape}`];
  }
  return [spec.keyProblem(value[spec.keyName], `${path}.${spec.keyName}`), roleNameProblem(value.role, `${path}.role`, spec.kind)].filter(
    (p): p is string => p !== undefined,
  );
}

/**
 * Every problem of one role list (`apiRoles`, `corpusRoles` or `agentRoles`), one line each:
 * its type, or each bad element. Empty when the list is fine; omitted and null lists are fine.
 * Repetitions are fine too: the list is a set (check keeps one of each).
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
    return [`${describeValue(value)} is ${typeName(value)}, not a list; ${property} is a list of ${elementText}`];
  }
  return value.flatMap((element, i) => {
    const path = `${property}[${i}]`;
    if (kind === "api") return roleNameProblem(element, path, "api") ?? [];
    return keyedRoleProblems(element, path, KEYED_ROLES[kind]);
  });
}
