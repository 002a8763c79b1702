/**
 * VectaraAppClient and VectaraApiKey through the SDK's real provider host, driven over gRPC as
 * the engine drives it, against the emulator: check and diff make no API call (an exact
 * preview), bad input fails check naming the property, create / update / read / delete make
 * exactly the calls they should, and no secret reaches the host's output or an error.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { urn, type Props } from "../../support/host";
import { describeStory } from "../../support/story";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const DIST = path.resolve(__dirname, "../../../dist");
/** The `__provider` a compiled program stores for a resource of the registry. */
function stub(row: "appClient" | "apiKey"): string {
  const { REGISTRY } = require(path.join(DIST, "resources", "registry.js"));
  const { providerStub } = require(path.join(DIST, "framework", "stub.js"));
  return providerStub(REGISTRY[row].entryPoint);
}

const calls = (stack: ProviderStack) => stack.emulator.calls().map((c) => `${c.method} ${c.route}`);

describeStory("VectaraAppClient and VectaraApiKey through the provider host", function (story) {
  this.timeout(30000);
  let stack: ProviderStack;
  const appUrn = urn("pulumi-nodejs:dynamic/vectara:AppClient", "pipeline");
  const keyUrn = urn("pulumi-nodejs:dynamic/vectara:ApiKey", "search");
  const app = (props: Props) => withProvider(stub("appClient"), props);
  const key = (props: Props) => withProvider(stub("apiKey"), props);
  let appState: Props;
  let keyState: Props;
  let appInputs: Props;
  let keyInputs: Props;

  before(async () => {
    stack = await startProviderStack();
  });
  after(async () => stack?.stop());
  story.beforeEachStep(() => stack.emulator.clearLog());

  story.step("check refuses bad input naming the property, the value and what is valid, with no API call", async () => {
    const badApp = await stack.host.check(appUrn, {}, app({ name: "pipeline", apiRoles: ["viewer"] }));
    assert.equal(badApp.failures.length, 1);
    assert.equal(badApp.failures[0]!.property, "apiRoles");
    assert.match(badApp.failures[0]!.reason, /"viewer" at apiRoles\[0\] is not an API role of an app client.*valid: one of owner/);
    const badKey = await stack.host.check(keyUrn, {}, key({ name: "me", apiKeyRole: "personal", corpusKeys: ["docs"] }));
    assert.deepEqual(
      badKey.failures.map((f) => f.property),
      ["corpusKeys"],
    );
    assert.match(badKey.failures[0]!.reason, /not allowed with apiKeyRole "personal"/);
    assert.deepEqual(calls(stack), []);
  });

  story.step(
    "create: a listing of the name, then one POST, each; the secrets come back as outputs (the engine marks them secret)",
    async () => {
      appInputs = (await stack.host.check(appUrn, {}, app({ name: "pipeline", apiRoles: ["corpus_administrator"] }))).inputs;
      keyInputs = (await stack.host.check(keyUrn, {}, key({ name: "search", apiKeyRole: "serving", corpusKeys: ["docs"], enabled: false })))
        .inputs;
      const createdApp = await stack.host.create(appUrn, appInputs);
      const createdKey = await stack.host.create(keyUrn, keyInputs);
      assert.deepEqual(
        calls(stack),
        ["GET listAppClients", "POST createAppClient", "GET listApiKeys", "POST createApiKey", "PATCH updateApiKey"],
        "a disabled key: POST, then PATCH",
      );
      appState = createdApp.properties;
      keyState = createdKey.properties;
      assert.equal(appState.clientSecret, stack.emulator.getAppClient(createdApp.id)!.client_secret);
      assert.equal(keyState.secretKey, stack.emulator.getApiKey(createdKey.id)!.secret_key);
      assert.equal(keyState.enabled, false);
      assert.equal(typeof appState.__provider, "string", "state keeps the stub, never a credential");
      assert.ok(!String(appState.__provider).includes(appState.clientSecret as string));
    },
  );

  story.step("diff: nothing for the same program; in place for a description; replace (new first) for a trigger; no call", async () => {
    const same = await stack.host.diff(appUrn, String(appState.appClientId), appState, appInputs);
    assert.equal(same.changes, "none");
    const described = (
      await stack.host.check(appUrn, appInputs, app({ name: "pipeline", apiRoles: ["corpus_administrator"], description: "CI" }))
    ).inputs;
    const inPlace = await stack.host.diff(appUrn, String(appState.appClientId), appState, described);
    assert.equal(inPlace.changes, "some");
    assert.deepEqual(inPlace.replaces, []);
    const rotated = (await stack.host.check(keyUrn, keyInputs, key({ ...keyInputs, __provider: undefined, rotationTrigger: "q2" }))).inputs;
    const replace = await stack.host.diff(keyUrn, String(keyState.apiKeyId), keyState, rotated);
    assert.deepEqual(replace.replaces, ["rotationTrigger"]);
    assert.equal(replace.deleteBeforeReplace, false, "the new key exists before the old one is deleted");
    assert.deepEqual(calls(stack), []);
    appInputs = described;
  });

  story.step("update: one PATCH of the description; the secret stays", async () => {
    const updated = await stack.host.update(appUrn, String(appState.appClientId), appState, appInputs);
    assert.deepEqual(calls(stack), ["PATCH updateAppClient"]);
    assert.equal(updated.properties.description, "CI");
    assert.equal(updated.properties.clientSecret, appState.clientSecret);
    appState = updated.properties;
  });

  story.step("read (refresh): drift comes back as outputs and inputs; a deleted key reads as gone", async () => {
    await stack.nextRun();
    const stored = stack.emulator.getAppClient(String(appState.appClientId))!;
    stack.emulator.putAppClient({ ...stored, api_roles: ["owner"] });
    const read = await stack.host.read(appUrn, String(appState.appClientId), appState);
    assert.deepEqual(read.properties.apiRoles, ["owner"]);
    assert.deepEqual(read.inputs?.apiRoles, ["owner"]);
    assert.equal(read.properties.clientSecret, appState.clientSecret);
    stack.emulator.removeApiKey(String(keyState.apiKeyId));
    const gone = await stack.host.read(keyUrn, String(keyState.apiKeyId), keyState);
    assert.equal(gone.id, "");
    assert.deepEqual(calls(stack), ["GET getAppClient", "GET getApiKey"]);
  });

  story.step("delete: one DELETE; no secret ever reached the host's output", async () => {
    await stack.host.delete(appUrn, String(appState.appClientId), appState);
    assert.deepEqual(calls(stack), ["DELETE deleteAppClient"]);
    assert.deepEqual(stack.emulator.appClients(), []);
    const output = stack.hostStdout + stack.hostStderr;
    for (const secret of stack.emulator.issuedSecrets()) assert.ok(!output.includes(secret), "a secret in the host's output");
  });
});
