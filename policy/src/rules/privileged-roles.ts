/**
 * The account-level API roles `owner` and `administrator`: who may hold them (allowlists by
 * email) and how many resources may grant them at most. Corpus and agent roles of the same name
 * are per corpus or agent, and not counted here.
 */
import { who, type Grant, type Principal } from "../resources";
import { isUnknown, type Unknown } from "../values";
import {
  KNOWN_AFTER_UP,
  KNOWN_AT_UP,
  listing,
  lowerCaseList,
  optionalCount,
  STRING_LIST,
  unchecked,
  violation,
  type Finding,
  type ResourceRule,
  type StackRule,
} from "./rule";

export const PRIVILEGED_ROLES = ["owner", "administrator"] as const;
export type PrivilegedRole = (typeof PRIVILEGED_ROLES)[number];

/** The config keys of each role: its allowlist and its maximum. */
const KEYS: Record<PrivilegedRole, { allowlist: string; max: string }> = {
  owner: { allowlist: "owners", max: "maxOwners" },
  administrator: { allowlist: "administrators", max: "maxAdministrators" },
};

/** Whether `p` grants the API role `role`: yes, no, or an unknown that may be it. */
export function holds(p: Principal, role: string): true | false | Unknown {
  const api = p.grants.filter((g: Grant) => g.scope === "api");
  if (api.some((g) => g.role === role)) return true;
  const unknown = api.find((g) => isUnknown(g.role));
  return unknown ? (unknown.role as Unknown) : false;
}

export type RoleHoldersConfig = Record<PrivilegedRole, string[]>;

export const privilegedRoleHolders: ResourceRule<RoleHoldersConfig> = {
  name: "vectara-privileged-role-holders",
  description: "Only the listed people hold the API roles owner and administrator (config: owners, administrators).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      owners: { ...STRING_LIST, default: [], description: "Emails that may hold the API role owner; empty: anyone." },
      administrators: { ...STRING_LIST, default: [], description: "Emails that may hold the API role administrator; empty: anyone." },
    },
  },
  config: (raw) => ({ owner: lowerCaseList(raw.owners), administrator: lowerCaseList(raw.administrators) }),
  checkResource(p: Principal, config): Finding[] {
    const findings: Finding[] = [];
    for (const role of PRIVILEGED_ROLES) {
      const allowed = config[role];
      // Allowlists name people: a kind without an email (a machine credential) is only counted.
      if (allowed.length === 0 || p.email === undefined) continue;
      const held = holds(p, role);
      if (held === false) continue;
      const only = `only ${listing(allowed)} may hold it`;
      if (isUnknown(p.email)) {
        findings.push(
          unchecked(
            p.email,
            who(p),
            `it ${held === true ? "holds" : "may hold"} the API role ${role} (${only}), and its email is ${KNOWN_AT_UP}`,
          ),
        );
      } else if (allowed.includes(p.email.toLowerCase())) {
        continue;
      } else if (isUnknown(held)) {
        findings.push(unchecked(held, who(p), `it may not hold the API role ${role} (${only}), and its API roles are ${KNOWN_AT_UP}`));
      } else {
        findings.push(
          violation(
            who(p),
            `holds the API role ${role}, and ${only}`,
            `remove ${role} from its apiRoles, or add ${p.email} to "${KEYS[role].allowlist}" in the pack's config`,
          ),
        );
      }
    }
    return findings;
  },
};

export type RoleCountConfig = Record<PrivilegedRole, number | undefined>;

export const privilegedRoleCount: StackRule<RoleCountConfig> = {
  name: "vectara-privileged-role-count",
  description: "At most so many resources grant the API roles owner and administrator (config: maxOwners, maxAdministrators).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxOwners: { type: "integer", minimum: 0, description: "At most this many owners; unset: no limit." },
      maxAdministrators: { type: "integer", minimum: 0, description: "At most this many administrators; unset: no limit." },
    },
  },
  config: (raw) => ({ owner: optionalCount(raw.maxOwners), administrator: optionalCount(raw.maxAdministrators) }),
  checkStack(principals: Principal[], config): Finding[] {
    const findings: Finding[] = [];
    for (const role of PRIVILEGED_ROLES) {
      const max = config[role];
      if (max === undefined) continue;
      const holders = principals.filter((p) => holds(p, role) === true);
      const maybe = principals.filter((p) => isUnknown(holds(p, role)));
      if (holders.length > max) {
        findings.push(
          violation(
            listing(holders.map(who)),
            `${holders.length} resources grant the API role ${role}, and at most ${max} may`,
            `remove ${role} from ${holders.length - max} of them, or raise "${KEYS[role].max}" in the pack's config`,
          ),
        );
      } else if (holders.length + maybe.length > max) {
        findings.push(
          unchecked(
            holds(maybe[0], role) as Unknown,
            listing(maybe.map(who)),
            `${holders.length} other ${holders.length === 1 ? "resource grants" : "resources grant"} the API role ${role} (at most ${max} may), and the API roles of these are ${KNOWN_AFTER_UP}`,
          ),
        );
      }
    }
    return findings;
  },
};
