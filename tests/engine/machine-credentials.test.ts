/**
 * VectaraAppClient and VectaraApiKey through the real Pulumi CLI, one stack whose program
 * changes step by step as a user's would: create, an exact preview with no API call, an
 * in-place update, rotation (a new secret, created before the old credential is deleted),
 * replacement on a name change, refresh finding drift and deletion, adoption by id, a create
 * whose answer was lost (no duplicate), and destroy. The secrets reach state only encrypted.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { VectaraApiKey, VectaraAppClient, type VectaraApiKeyArgs, type VectaraAppClientArgs } from "pulumi-vectara";
import { VectaraEmulator } from "vectara-emulator";
import { describeEngineStory, EngineStack, vectaraSteps } from "../support/engine";
import { apiKeyTarget } from "./helpers";

interface Declared {
  apps: Record<string, VectaraAppClientArgs>;
  keys: Record<string, VectaraApiKeyArgs>;
}

/** A value of `pulumi stack export --show-secrets`: a secret comes as its plaintext JSON. */
function revealed(value: unknown): unknown {
  const plaintext = (value as { plaintext?: string } | undefined)?.plaintext;
  return typeof plaintext === "string" ? JSON.parse(plaintext) : value;
}

const calls = (emulator: VectaraEmulator) => emulator.calls().map((c) => `${c.method} ${c.route} ${c.status}`);

describeEngineStory("app clients and API keys through the engine", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let declared: Declared;
  const plaintext = async () => stack.exportText();
  const state = async (name: string) => (await stack.resources({ showSecrets: true })).find((r) => r.urn.endsWith(`::${name}`));

  before(async () => {
    emulator = await VectaraEmulator.start();
    declared = {
      apps: { pipeline: { name: "pipeline", description: "CI deploys", apiRoles: ["corpus_administrator"] } },
      keys: { search: { name: "search", apiKeyRole: "serving", corpusKeys: ["docs"], rotationTrigger: "2026-12" } },
    };
    const target = apiKeyTarget(emulator);
    stack = await EngineStack.open({
      project: "vectara-machines",
      program: async () => {
        const out: Record<string, pulumi.Output<string>> = {};
        for (const [name, args] of Object.entries(declared.apps)) out[`${name}Secret`] = new VectaraAppClient(name, args).clientSecret;
        for (const [name, args] of Object.entries(declared.keys)) out[`${name}Key`] = new VectaraApiKey(name, args).secretKey;
        return out;
      },
      ...target,
      config: { ...target.config, "vectara:retryBaseDelayMs": "1" },
    });
  });
  after(async () => emulator?.stop());
  story.beforeEachStep(() => emulator.clearLog());

  story.step("up creates each with a listing of its name and one POST; the secrets are stack outputs, and encrypted in state", async () => {
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["create pipeline", "create search"]);
    assert.deepEqual(calls(emulator).sort(), [
      "GET listApiKeys 200",
      "GET listAppClients 200",
      "POST createApiKey 201",
      "POST createAppClient 201",
    ]);
    const [app] = emulator.appClients();
    const [key] = emulator.apiKeys();
    assert.equal(run.outputs.pipelineSecret, app!.client_secret);
    assert.equal(run.outputs.searchKey, key!.secret_key);
    const text = await plaintext();
    for (const secret of [app!.client_secret, app!.client_id, key!.secret_key])
      assert.ok(!text.includes(secret), "no secret in plain text in state");
    assert.equal(revealed((await state("pipeline"))!.outputs!.clientSecret), app!.client_secret);
  });

  story.step("a changed description and a new rotation trigger: the preview says update and replace, with no API call", async () => {
    declared.apps.pipeline = { ...declared.apps.pipeline!, description: "CI deploys docs" };
    declared.keys.search = { ...declared.keys.search!, rotationTrigger: "2027-01" };
    const preview = await stack.preview();
    assert.equal(preview.error, undefined, preview.error);
    assert.deepEqual(vectaraSteps(preview), ["create-replacement search", "delete-replaced search", "replace search", "update pipeline"]);
    assert.deepEqual(calls(emulator), [], "a preview makes no API call");
  });

  story.step("up: one PATCH for the app client; the rotated key is created before the old one is deleted", async () => {
    const oldKey = emulator.apiKeys()[0]!;
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(calls(emulator).sort(), [
      "DELETE deleteApiKey 204",
      "GET listApiKeys 200",
      "PATCH updateAppClient 200",
      "POST createApiKey 201",
    ]);
    const order = run.steps.filter((step) => step.name === "search").map((step) => step.op);
    assert.ok(order.indexOf("create-replacement") < order.indexOf("delete-replaced"), order.join(", "));
    const keyCalls = calls(emulator).filter((c) => c.includes("ApiKey"));
    assert.deepEqual(keyCalls, ["GET listApiKeys 200", "POST createApiKey 201", "DELETE deleteApiKey 204"], "create before delete");
    assert.equal(emulator.appClients()[0]!.description, "CI deploys docs");
    const [newKey] = emulator.apiKeys();
    assert.notEqual(newKey!.id, oldKey.id);
    assert.equal(run.outputs.searchKey, newKey!.secret_key, "the new secret reaches its consumers");
  });

  story.step("a new name replaces the app client (new id, client id and secret); the old one is deleted after", async () => {
    const old = emulator.appClients()[0]!;
    declared.apps.pipeline = { ...declared.apps.pipeline!, name: "pipeline-v2" };
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(calls(emulator), ["GET listAppClients 200", "POST createAppClient 201", "DELETE deleteAppClient 204"]);
    const [now] = emulator.appClients();
    assert.equal(now!.name, "pipeline-v2");
    assert.notEqual(now!.client_id, old.client_id);
    assert.equal(run.outputs.pipelineSecret, now!.client_secret);
  });

  story.step("refresh finds roles changed outside Pulumi and a deleted key; the next up puts both back", async () => {
    const app = emulator.appClients()[0]!;
    emulator.putAppClient({ ...app, api_roles: ["administrator"] });
    emulator.removeApiKey(emulator.apiKeys()[0]!.id);
    const refresh = await stack.refresh();
    assert.equal(refresh.error, undefined, refresh.error);
    assert.deepEqual((await state("pipeline"))!.outputs!.apiRoles, ["administrator"]);
    assert.equal(await state("search"), undefined, "the deleted key left state");
    emulator.clearLog();
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["create search", "update pipeline"]);
    assert.deepEqual(emulator.appClients()[0]!.api_roles, ["corpus_administrator"]);
    assert.equal(emulator.apiKeys().length, 1);
  });

  story.step("adoption by id: no POST, and the note says the secret is not known", async () => {
    const legacy = emulator.putAppClient({ name: "legacy", description: "by hand", api_roles: ["owner"] });
    declared.apps.legacy = { name: "legacy", description: "by hand", apiRoles: ["owner"], adoptExisting: legacy.id };
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(calls(emulator), ["GET getAppClient 200"]);
    const adopted = (await state("legacy"))!;
    assert.equal(adopted.id, legacy.id);
    assert.equal(revealed(adopted.outputs!.clientSecret), "");
    assert.match(String(adopted.outputs!.secretNote), /not known to this stack.*change rotationTrigger/);
  });

  story.step("a key whose create answer is lost: found by listing, no duplicate, the note says so", async () => {
    declared.keys.indexer = { name: "indexer", apiKeyRole: "serving_and_indexing", corpusKeys: ["docs"] };
    emulator.inject("createApiKey", { kind: "commitThenFail", then: "reset" });
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(calls(emulator), ["GET listApiKeys 200", "POST createApiKey 0", "GET listApiKeys 200"]);
    assert.equal(emulator.apiKeys().filter((k) => k.name === "indexer").length, 1);
    assert.match(String((await state("indexer"))!.outputs!.secretNote), /answer to its create was lost, and a listing found it/);
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.error, undefined, preview.error);
  });

  story.step("a disabled key whose PATCH fails after its POST: recorded with its secret encrypted, finished by the next up", async () => {
    declared.keys.paused = { name: "paused", apiKeyRole: "serving", corpusKeys: ["docs"], enabled: false };
    emulator.inject("updateApiKey", { kind: "status", status: 400 });
    const failed = await stack.up();
    assert.match(failed.error ?? "", /Created Vectara API key "paused" \(aky_\w+\) but could not set enabled/);
    const paused = emulator.apiKeys().find((k) => k.name === "paused")!;
    assert.ok(!failed.error!.includes(paused.secret_key), "no secret in the error");
    assert.ok(!(await plaintext()).includes(paused.secret_key), "the secret of a partial failure is encrypted too");
    assert.equal(revealed((await state("paused"))!.outputs!.secretKey), paused.secret_key);
    emulator.clearLog();
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(calls(emulator), ["PATCH updateApiKey 200"]);
    assert.equal(emulator.getApiKey(paused.id)!.enabled, false);
  });

  story.step("destroy deletes every one of them", async () => {
    const run = await stack.destroy();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(emulator.appClients(), []);
    assert.deepEqual(emulator.apiKeys(), []);
  });
});
