/** listVectaraAppClients and listVectaraApiKeys in a program: free during preview, every page during up, never a secret. */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { mocks, rejectionOf, settle } from "./helpers";

describe("listVectaraAppClients and listVectaraApiKeys", () => {
  let emulator: VectaraEmulator;
  let pkg: typeof import("pulumi-vectara");
  before(async () => {
    // An API that shows secrets on read: the lookups must drop them all the same.
    emulator = await VectaraEmulator.start({ secretsOnRead: true });
    for (let i = 0; i < 130; i++) emulator.putAppClient({ name: i % 2 ? `pipeline-${i}` : `ci-${i}`, api_roles: ["corpus_developer"] });
    for (let i = 0; i < 120; i++) {
      emulator.putApiKey({
        name: `key-${i}`,
        api_key_role: i % 3 ? "serving" : "serving_and_indexing",
        corpus_keys: [i % 2 ? "odd" : "even"],
      });
    }
    emulator.putApiKey({ name: "mine", api_key_role: "personal" });
    pulumi.runtime.setAllConfig({ "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": emulator.url }, ["vectara:apiKey"]);
    pkg = require("pulumi-vectara");
  });
  after(async () => {
    pulumi.runtime.setAllConfig({});
    await emulator?.stop();
  });
  beforeEach(() => emulator.clearLog());

  it("are unknown during a preview and make no API call", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", true);
    assert.equal((await settle(pkg.listVectaraAppClients())).known, false);
    assert.equal((await settle(pkg.listVectaraApiKeys())).known, false);
    assert.deepEqual(emulator.calls(), []);
  });

  it("during an up, read every page with the stack config, and return no secret", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const clients = (await settle(pkg.listVectaraAppClients())).value;
    assert.equal(clients.length, 130);
    assert.equal(emulator.calls("listAppClients").length, 2, "pages of 100");
    const keys = (await settle(pkg.listVectaraApiKeys())).value;
    assert.equal(keys.length, 121);
    assert.equal(emulator.calls("listApiKeys").length, 2, "pages of 100");

    const text = JSON.stringify([clients, keys]);
    const leaked = emulator.issuedSecrets().filter((s) => text.includes(s));
    const stored = [...emulator.appClients().map((c) => c.client_secret), ...emulator.apiKeys().map((k) => k.secret_key)];
    assert.deepEqual(leaked, []);
    assert.deepEqual(
      stored.filter((s) => text.includes(s)),
      [],
    );
    assert.ok(clients.every((c) => !("clientSecret" in c) && /^app_/.test(c.id) && c.clientId !== ""));
    assert.ok(keys.every((k) => !("secretKey" in k)));
  });

  it("filter as the API does: app clients by name pattern, keys by corpus and role", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", true);
    const pipelines = (await settle(pkg.listVectaraAppClients({ nameFilter: "^pipeline-", duringPreview: true }))).value;
    assert.equal(pipelines.length, 65);
    assert.ok(pipelines.every((c) => c.name.startsWith("pipeline-")));
    const odd = (await settle(pkg.listVectaraApiKeys({ corpusKey: "odd", apiKeyRole: "serving", duringPreview: true }))).value;
    assert.equal(odd.length, 40);
    assert.ok(odd.every((k) => k.apiKeyRole === "serving" && k.corpusKeys?.join() === "odd"));
  });

  it("a Vectara error is a RunError naming the lookup", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const settings = { apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 0 };
    emulator.inject("listAppClients", { kind: "status", status: 500, message: "List fault." });
    const e = await rejectionOf(pkg.listVectaraAppClients({ settings }));
    assert.ok(pulumi.RunError.isInstance(e), String(e));
    assert.match(e.message, /^listVectaraAppClients: Vectara API 500 Internal Server Error on GET \/v2\/app_clients: List fault\./);
    emulator.inject("listApiKeys", { kind: "status", status: 403, message: "Nope." });
    const k = await rejectionOf(pkg.listVectaraApiKeys({ settings }));
    assert.ok(pulumi.RunError.isInstance(k), String(k));
    assert.match(k.message, /^listVectaraApiKeys: Vectara API 403 Forbidden on GET \/v2\/api_keys/);
  });
});
