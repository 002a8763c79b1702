/**
 * Roles whose grant a second person should review: reported (advisory by default) on every
 * preview in which a resource declares one, so that the reviewer of the preview sees it. The
 * pack sees what the program declares, not what the stack held before: a role already held is
 * reported too.
 */
import { describeGrant, who, type Grant, type Principal } from "../resources";
import { isUnknown } from "../values";
import { KNOWN_AT_UP, listing, STRING_LIST, unchecked, violation, type Finding, type ResourceRule } from "./rule";

export interface SecondReviewerConfig {
  /** `owner` (an API role), `corpus:owner`, `agent:agent_administrator`. */
  roles: string[];
}

/** Whether a config entry names this grant: a bare role is an API role; `corpus:` and `agent:` name the others. */
export function matches(entry: string, grant: Grant): boolean {
  const [scope, role] = entry.includes(":") ? entry.split(":", 2) : ["api", entry];
  return scope === grant.scope && role === grant.role;
}

export const secondReviewer: ResourceRule<SecondReviewerConfig> = {
  name: "vectara-second-reviewer",
  description: "Roles that need a second reviewer are reported wherever a resource grants them (config: roles).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      roles: {
        ...STRING_LIST,
        default: [],
        description: 'Roles to report: an API role ("owner"), "corpus:<role>" or "agent:<role>"; empty: none.',
      },
    },
  },
  config: (raw) => ({ roles: Array.isArray(raw.roles) ? raw.roles.map((r) => String(r).trim()).filter((r) => r !== "") : [] }),
  checkResource(p: Principal, config): Finding[] {
    if (config.roles.length === 0) return [];
    const flagged = p.grants.filter((g) => config.roles.some((entry) => matches(entry, g)));
    if (flagged.length > 0) {
      return [
        violation(
          who(p),
          `is granted ${listing(flagged.map(describeGrant))}, which ${flagged.length > 1 ? "need" : "needs"} a second reviewer`,
          "have someone other than the change's author approve this preview before `pulumi up`",
        ),
      ];
    }
    const unknown = p.grants.find((g) => isUnknown(g.role));
    if (!unknown || !isUnknown(unknown.role)) return [];
    return [unchecked(unknown.role, who(p), `its roles are ${KNOWN_AT_UP}; roles that need a second reviewer: ${listing(config.roles)}`)];
  },
};
