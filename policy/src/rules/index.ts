/** Every rule of the pack, in the order the pack declares its policies. */
import { disabledUserRoles } from "./disabled-user-roles";
import { emailDomains } from "./email-domains";
import { oneResourcePerUser } from "./one-resource-per-user";
import { privilegedRoleCount, privilegedRoleHolders } from "./privileged-roles";
import type { Rule } from "./rule";
import { secondReviewer } from "./second-reviewer";

export const RULES: Rule[] = [
  emailDomains,
  privilegedRoleHolders,
  privilegedRoleCount,
  disabledUserRoles,
  secondReviewer,
  oneResourcePerUser,
];
