/**
 * What a rule is: a name, a default enforcement level, the parameters it takes from the pack's
 * config (`--policy-pack-config`), and a pure check over principals (./resources.ts) that returns
 * findings. ../policies.ts turns each rule into a policy of @pulumi/policy.
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";
import type { Principal } from "../resources";
import type { Unknown } from "../values";

/** Something wrong. ../policies.ts prints it as one line: `<subject>: <problem> (<rule>); fix: <fix>`. */
export interface Violation {
  kind: "violation";
  /** The resource and the person: `who()` of ../resources.ts, or several of them. */
  subject: string;
  problem: string;
  fix: string;
}

/** The rule's answer depends on a value this preview does not know: `<subject>: <reason>`. */
export interface Unchecked {
  kind: "unchecked";
  unknown: Unknown;
  subject: string;
  reason: string;
}

export type Finding = Violation | Unchecked;

export const violation = (subject: string, problem: string, fix: string): Violation => ({ kind: "violation", subject, problem, fix });
export const unchecked = (unknown: Unknown, subject: string, reason: string): Unchecked => ({
  kind: "unchecked",
  unknown,
  subject,
  reason,
});

interface RuleBase<C> {
  /** The policy's name: the key of its settings in the pack's config. */
  name: string;
  description: string;
  /** Its level unless the pack's config says otherwise. */
  enforcementLevel: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
  /** The rule's parameters from the pack's config (`getConfig()`, without `enforcementLevel`), defaults applied. */
  config(raw: Record<string, unknown>): C;
}

/** A rule about one resource at a time: run on each resource as the engine registers it, before its step. */
export interface ResourceRule<C> extends RuleBase<C> {
  checkResource(principal: Principal, config: C): Finding[];
}

/** A rule about the stack's resources together: run once the preview (or update) has every resource. */
export interface StackRule<C> extends RuleBase<C> {
  checkStack(principals: Principal[], config: C): Finding[];
}

export type Rule = ResourceRule<any> | StackRule<any>;

export function isStackRule(rule: Rule): rule is StackRule<any> {
  return "checkStack" in rule;
}

/** A config list of strings: trimmed, lower-cased (emails and domains compare case-insensitively), empty entries dropped. */
export function lowerCaseList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v).trim().toLowerCase()).filter((v) => v !== "") : [];
}

/** A config count: a whole number of at least 0, or undefined (no limit). */
export function optionalCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** "a, b and c". */
export function listing(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Why a resource rule could not decide in a preview, and when it decides after all. */
export const KNOWN_AT_UP = "an output of another resource, known only when `pulumi up` runs (which checks it before it writes the user)";

/** The same for a stack rule, which `pulumi up` runs once its changes are made. */
export const KNOWN_AFTER_UP =
  "outputs of other resources, known only when `pulumi up` runs (which checks the stack again once its changes are made)";

export const STRING_LIST = { type: "array", items: { type: "string" } } as const;
