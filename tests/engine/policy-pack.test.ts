/**
 * The policy pack (policy/, `pulumi-vectara-policy`) as a pipeline runs it: plain `pulumi
 * preview` / `pulumi up` with `--policy-pack policy --policy-pack-config <file>` in a program's
 * folder (tests/engine/programs/policy-users: users from a JSON file, some values known only
 * at `up`), through the real engine, against the emulator.
 *
 * Each rule passes a clean program and fails a program that breaks it, at preview, with no API
 * call; `pulumi up` with a mandatory violation changes nothing; a value known only at `up` is
 * reported as not checked in the preview and checked by `up` before the user is written;
 * advisory rules print and let the run go on.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { VectaraEmulator } from "vectara-emulator";
import { tempDir, vectaraSteps, type RunResult } from "../support/engine";
import type { PolicyReport } from "../support/engine-stack";
import { describePlainStory, PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertFailed, describeCall, POLICY_PACK, storyHooks, usernames, writeLog } from "./helpers";

const PROGRAM = path.join(__dirname, "programs", "policy-users");

/** Every rule on, mandatory, with parameters the clean program meets. */
const STRICT = {
  all: "mandatory",
  "vectara-email-domains": { domains: ["example.com"], allowSubdomains: true },
  "vectara-privileged-role-holders": {
    owners: ["ada@example.com", "grace@eu.example.com", "linus@example.com"],
    administrators: ["ada@example.com", "grace@eu.example.com"],
  },
  "vectara-privileged-role-count": { maxOwners: 2, maxAdministrators: 2 },
  "vectara-second-reviewer": { enforcementLevel: "mandatory", roles: ["billing_administrator"] },
};

/** Passes every rule of STRICT. */
const CLEAN: Record<string, unknown> = {
  ada: { email: "ada@example.com", apiRoles: ["owner", "administrator"] },
  grace: {
    email: "grace@eu.example.com",
    username: "grace",
    apiRoles: ["administrator"],
    corpusRoles: [{ corpusKey: "handbook", role: "editor" }],
  },
  linus: { email: "linus@example.com", apiRoles: ["viewer"], agentRoles: [{ agentKey: "support-bot", role: "agent_user" }] },
  margaret: { email: "margaret@example.com", enabled: false },
};

/** Per rule: what to change in CLEAN to break it (and only it), and the line it must print. */
const BREAKS: [rule: string, change: Record<string, unknown>, resource: string, line: string][] = [
  [
    "vectara-email-domains",
    { linus: { email: "linus@example.net", apiRoles: ["viewer"] } },
    "linus",
    `linus (linus@example.net): the email domain example.net is not allowed, only example.com and its subdomains`,
  ],
  [
    "vectara-privileged-role-holders",
    { bob: { email: "bob@example.com", apiRoles: ["owner"] } },
    "bob",
    "bob (bob@example.com): holds the API role owner, and only ada@example.com, grace@eu.example.com and linus@example.com may hold it",
  ],
  [
    "vectara-privileged-role-count",
    {
      grace: { email: "grace@eu.example.com", username: "grace", apiRoles: ["owner"] },
      linus: { email: "linus@example.com", apiRoles: ["owner"] },
    },
    "",
    "ada (ada@example.com), grace (grace@eu.example.com) and linus (linus@example.com): 3 resources grant the API role owner, and at most 2 may",
  ],
  [
    "vectara-disabled-user-roles",
    { margaret: { email: "margaret@example.com", enabled: false, corpusRoles: [{ corpusKey: "handbook", role: "viewer" }] } },
    "margaret",
    "margaret (margaret@example.com): is disabled (enabled: false) but keeps corpus role viewer on handbook",
  ],
  [
    "vectara-second-reviewer",
    { linus: { email: "linus@example.com", apiRoles: ["billing_administrator"] } },
    "linus",
    "linus (linus@example.com): is granted API role billing_administrator, which needs a second reviewer",
  ],
];

/** The users file and pack config a step runs with; the stack's config points at these files. */
class Inputs {
  readonly dir = tempDir("policy-inputs");
  readonly users = path.join(this.dir, "users.json");
  readonly config = path.join(this.dir, "policy-config.json");

  set(users: Record<string, unknown>, config: Record<string, unknown>): void {
    fs.writeFileSync(this.users, JSON.stringify(users, null, 2));
    fs.writeFileSync(this.config, JSON.stringify(config, null, 2));
  }
}

/** The reports other than those of `rule`, as "policy name: message" (to show what else a step reported). */
const others = (result: RunResult, rule?: string) =>
  result.policies.filter((p) => p.policy !== rule).map((p) => `${p.policy} ${p.name}: ${p.message}`);

function only(result: RunResult, rule: string): PolicyReport[] {
  assert.deepEqual(others(result, rule), [], "no other policy reports anything");
  return result.policies;
}

describePlainStory("the policy pack through the real engine: each rule at preview, `pulumi up` refused or let through", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  let inputs: Inputs;
  storyHooks(
    story,
    (emulator) => {
      // Made here, not when the file loads: an earlier suite's end removes the folders made before it.
      inputs = new Inputs();
      inputs.set(CLEAN, STRICT);
      return PlainStack.open({
        projectDir: PROGRAM,
        ...apiKeyTarget(emulator),
        config: { ...apiKeyTarget(emulator).config, "policy-users:users": inputs.users },
        policyPacks: [{ dir: POLICY_PACK, config: inputs.config }],
      });
    },
    (e, s) => ((emulator = e), (stack = s)),
  );

  story.step("a clean program passes every rule at preview, with no API call", async () => {
    const result = await stack.preview();
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(others(result), []);
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace", "create linus", "create margaret"]);
    assert.deepEqual(emulator.requests, []);
    assert.match(result.stdout, /✅ vectara-access@v0\.1\.0/, "the CLI names the pack, and all of it passed");
  });

  for (const [rule, change, resource, line] of BREAKS) {
    story.step(
      `${rule}: a program that breaks it fails the preview with one line naming the resource, the person, the rule and the fix; no API call`,
      async () => {
        inputs.set({ ...CLEAN, ...change }, STRICT);
        const result = await stack.preview();
        assertFailed(result);
        const [report, ...more] = only(result, rule);
        assert.deepEqual(more, []);
        assert.deepEqual([report.name, report.level], [resource, "mandatory"]);
        assert.ok(report.message.startsWith(`${line} (${rule}); fix: `), report.message);
        assert.equal(report.message.includes("\n"), false);
        assert.ok(result.stdout.includes(report.message), "the CLI prints the line as it is");
        assert.deepEqual(emulator.requests, []);
      },
    );
  }

  story.step(
    "vectara-one-resource-per-user: the provider's own check refuses the pair first, one error naming both resources, before the stack-wide rule runs; no API call",
    async () => {
      // Since issue 17 a VectaraUser's check refuses a second resource for one user, as the
      // engine reaches it; the pack's stack-wide rule (tests/unit/policy/rules.test.ts) is the
      // second line, for stacks on a provider without that check.
      inputs.set({ ...CLEAN, "linus-again": { email: "Linus@example.com", username: "linus" } }, STRICT);
      const result = await stack.preview();
      assertFailed(result);
      assert.deepEqual(
        result.errors.map((e) => e.name),
        ["linus-again"],
        JSON.stringify(result.errors, null, 2),
      );
      assert.match(
        result.errors[0].message,
        /VectaraUser resources "linus" and "linus-again" both declare the email "Linus@example.com", compared without regard to case/,
      );
      assert.deepEqual(others(result), [], "no rule reports: the preview stopped at the provider's check");
      assert.deepEqual(emulator.requests, []);
    },
  );

  story.step(
    "a rule set to disabled in the config reports nothing; with the pack's defaults (no config) the same program passes",
    async () => {
      const [, change] = BREAKS[0];
      inputs.set(
        { ...CLEAN, ...change },
        { ...STRICT, "vectara-email-domains": { enforcementLevel: "disabled", domains: ["example.com"] } },
      );
      const disabled = await stack.preview();
      assert.equal(disabled.error, undefined, disabled.error);
      assert.deepEqual(others(disabled), []);
      stack.policyPacks = [{ dir: POLICY_PACK }];
      const defaults = await stack.preview();
      assert.equal(defaults.error, undefined, defaults.error);
      assert.deepEqual(others(defaults), []);
      stack.policyPacks = [{ dir: POLICY_PACK, config: inputs.config }];
      assert.deepEqual(emulator.requests, []);
    },
  );

  story.step("a setting the pack does not know fails the preview, naming it and the settings there are", async () => {
    inputs.set(CLEAN, { "vectara-email-domains": { domain: ["example.com"] } });
    const error = assertFailed(await stack.preview());
    assert.match(
      error,
      /the pack's config for vectara-email-domains has "domain", which it does not know: its settings are domains, allowSubdomains \(and enforcementLevel\)/,
    );
    assert.deepEqual(emulator.requests, []);
  });

  story.step(
    "an email known only at `up` is reported as not checked (advisory), neither passed nor failed; the preview goes on",
    async () => {
      inputs.set({ ...CLEAN, mia: { email: { knownAtUp: "mia@example.net" } } }, STRICT);
      const result = await stack.preview();
      assert.equal(result.error, undefined, result.error);
      const reports = result.policies.map((p) => `${p.level} ${p.policy} ${p.name}: ${p.message}`);
      assert.deepEqual(reports, [
        "advisory vectara-email-domains mia: can't run policy 'vectara-email-domains' from policy pack 'vectara-access@v0.1.0' during preview: " +
          "mia (email not known in this preview): its email is an output of another resource, known only when `pulumi up` runs (which checks it before it writes the user); allowed domains: example.com and its subdomains",
        "advisory vectara-one-resource-per-user : can't run policy 'vectara-one-resource-per-user' from policy pack 'vectara-access@v0.1.0' during preview: " +
          "mia (email not known in this preview): their usernames or emails are outputs of other resources, known only when `pulumi up` runs (which checks the stack again once its changes are made)",
      ]);
      assert.deepEqual(emulator.requests, []);
    },
  );

  story.step("then `pulumi up` checks that email once known, before the user is written: mia is refused, no POST for her", async () => {
    const result = await stack.up({ withPreview: true });
    const error = assertFailed(result);
    const refused = result.policies.filter((p) => p.level === "mandatory");
    assert.deepEqual(
      refused.map((p) => `${p.policy} ${p.name}`),
      ["vectara-email-domains mia"],
      error,
    );
    assert.match(refused[0].message, /^mia \(mia@example\.net\): the email domain example\.net is not allowed/);
    assert.equal(
      writeLog(emulator).some((w) => w.includes("mia")),
      false,
      writeLog(emulator).join("\n"),
    );
    assert.equal(emulator.getUser("mia@example.net"), undefined);
  });

  story.step("`pulumi up` with a mandatory violation known at preview changes nothing: its preview refuses, no API call", async () => {
    await stack.destroy();
    emulator.clearLog();
    inputs.set({ ...CLEAN, eve: { email: "eve@evil.example.org", apiRoles: ["viewer"] } }, STRICT);
    const result = await stack.up({ withPreview: true });
    assertFailed(result);
    assert.deepEqual(
      result.policies.map((p) => `${p.level} ${p.policy} ${p.name}`),
      ["mandatory vectara-email-domains eve"],
    );
    assert.deepEqual(emulator.requests.map(describeCall), []);
    assert.deepEqual(emulator.users(), []);
    assert.deepEqual(await stack.resources(), []);
  });

  story.step("`pulumi up --skip-preview` never writes the refused user (the users checked before it may be created)", async () => {
    const result = await stack.up();
    assertFailed(result);
    assert.deepEqual(
      result.policies.map((p) => `${p.level} ${p.policy} ${p.name}`),
      ["mandatory vectara-email-domains eve"],
    );
    assert.equal(
      writeLog(emulator).some((w) => w.includes("eve")),
      false,
      writeLog(emulator).join("\n"),
    );
    assert.equal(emulator.getUser("eve@evil.example.org"), undefined);
    await stack.destroy();
  });

  story.step("advisory rules print their lines and let `pulumi up` go on: every user is created", async () => {
    emulator.clearLog();
    const config = {
      "vectara-second-reviewer": { roles: ["owner"] }, // advisory by default
      "vectara-disabled-user-roles": "advisory",
      "vectara-email-domains": { enforcementLevel: "advisory", domains: ["example.org"] },
    };
    inputs.set({ ...CLEAN, margaret: { email: "margaret@example.com", enabled: false, apiRoles: ["viewer"] } }, config);
    const result = await stack.up({ withPreview: true });
    assert.equal(result.error, undefined, result.error);
    const lines = [...new Set(result.policies.map((p) => `${p.level} ${p.policy} ${p.name}`))].sort();
    assert.deepEqual(lines, [
      "advisory vectara-disabled-user-roles margaret",
      "advisory vectara-email-domains ada",
      "advisory vectara-email-domains grace",
      "advisory vectara-email-domains linus",
      "advisory vectara-email-domains margaret",
      "advisory vectara-second-reviewer ada",
    ]);
    assert.match(result.stdout, /margaret \(margaret@example\.com\): is disabled \(enabled: false\) but keeps API role viewer/);
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
  });
});
