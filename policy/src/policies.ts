/**
 * The pack's rules (./rules/) as policies of @pulumi/policy: each finding a violation reported
 * at the policy's level, or, when the rule could not decide because a value is unknown in this
 * preview, one advisory "can't run policy … during preview" line (see ./values.ts).
 */
import type { Policies, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { principalOf, type Principal } from "./resources";
import { isStackRule, type Finding, type Rule, type Violation } from "./rules/rule";
import { uncheckable } from "./values";

/** A violation in one line: the resource and the person, what is wrong, the rule, the fix. */
export function violationLine(rule: string, v: Violation): string {
  return `${v.subject}: ${v.problem} (${rule}); fix: ${v.fix}`;
}

/** Reports the violations, then throws the first "could not be checked" (the SDK turns it into an advisory line). */
function report(rule: Rule, findings: Finding[], reportViolation: ReportViolation): void {
  for (const f of findings) if (f.kind === "violation") reportViolation(violationLine(rule.name, f));
  const unchecked = findings.find((f) => f.kind === "unchecked");
  if (unchecked) throw uncheckable(unchecked.unknown, `${unchecked.subject}: ${unchecked.reason}`);
}

/**
 * The rule's parameters from the pack's config. A setting the rule does not know is an error
 * that stops the preview: a misspelt allowlist must not leave the rule silently off.
 */
function configOf(rule: Rule, raw: Record<string, unknown>): unknown {
  const known = Object.keys(rule.configSchema?.properties ?? {});
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const settings = known.length > 0 ? `its settings are ${known.join(", ")} (and enforcementLevel)` : "it takes only enforcementLevel";
    const error = new Error(
      `the pack's config for ${rule.name} has ${unknown.map((k) => JSON.stringify(k)).join(", ")}, which it does not know: ${settings}`,
    );
    error.stack = error.message; // the SDK prints the stack: a mistake in the config needs no trace into the pack
    throw error;
  }
  return rule.config(raw);
}

/** The stack's principals by resource name, so that a message lists them the same way on every run. */
function principals(resources: PolicyResource[]): Principal[] {
  return resources.flatMap((r) => principalOf(r) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The policies of @pulumi/policy for `rules`. */
export function policiesOf(rules: Rule[]): Policies {
  return rules.map((rule) => {
    const common = {
      name: rule.name,
      description: rule.description,
      enforcementLevel: rule.enforcementLevel,
      ...(rule.configSchema ? { configSchema: rule.configSchema } : {}),
    };
    if (isStackRule(rule)) {
      return {
        ...common,
        validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) =>
          report(rule, rule.checkStack(principals(args.resources), configOf(rule, args.getConfig())), reportViolation),
      };
    }
    return {
      ...common,
      validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        const principal = principalOf(args);
        if (principal) report(rule, rule.checkResource(principal, configOf(rule, args.getConfig())), reportViolation);
      },
    };
  });
}
