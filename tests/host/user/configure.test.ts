/**
 * Provider configuration: where credentials come from (stack config, else VECTARA_* env;
 * never both), and configuration that can never work failing the preview with a message in
 * the stack owner's words (the config key and the env var), through the SDK host
 * (tests/engine/configure.test.ts: the same through the real engine). Missing credentials never
 * fail a preview: the first API call reports them.
 */
import assert from "node:assert/strict";
import { VectaraConfigError } from "../../../provider/client";
import { MISSING_CREDENTIALS, resolve, withCredential, type Credential } from "../../../provider/client/settings";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "vectara-emulator";
import type { HostError } from "../../support/host";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const noEnv = { VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined };

async function createAlice(stack: ProviderStack, email = "alice@example.com") {
  const urn = stack.userUrn(email);
  const { inputs } = await stack.host.check(urn, {}, withProvider(stack.userProvider, { email }));
  return stack.host.create(urn, inputs);
}

/** Bad configuration, and the words its message must use. */
const BAD_CONFIG: { what: string; config: Record<string, string>; env?: NodeJS.ProcessEnv; says: RegExp[] }[] = [
  {
    what: "vectara:timeoutSeconds abc",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:timeoutSeconds": "abc" },
    says: [
      /^vectara:timeoutSeconds must be a number of seconds greater than 0 and at most 2147483 \(.*\), got "abc"/,
      /pulumi config set vectara:timeoutSeconds 60/,
    ],
  },
  {
    // Node.js timers fire after 1 ms past 2^31 - 1 ms: every request would time out at once.
    what: "a vectara:timeoutSeconds longer than a Node.js timer can wait (3000000 s)",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:timeoutSeconds": "3000000" },
    says: [/^vectara:timeoutSeconds must be .* at most 2147483 \(the longest timer Node.js can set, about 24.8 days\), got "3000000"/],
  },
  {
    what: "a vectara:retryMaxDelayMs longer than a Node.js timer can wait",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:retryMaxDelayMs": "2147483648" },
    says: [/^vectara:retryMaxDelayMs must be a number of milliseconds from 0 to 2147483647 .*, got "2147483648"/],
  },
  {
    what: "vectara:operationTimeoutSeconds 0",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:operationTimeoutSeconds": "0" },
    says: [
      /^vectara:operationTimeoutSeconds must be a number of seconds greater than 0 and at most 2147483 \(.*\), got "0"/,
      /pulumi config set vectara:operationTimeoutSeconds 300/,
    ],
  },
  {
    what: "vectara:maxRetries 1.5",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:maxRetries": "1.5" },
    says: [/^vectara:maxRetries must be a whole number, 0 or more, got "1.5"/],
  },
  {
    what: "a plain http:// vectara:baseUrl to another machine",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": "http://vectara.example.com" },
    says: [/^vectara:baseUrl \(stack config, which wins over VECTARA_BASE_URL\) uses plain http:\/\/ to vectara.example.com/],
  },
  {
    what: "a plain http:// VECTARA_AUTH_URL to another machine",
    config: { "vectara:apiKey": DEFAULT_API_KEY },
    env: { VECTARA_AUTH_URL: "http://auth.example.com/oauth2/token" },
    says: [/^VECTARA_AUTH_URL \(environment; the stack config vectara:authUrl is not set\) uses plain http:\/\//],
  },
  {
    what: "vectara:clientId without vectara:clientSecret",
    config: { "vectara:clientId": "abc" },
    env: { VECTARA_CLIENT_SECRET: "from-the-env-123456" },
    says: [
      /vectara:clientId is set in the stack config but vectara:clientSecret is not/,
      /pulumi config set --secret vectara:clientSecret/,
      /VECTARA_CLIENT_SECRET\) are not used/,
    ],
  },
  {
    what: "VECTARA_CLIENT_ID without VECTARA_CLIENT_SECRET",
    config: {},
    env: { VECTARA_CLIENT_ID: "abc" },
    says: [/VECTARA_CLIENT_ID is set in the environment but VECTARA_CLIENT_SECRET is not/, /vectara:clientSecret/],
  },
];

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
    stack = await startProviderStack({
      config: (e) => ({ "vectara:baseUrl": e.url }),
      env: { ...noEnv, VECTARA_API_KEY: DEFAULT_API_KEY },
    });
    const created = await createAlice(stack);
    assert.match(created.id, /^usr_/);
  });

  it("stack config credentials win over the environment's, never mixed", async () => {
    stack = await startProviderStack({
      config: (e) => ({
        "vectara:clientId": DEFAULT_CLIENT_ID,
        "vectara:clientSecret": DEFAULT_CLIENT_SECRET,
        "vectara:baseUrl": e.url,
        "vectara:authUrl": e.tokenUrl,
      }),
      env: { ...noEnv, VECTARA_API_KEY: "zut_stale_key_from_env" },
    });
    await createAlice(stack);
    assert.equal(stack.emulator.tokensIssued, 1, "OAuth from the stack config, not the env's API key");
  });

  for (const bad of BAD_CONFIG) {
    it(`${bad.what}: check fails (so does the preview) with a message naming the config key, before any call`, async () => {
      stack = await startProviderStack({ config: () => bad.config, env: { ...noEnv, ...bad.env } });
      for (const [urn, provider, props] of [
        [stack.userUrn("a"), stack.userProvider, { email: "a@example.com" }],
        [stack.resetUrn("a"), stack.resetProvider, { username: "a@example.com" }],
      ] as const) {
        const { failures } = await stack.host.check(urn, {}, withProvider(provider, props));
        assert.equal(failures.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, "", "about the stack's configuration, not a property");
        for (const words of bad.says) assert.match(failures[0].reason, words);
      }
      assert.deepEqual(stack.emulator.requests, []);
    });
  }
});

describe("the stack config through the resolver (client/settings.ts)", () => {
  const config = (values: Record<string, string>) => (key: string) => values[key];
  const resolveConfig = (get: (key: string) => string | undefined, env: NodeJS.ProcessEnv) => resolve({ config: get, env });
  const revealed = (c: Credential | undefined) =>
    c?.kind === "api key" ? { apiKey: c.apiKey.reveal() } : c ? { clientId: c.clientId, clientSecret: c.clientSecret.reveal() } : undefined;

  it("maps stack config keys to complete client settings; the environment fills only what the stack config leaves out", () => {
    const resolved = resolveConfig(
      config({ "vectara:apiKey": "k", "vectara:timeoutSeconds": "5", "vectara:maxRetries": "0", "vectara:baseUrl": "https://x.example/" }),
      { VECTARA_CLIENT_ID: "ignored", VECTARA_AUTH_URL: "https://auth.example/token" },
    );
    assert.deepEqual(revealed(resolved.credential), { apiKey: "k" });
    assert.equal(resolved.credentialSource, "stack config");
    assert.deepEqual(
      [
        resolved.baseUrl,
        resolved.authUrl,
        resolved.maxRetries,
        resolved.timeoutMs,
        resolved.retryBaseDelayMs,
        resolved.retryMaxDelayMs,
        resolved.operationTimeoutMs,
      ],
      ["https://x.example", "https://auth.example/token", 0, 5000, 500, 30000, 300000],
    );
    assert.equal(
      resolved.oauthAdvice,
      "`pulumi config set vectara:clientId <id>` and `pulumi config set --secret vectara:clientSecret <secret>`, " +
        "then `pulumi config rm vectara:apiKey` (an API key wins over client credentials)",
    );
  });

  it("tells an API key from the environment how to switch to OAuth client credentials, in stack config or environment", () => {
    const resolved = resolveConfig(config({}), { VECTARA_API_KEY: "k" });
    assert.equal(
      resolved.oauthAdvice,
      "`pulumi config set vectara:clientId <id>` and `pulumi config set --secret vectara:clientSecret <secret>` " +
        "(the stack config wins over VECTARA_API_KEY), or set VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET and unset VECTARA_API_KEY",
    );
    assert.equal(
      resolveConfig(config({ "vectara:clientId": "id", "vectara:clientSecret": "s" }), {}).credential?.kind,
      "oauth client credentials",
    );
  });

  it("takes the credential from the environment when the stack config names none", () => {
    const resolved = resolveConfig(config({}), { VECTARA_CLIENT_ID: "id", VECTARA_CLIENT_SECRET: "secret-123456" });
    assert.deepEqual(revealed(resolved.credential), { clientId: "id", clientSecret: "secret-123456" });
    assert.equal(resolved.credentialSource, "environment");
  });

  it("without credentials anywhere, resolves (a preview needs none); the client says which keys and env vars to set", () => {
    const resolved = resolveConfig(config({}), {});
    assert.equal(resolved.credentialSource, undefined);
    assert.throws(
      () => withCredential(resolved),
      (e: Error) => e instanceof VectaraConfigError && e.message === MISSING_CREDENTIALS,
    );
  });

  for (const bad of BAD_CONFIG) {
    it(`refuses ${bad.what}, in the stack owner's words`, () => {
      assert.throws(
        () => resolveConfig(config(bad.config), { ...bad.env }),
        (e: Error) =>
          e instanceof VectaraConfigError && bad.says.every((words) => words.test(e.message)) && !/\b(options|timeoutMs)\b/.test(e.message),
      );
    });
  }
});
