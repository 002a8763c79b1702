/**
 * The policy pack on the programs users have: the team example (examples/team, its roster) and a
 * user's own project with both packed tarballs installed (`pulumi-vectara` and
 * `pulumi-vectara-policy`), where `pulumi-vectara import` writes the program. Both with the
 * README's example config and its pipeline (`pulumi preview`, then `pulumi up`, each given the
 * pack), plain `pulumi` in the project's folder, through the real engine.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { VectaraEmulator } from "vectara-emulator";
import { VectaraEmulator as Emulator } from "vectara-emulator";
import { shellEnv } from "../../tools/matrix/node";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { EXAMPLES, tempDir, vectaraSteps, type RunResult } from "../support/engine";
import { runCommand } from "../support/engine-stack";
import { makeConsumerProject, readmeProgram } from "../support/consumer-project";
import { describePlainStory, PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertFailed, describeCall, POLICY_PACK, RosterCopy, storyHooks, usernames, writeLog } from "./helpers";

/** The example `vectara-policy.json` of the README's section on the pack. */
function readmePolicyConfig(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Access guardrails in every preview: the policy pack"));
  const match = /```json\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error("README.md: no ```json block in the policy pack's section");
  JSON.parse(match[1]);
  return match[1];
}

const reports = (result: RunResult) => [...new Set(result.policies.map((p) => `${p.level} ${p.policy} ${p.name}`))].sort();

describePlainStory("examples/team with the policy pack and the README's example config", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  storyHooks(
    story,
    async (emulator) => {
      const config = path.join(tempDir("policy-config"), "vectara-policy.json");
      fs.writeFileSync(config, readmePolicyConfig());
      const target = apiKeyTarget(emulator);
      return PlainStack.open({
        projectDir: path.join(EXAMPLES, "team"),
        ...target,
        config: { ...target.config, "vectara-team:roster": new RosterCopy().file },
        policyPacks: [{ dir: POLICY_PACK, config }],
      });
    },
    (e, s) => ((emulator = e), (stack = s)),
  );

  const ADVISORIES = ["advisory vectara-disabled-user-roles margaret", "advisory vectara-second-reviewer ada"];

  story.step(
    "preview passes, with the advisory lines of the roster (margaret on leave keeps a role; ada is an administrator); no API call",
    async () => {
      const result = await stack.preview();
      assert.equal(result.error, undefined, result.error);
      assert.deepEqual(reports(result), ADVISORIES);
      assert.match(
        result.stdout,
        /margaret \(margaret@example\.com\): is disabled \(enabled: false\) but keeps API role viewer \(vectara-disabled-user-roles\); fix: /,
      );
      assert.match(
        result.stdout,
        /ada \(ada@example\.com\): is granted API role administrator, which needs a second reviewer \(vectara-second-reviewer\)/,
      );
      assert.deepEqual(emulator.requests, []);
    },
  );

  story.step("up applies the roster, the same lines printed", async () => {
    const result = await stack.up({ withPreview: true });
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(reports(result), ADVISORIES);
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
  });
});

describePlainStory(
  "a user's own project with both packed tarballs: the README's pipeline, and a program written by `pulumi-vectara import`",
  function (story) {
    let emulator: VectaraEmulator;
    let project: string;
    let stack: PlainStack;

    before(async () => {
      emulator = await Emulator.start();
      project = makeConsumerProject("vectara-policy-consumer", readmeProgram(), { policyPack: true });
      fs.writeFileSync(path.join(project, "vectara-policy.json"), readmePolicyConfig());
      stack = await PlainStack.open({
        projectDir: project,
        ownsProject: true,
        stackName: "dev",
        ...apiKeyTarget(emulator),
        // As the README's pipeline gives it: paths relative to the project's folder.
        policyPacks: [{ dir: "node_modules/pulumi-vectara-policy", config: "vectara-policy.json" }],
      });
    });
    story.beforeEachStep(() => emulator.clearLog());
    after(async () => emulator?.stop());

    story.step("the pack is installed from its tarball: its PulumiPolicy.yaml and compiled rules, not its sources", async () => {
      const installed = path.join(project, "node_modules", "pulumi-vectara-policy");
      assert.equal(fs.lstatSync(installed).isSymbolicLink(), false);
      assert.deepEqual(fs.readdirSync(installed).sort(), ["PulumiPolicy.yaml", "README.md", "dist", "package.json"]);
    });

    story.step(
      "the README's program fails the README's config at preview: alice is an administrator not on its list; no API call",
      async () => {
        const result = await stack.preview();
        assertFailed(result);
        const refused = result.policies.filter((p) => p.level === "mandatory");
        assert.deepEqual(
          refused.map((p) => `${p.policy} ${p.name}: ${p.message}`),
          [
            `vectara-privileged-role-holders alice: alice (alice@example.com): holds the API role administrator, and only ada@example.com and grace@example.com may hold it (vectara-privileged-role-holders); fix: remove administrator from its apiRoles, or add alice@example.com to "administrators" in the pack's config`,
          ],
        );
        assert.match(result.stdout, /❌ vectara-access@v0\.1\.0 \(local: node_modules\/pulumi-vectara-policy\)/);
        assert.deepEqual(emulator.requests, []);
      },
    );

    story.step("an account's users made by hand: `npx pulumi-vectara import --force` writes the program", async () => {
      emulator.putUser({ email: "ada@example.com", description: "Lead", api_roles: ["owner", "administrator"] });
      emulator.putUser({ email: "grace@example.com", username: "grace", corpus_roles: [{ corpus_key: "handbook", role: "viewer" }] });
      emulator.putUser({ email: "margaret@example.com", enabled: false, corpus_roles: [{ corpus_key: "handbook", role: "editor" }] });
      emulator.clearLog();
      const run = await runCommand("npx", ["pulumi-vectara", "import", "--force"], { cwd: project, env: stack.env, baseEnv: shellEnv() });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(fs.readFileSync(path.join(project, "index.ts"), "utf8").match(/new VectaraUser\(/g)?.length, 3);
    });

    story.step("its preview with the pack passes, with the advisory lines the account deserves; no API call", async () => {
      const result = await stack.preview();
      assert.equal(result.error, undefined, result.error);
      assert.deepEqual(vectaraSteps(result), ["create ada", "create grace", "create margaret"]);
      assert.deepEqual(reports(result), ["advisory vectara-disabled-user-roles margaret", "advisory vectara-second-reviewer ada"]);
      assert.match(
        result.stdout,
        /ada \(ada@example\.com\): is granted API role administrator and API role owner, which need a second reviewer/,
      );
      assert.deepEqual(emulator.requests, []);
    });

    story.step("`pulumi up` with the pack takes every user over: one GET each, nothing written", async () => {
      const result = await stack.up({ withPreview: true });
      assert.equal(result.error, undefined, result.error);
      assert.deepEqual(emulator.calls().map(describeCall).sort(), [
        "GET getUser ada@example.com",
        "GET getUser grace",
        "GET getUser margaret@example.com",
      ]);
      assert.deepEqual(writeLog(emulator), []);
    });
  },
);
