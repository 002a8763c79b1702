/**
 * State bytes per resource, through the real engine (issue 21, goal 1: each ≤ 2,048 B): one
 * `pulumi up` of an inline program declaring, in the same loop as the lifecycle's program
 * (tests/bench/engine-programs.ts, so the stack the SDK records is as deep),
 * - a VectaraUser with few roles (the lifecycle's user: 1 API role, 1 corpus role),
 * - a VectaraUser with many roles (3 API roles, 6 corpus roles, 3 agent roles, a description),
 * - a UserPasswordReset of the first, whose PasswordReset child is what state grows with.
 * Each is measured as its resource in `pulumi stack export` (secrets encrypted), compact JSON.
 */
import { UserPasswordReset, VectaraUser } from "pulumi-vectara";
import { EngineStack, type StateResource } from "../support/engine";
import type { EmulatorChild } from "./emulator-child";
import { PARALLEL, stackConfig } from "./engine-lifecycle";
import { le, type Recorder } from "./rows";

const LIMIT = 2048;

const MANY_ROLES = {
  description: "Platform team, on call for the search corpora",
  apiRoles: ["administrator" as const, "corpus_administrator" as const, "billing_administrator" as const],
  corpusRoles: ["handbook", "support-tickets", "product-docs", "release-notes", "faq", "legal"].map((corpusKey, i) => ({
    corpusKey,
    role: (["viewer", "editor", "administrator"] as const)[i % 3],
  })),
  agentRoles: ["helpdesk", "triage", "onboarding"].map((agentKey) => ({ agentKey, role: "agent_user" as const })),
};

function program(): () => Promise<Record<string, unknown>> {
  return async () => {
    for (let i = 0; i < 2; i++) {
      const name = `state-${i}`;
      const email = `${name}@bench.example.com`;
      const args =
        i === 0
          ? { email, apiRoles: ["viewer" as const], corpusRoles: [{ corpusKey: "docs", role: "viewer" as const }] }
          : { email, ...MANY_ROLES };
      const user = new VectaraUser(name, args);
      if (i === 0) new UserPasswordReset(`${name}-password`, { user });
    }
    return {};
  };
}

const bytes = (r: StateResource) => JSON.stringify(r).length;

export async function stateScenario(record: Recorder, emulator: EmulatorChild, log: (line: string) => void): Promise<void> {
  log("engine: state bytes per resource (2 users, 1 password reset)");
  const engine = await EngineStack.open({ project: "bench-state", program: program(), ...stackConfig(emulator) });
  try {
    await engine.stack.up({ parallel: PARALLEL, color: "never" });
    const resources = await engine.resources();
    const find = (test: (r: StateResource) => boolean, what: string) => {
      const found = resources.find(test);
      if (!found) throw new Error(`state holds no ${what}`);
      return found;
    };
    const few = find((r) => r.urn.endsWith("::state-0"), "state-0");
    const many = find((r) => r.urn.endsWith("::state-1"), "state-1");
    const child = find((r) => r.type.endsWith(":PasswordReset"), "PasswordReset");
    const component = find((r) => r.type === "vectara:index:UserPasswordReset", "UserPasswordReset");
    const provider = (r: StateResource) => String(r.inputs?.__provider ?? "").length;
    record("state_bytes_vectara_user_few_roles", bytes(few), le(LIMIT), `1 API + 1 corpus role; __provider ${provider(few)} B per copy`);
    // Context: the roles are the user's own data, stored twice (inputs and outputs) like every input.
    const perRole = (bytes(many) - bytes(few) - 2 * MANY_ROLES.description.length) / 10;
    record(
      "state_bytes_vectara_user_many_roles",
      bytes(many),
      undefined,
      `3 API + 6 corpus + 3 agent roles, a description; about ${Math.round(perRole)} B per role more`,
    );
    record("state_bytes_password_reset_child", bytes(child), le(LIMIT), "the PasswordReset under a UserPasswordReset of a user");
    record("state_bytes_password_reset_component", bytes(component), undefined, "the UserPasswordReset component itself");
    if (process.env.BENCH_DUMP_STATE) console.error(JSON.stringify(resources, null, 1));
    await engine.stack.destroy({ parallel: PARALLEL, color: "never" });
  } finally {
    engine.remove();
  }
}
