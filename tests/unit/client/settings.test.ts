import assert from "node:assert/strict";
import { inspect } from "node:util";
import { DEFAULT_AUTH_URL, DEFAULT_BASE_URL, UsersClient, VectaraConfigError } from "../../../provider/client";
import { isLoopbackHost, resolveSettings } from "../../../provider/client/settings";

const KEY = "zut_settings_key_123456";

describe("client settings", () => {
  it("applies the defaults", () => {
    const s = resolveSettings({ apiKey: KEY }, {});
    assert.equal(s.baseUrl, DEFAULT_BASE_URL);
    assert.equal(s.authUrl, DEFAULT_AUTH_URL);
    assert.equal(s.baseUrl, "https://api.vectara.io");
    assert.equal(s.authUrl, "https://auth.vectara.io/oauth2/token");
    assert.equal(s.timeoutMs, 60_000);
    assert.equal(s.maxRetries, 3);
    assert.equal(s.retryBaseDelayMs, 500);
    assert.equal(s.retryMaxDelayMs, 30_000);
    assert.equal(s.operationTimeoutMs, 300_000);
    assert.equal(s.credential.kind, "api key");
    assert.equal(s.credentialSource, "options");
  });

  it("falls back to the VECTARA_* environment variables", () => {
    const s = resolveSettings(
      {},
      {
        VECTARA_CLIENT_ID: "cid",
        VECTARA_CLIENT_SECRET: "csecret-xyz",
        VECTARA_BASE_URL: "https://eu.example.com/",
        VECTARA_AUTH_URL: "https://auth.example.com/token",
      },
    );
    assert.equal(s.credential.kind, "oauth client credentials");
    assert.equal(s.credential.kind === "oauth client credentials" && s.credential.clientId, "cid");
    assert.equal(s.credential.kind === "oauth client credentials" && s.credential.clientSecret.reveal(), "csecret-xyz");
    assert.equal(s.credentialSource, "environment");
    assert.equal(s.baseUrl, "https://eu.example.com");
    assert.equal(s.authUrl, "https://auth.example.com/token");
    assert.equal(resolveSettings({}, { VECTARA_API_KEY: KEY }).credential.kind, "api key");
  });

  it("lets explicit options win over the environment", () => {
    const env = { VECTARA_API_KEY: "zut_from_env_000000", VECTARA_BASE_URL: "https://env.example.com" };
    const s = resolveSettings({ clientId: "cid", clientSecret: "sec-123456", baseUrl: "https://opt.example.com" }, env);
    // explicit client credentials are not overridden by an API key from the environment
    assert.equal(s.credential.kind, "oauth client credentials");
    assert.equal(s.baseUrl, "https://opt.example.com");
    const k = resolveSettings({ apiKey: "zut_explicit_00000" }, env);
    assert.equal(k.credential.kind === "api key" && k.credential.apiKey.reveal(), "zut_explicit_00000");
  });

  it("prefers the API key when both an API key and client credentials are given", () => {
    const s = resolveSettings({ apiKey: KEY, clientId: "cid", clientSecret: "sec-123456" }, {});
    assert.equal(s.credential.kind, "api key");
    const e = resolveSettings({}, { VECTARA_API_KEY: KEY, VECTARA_CLIENT_ID: "cid", VECTARA_CLIENT_SECRET: "sec-123456" });
    assert.equal(e.credential.kind, "api key");
  });

  it("treats empty and blank strings as not set", () => {
    const s = resolveSettings({ apiKey: "  ", baseUrl: "" }, { VECTARA_API_KEY: KEY, VECTARA_BASE_URL: "" });
    assert.equal(s.credential.kind === "api key" && s.credential.apiKey.reveal(), KEY);
    assert.equal(s.baseUrl, DEFAULT_BASE_URL);
  });

  it("refuses to run without any credential, naming the options and env vars to set", () => {
    assert.throws(
      () => resolveSettings({}, {}),
      (e: unknown) => {
        assert.ok(e instanceof VectaraConfigError);
        for (const name of ["apiKey", "clientId", "clientSecret", "VECTARA_API_KEY", "VECTARA_CLIENT_ID", "VECTARA_CLIENT_SECRET"]) {
          assert.ok(e.message.includes(name), `message names ${name}: ${e.message}`);
        }
        return true;
      },
    );
    assert.throws(() => new UsersClient({}, {}), VectaraConfigError);
  });

  it("refuses half a client-credentials pair", () => {
    assert.throws(() => resolveSettings({ clientId: "cid" }, {}), /clientSecret/);
    assert.throws(() => resolveSettings({ clientSecret: "sec-123456" }, {}), /clientId/);
    assert.throws(
      () => resolveSettings({}, { VECTARA_CLIENT_ID: "cid" }),
      (e: unknown) => e instanceof VectaraConfigError && /VECTARA_CLIENT_SECRET/.test(e.message),
    );
    // the secret never shows up in the message
    assert.throws(
      () => resolveSettings({ clientSecret: "sec-DO-NOT-SHOW" }, {}),
      (e: unknown) => e instanceof Error && !e.message.includes("sec-DO-NOT-SHOW"),
    );
  });

  it("refuses plain http:// unless the host is this machine", () => {
    for (const url of [
      "http://api.vectara.io",
      "http://10.0.0.1:8080",
      "http://127.evil.example.com",
      "http://localhost.example.com",
      "http://[::2]",
    ]) {
      assert.throws(() => resolveSettings({ apiKey: KEY, baseUrl: url }, {}), VectaraConfigError, url);
      assert.throws(() => resolveSettings({ apiKey: KEY, authUrl: url }, {}), VectaraConfigError, url);
    }
    assert.throws(() => resolveSettings({ apiKey: KEY }, { VECTARA_BASE_URL: "http://example.com" }), /VECTARA_BASE_URL/);
    for (const url of ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:3000", "http://[::1]:9000", "https://example.com"]) {
      assert.equal(resolveSettings({ apiKey: KEY, baseUrl: url }, {}).baseUrl, url);
    }
    assert.throws(() => new UsersClient({ apiKey: KEY, baseUrl: "http://example.com" }, {}), VectaraConfigError);
  });

  it("refuses malformed URLs and URLs carrying credentials", () => {
    for (const url of [
      "not a url",
      "ftp://example.com",
      "file:///etc/passwd",
      "https://example.com/?x=1",
      "https://user:pw-SECRET@example.com",
    ]) {
      assert.throws(
        () => resolveSettings({ apiKey: KEY, baseUrl: url }, {}),
        (e: unknown) => e instanceof VectaraConfigError && !e.message.includes("pw-SECRET"),
        url,
      );
    }
  });

  it("keeps a base path and strips trailing slashes", () => {
    assert.equal(
      resolveSettings({ apiKey: KEY, baseUrl: "https://proxy.example.com/vectara/" }, {}).baseUrl,
      "https://proxy.example.com/vectara",
    );
  });

  it("validates the numeric options", () => {
    assert.throws(() => resolveSettings({ apiKey: KEY, timeoutMs: 0 }, {}), /timeoutMs/);
    assert.throws(() => resolveSettings({ apiKey: KEY, maxRetries: -1 }, {}), /maxRetries/);
    assert.throws(() => resolveSettings({ apiKey: KEY, maxRetries: 1.5 }, {}), /maxRetries/);
    assert.throws(() => resolveSettings({ apiKey: KEY, retryBaseDelayMs: Number.NaN }, {}), /retryBaseDelayMs/);
    assert.throws(() => resolveSettings({ apiKey: KEY, retryMaxDelayMs: -5 }, {}), /retryMaxDelayMs/);
    assert.throws(
      () => resolveSettings({ apiKey: KEY, operationTimeoutMs: 0 }, {}),
      /operationTimeoutMs must be a number from 1 to 2147483647/,
    );
    const s = resolveSettings({ apiKey: KEY, timeoutMs: 10, maxRetries: 0, retryBaseDelayMs: 0, retryMaxDelayMs: 0 }, {});
    assert.deepEqual([s.timeoutMs, s.maxRetries, s.retryBaseDelayMs, s.retryMaxDelayMs], [10, 0, 0, 0]);
  });

  it("refuses timers longer than Node.js can wait (2^31 - 1 ms), which would fire after 1 ms instead", () => {
    for (const name of ["timeoutMs", "retryBaseDelayMs", "retryMaxDelayMs"] as const) {
      assert.throws(
        () => resolveSettings({ apiKey: KEY, [name]: 3_000_000_000 }, {}),
        new RegExp(`${name} must be a number from [01] to 2147483647 \\(the longest timer Node.js can set\\), got 3000000000`),
      );
      assert.equal(resolveSettings({ apiKey: KEY, [name]: 2_147_483_647 }, {})[name], 2_147_483_647);
    }
  });

  it("never shows the credential when the settings are printed or serialized", () => {
    const s = resolveSettings({ apiKey: KEY }, {});
    const o = resolveSettings({ clientId: "cid", clientSecret: "csecret-987654" }, {});
    for (const text of [inspect(s, { depth: 10 }), JSON.stringify(s), String(s.credential), inspect(o, { depth: 10 }), JSON.stringify(o)]) {
      assert.ok(!text.includes(KEY) && !text.includes("csecret-987654"), text);
    }
    const client = new UsersClient({ apiKey: KEY }, {});
    assert.ok(!inspect(client, { depth: 10, showHidden: true }).includes(KEY));
    assert.ok(!JSON.stringify(client).includes(KEY));
    assert.equal(client.credentialKind, "api key");
    assert.equal(new UsersClient({ clientId: "cid", clientSecret: "csecret-987654" }, {}).credentialKind, "oauth client credentials");
  });

  it("recognizes loopback hosts", () => {
    for (const h of ["localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "::1", "[::1]"]) assert.ok(isLoopbackHost(h), h);
    for (const h of ["128.0.0.1", "127.0.0.256", "example.com", "0.0.0.0", "::", "127.0.0.1.nip.io"]) assert.ok(!isLoopbackHost(h), h);
  });
});
