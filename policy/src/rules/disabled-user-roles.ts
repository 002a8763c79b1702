/** A disabled user keeps no roles: enabling it again must not bring back access nobody reviewed. */
import { describeGrant, who, type Principal } from "../resources";
import { isUnknown, type Unknown } from "../values";
import { KNOWN_AT_UP, listing, unchecked, violation, type Finding, type ResourceRule } from "./rule";

export const disabledUserRoles: ResourceRule<Record<string, never>> = {
  name: "vectara-disabled-user-roles",
  description: "A Vectara user with enabled: false has no API, corpus or agent roles.",
  // Advisory by default: accounts often keep the roles of people on leave, and an imported
  // program declares them as they are.
  enforcementLevel: "advisory",
  config: () => ({}),
  checkResource(p: Principal): Finding[] {
    if (p.enabled === true || p.grants.length === 0) return [];
    const known = p.grants.filter((g) => !isUnknown(g.role));
    if (p.enabled === false && known.length > 0) {
      return [
        violation(
          who(p),
          `is disabled (enabled: false) but keeps ${listing(known.map(describeGrant))}`,
          "remove its roles (apiRoles, corpusRoles, agentRoles), or enable it",
        ),
      ];
    }
    const unknown = isUnknown(p.enabled) ? p.enabled : (p.grants.find((g) => isUnknown(g.role))!.role as Unknown);
    const what = isUnknown(p.enabled) ? "whether it is enabled is" : "its roles are";
    return [unchecked(unknown, who(p), `${what} ${KNOWN_AT_UP}`)];
  },
};
