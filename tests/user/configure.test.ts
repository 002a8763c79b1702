/** Where the provider takes its credentials from: stack config, else VECTARA_* env; never both. */
import assert from "node:assert/strict";
import { MISSING_CREDENTIALS, settingsFromConfig } from "../../provider/runtime/config";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../emulator";
import type { HostError } from "../support/host";
import { startProviderStack, withProvider, type ProviderStack } from "../support/stack";

const noEnv = { VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined };

async function createAlice(stack: ProviderStack, email = "alice@example.com") {
  const urn = stack.userUrn(email);
  const { inputs } = await stack.host.check(urn, {}, withProvider(stack.userProvider, { email }));
  return stack.host.create(urn, inputs);
}

describe("provider configuration through the host", function () {
  this.timeout(30000);
  let stack: ProviderStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it("without any credential, a preview still works and the first API call says what to set", async () => {
    stack = await startProviderStack({ config: (e) => ({ "vectara:baseUrl": e.url }), env: noEnv });
    const { failures } = await stack.host.check(stack.userUrn("a"), {}, withProvider(stack.userProvider, { email: "a@example.com" }));
    assert.deepEqual(failures, []);
    await assert.rejects(createAlice(stack), (e: HostError) => {
      assert.match(e.message, /pulumi config set --secret vectara:apiKey/);
      assert.match(e.message, /VECTARA_API_KEY/);
      assert.match(e.message, /vectara:clientId/);
      return true;
    });
    assert.deepEqual(stack.emulator.requests, [], "not even a token request");
  });

  it("falls back to VECTARA_API_KEY in the environment", async () => {
    stack = await startProviderStack({ config: (e) => ({ "vectara:baseUrl": e.url }), env: { ...noEnv, VECTARA_API_KEY: DEFAULT_API_KEY } });
    const created = await createAlice(stack);
    assert.match(created.id, /^usr_/);
  });

  it("stack config credentials win over the environment's, never mixed", async () => {
    stack = await startProviderStack({
      config: (e) => ({ "vectara:clientId": DEFAULT_CLIENT_ID, "vectara:clientSecret": DEFAULT_CLIENT_SECRET, "vectara:baseUrl": e.url, "vectara:authUrl": e.tokenUrl }),
      env: { ...noEnv, VECTARA_API_KEY: "zut_stale_key_from_env" },
    });
    await createAlice(stack);
    assert.equal(stack.emulator.tokensIssued, 1, "OAuth from the stack config, not the env's API key");
  });
});

describe("settingsFromConfig", () => {
  const config = (values: Record<string, string>) => (key: string) => values[key];

  it("maps stack config keys to client settings", () => {
    const { settings } = settingsFromConfig(config({ "vectara:apiKey": "k", "vectara:timeoutSeconds": "5", "vectara:maxRetries": "0", "vectara:baseUrl": "https://x.example" }), {});
    assert.deepEqual({ ...settings }, { apiKey: "k", clientId: undefined, clientSecret: undefined, baseUrl: "https://x.example", authUrl: undefined, maxRetries: 0, retryBaseDelayMs: undefined, retryMaxDelayMs: undefined, timeoutMs: 5000 });
  });

  it("refuses a bad number, naming the key and the value", () => {
    assert.throws(() => settingsFromConfig(config({ "vectara:apiKey": "k", "vectara:timeoutSeconds": "soon" }), {}), /vectara:timeoutSeconds must be a non-negative number, got "soon"/);
  });

  it("without credentials anywhere, says which config keys and env vars to set", () => {
    assert.throws(() => settingsFromConfig(config({}), {}), (e: Error) => e.message === MISSING_CREDENTIALS);
  });
});
