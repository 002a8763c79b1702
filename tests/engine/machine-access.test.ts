/**
 * examples/machine-access as users run it, plain `pulumi` in its folder through the real engine:
 * the pipeline's app client and the frontend's serving key are created, their secrets are stack
 * outputs that stay secrets (never in plain text in state, its history or `pulumi stack output`),
 * a second up changes nothing, a new `rotation` replaces both (the new credential created before
 * the old one is deleted), the policy pack checks the app client's roles, and destroy removes them.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { UsersClient } from "pulumi-vectara/client";
import type { VectaraEmulator } from "vectara-emulator";
import { EXAMPLES, vectaraSteps } from "../support/engine";
import { describePlainStory, type PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertFailed, assertNoChanges, openPlain, POLICY_PACK, storyHooks } from "./helpers";

interface Outputs {
  pipelineCredentials: { clientId: string; clientSecret: string };
  searchApiKey: string;
  ids: { pipeline: string; search: string };
}

describePlainStory("examples/machine-access with plain `pulumi` in its folder, through the real engine", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  let first: Outputs;
  storyHooks(
    story,
    (emulator) => openPlain(path.join(EXAMPLES, "machine-access"), apiKeyTarget(emulator)),
    (e, s) => ((emulator = e), (stack = s)),
  );
  const writes = () => emulator.writes().map((c) => `${c.method} ${c.route}`);

  /** No secret the emulator ever handed out is in plain text in state, the backend's files (history, backups) or the plain outputs. */
  async function assertSecretsOnlyEncrypted(): Promise<void> {
    const secrets = emulator.issuedSecrets();
    assert.ok(secrets.length >= 2);
    const plainOutputs = await stack.command(["stack", "output", "--json"]);
    for (const [where, text] of Object.entries({
      state: await stack.exportText(),
      backend: stack.backendText(),
      outputs: plainOutputs.stdout,
    })) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${where} holds a secret in plain text`);
    }
    const shown = JSON.parse(plainOutputs.stdout) as Record<string, unknown>;
    assert.equal(shown.pipelineCredentials, "[secret]");
    assert.equal(shown.searchApiKey, "[secret]");
  }

  story.step("preview makes no API call and lists the two creates", async () => {
    const result = await stack.preview();
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(vectaraSteps(result), ["create ingest-pipeline", "create search-frontend"]);
    assert.deepEqual(emulator.requests, []);
  });

  story.step("up creates each with one POST; the outputs hold the secrets, as secrets", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(writes().sort(), ["POST createApiKey", "POST createAppClient"]);
    const [app] = emulator.appClients();
    const [key] = emulator.apiKeys();
    assert.deepEqual(
      [app!.name, app!.api_roles, key!.api_key_role, key!.corpus_keys],
      ["ingest-pipeline", ["corpus_administrator"], "serving", ["handbook"]],
    );
    first = (await stack.outputs()) as unknown as Outputs;
    assert.deepEqual(first, {
      pipelineCredentials: { clientId: app!.client_id, clientSecret: app!.client_secret },
      searchApiKey: key!.secret_key,
      ids: { pipeline: app!.id, search: key!.id },
    });
    await assertSecretsOnlyEncrypted();
  });

  story.step("the pipeline's credentials from the output sign in", async () => {
    const client = new UsersClient({ ...first.pipelineCredentials, baseUrl: emulator.url, authUrl: emulator.tokenUrl, maxRetries: 0 }, {});
    try {
      // corpus_administrator may not list users (the emulator asks administrator or owner): the
      // token was issued, and the refusal is about the role, not the credential.
      const e = await client.listPage().then(
        () => undefined,
        (err: unknown) => err as { status?: number },
      );
      assert.equal(e?.status, 403);
      assert.equal(client.tokenRequests, 1);
    } finally {
      client.close();
    }
  });

  story.step("then: preview --expect-no-changes passes, and a second up makes no write", async () => {
    await assertNoChanges(stack, emulator);
  });

  story.step("a new rotation replaces both: new secrets in the outputs, each created before the old one is deleted", async () => {
    await stack.setConfig("rotation", "2027-01");
    const result = await stack.up();
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(writes().slice(0, 2).sort(), ["POST createApiKey", "POST createAppClient"], "both creates come first");
    assert.deepEqual(writes().slice(2).sort(), ["DELETE deleteApiKey", "DELETE deleteAppClient"]);
    const now = (await stack.outputs()) as unknown as Outputs;
    assert.notEqual(now.pipelineCredentials.clientSecret, first.pipelineCredentials.clientSecret);
    assert.notEqual(now.searchApiKey, first.searchApiKey);
    assert.deepEqual(
      emulator.appClients().map((c) => c.id),
      [now.ids.pipeline],
    );
    assert.deepEqual(
      emulator.apiKeys().map((k) => k.secret_key),
      [now.searchApiKey],
    );
    await assertSecretsOnlyEncrypted();
  });

  story.step(
    "with the policy pack, the app client's roles are checked: a mandatory rule on them fails the preview, with no API call",
    async () => {
      const config = path.join(stack.workDir, "policy-config.json");
      fs.writeFileSync(
        config,
        JSON.stringify({ "vectara-second-reviewer": { enforcementLevel: "mandatory", roles: ["corpus_administrator"] } }),
      );
      stack.policyPacks = [{ dir: POLICY_PACK, config }];
      try {
        const result = await stack.preview();
        assertFailed(result);
        assert.deepEqual(
          result.policies.map((p) => [p.name, p.policy, p.level]),
          [["ingest-pipeline", "vectara-second-reviewer", "mandatory"]],
        );
        assert.match(result.policies[0]!.message, /^ingest-pipeline \(VectaraAppClient\): /);
        assert.deepEqual(emulator.requests, []);
        fs.writeFileSync(config, JSON.stringify({ "vectara-privileged-role-count": { maxOwners: 0, maxAdministrators: 0 } }));
        const passes = await stack.preview({ expectNoChanges: true });
        assert.equal(passes.error, undefined, "a corpus administrator is no administrator");
      } finally {
        stack.policyPacks = [];
      }
    },
  );

  story.step("destroy deletes both", async () => {
    const result = await stack.destroy();
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(emulator.appClients(), []);
    assert.deepEqual(emulator.apiKeys(), []);
  });
});
