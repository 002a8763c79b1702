import assert from "node:assert/strict";
import sinon from "sinon";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID } from "vectara-emulator";
import { UsersClient, VectaraApiError, VectaraAuthError, VectaraNetworkError } from "../../../provider/client";
import { FAST, json, keyClient, oauthClient, rejection, since, startStub, uniqueEmail, useEmulator } from "./helpers";

describe("authentication (emulator)", () => {
  describe("API key", () => {
    const emu = useEmulator();

    it("sends x-api-key and never asks for a token", async () => {
      const client = keyClient(emu());
      const mark = emu().requests.length;
      await client.listPage();
      assert.equal(client.tokenRequests, 0);
      assert.equal(since(emu(), mark, "token").length, 0);
    });

    it("a 401 with an API key is not retried", async () => {
      const client = new UsersClient({ apiKey: "zut_unknown_key_000", baseUrl: emu().url, ...FAST }, {});
      const mark = emu().requests.length;
      const e = await rejection(() => client.get("nobody@example.com"));
      assert.ok(e instanceof VectaraApiError);
      assert.equal(e.status, 401);
      assert.match(e.message, /API key was rejected or has expired/);
      assert.equal(since(emu(), mark).length, 1);
      client.close();
    });
  });

  describe("OAuth client credentials", () => {
    const emu = useEmulator();

    it("form-encodes the token request and sends the token as a bearer", async () => {
      const client = oauthClient(emu());
      const mark = emu().requests.length;
      await client.listPage();
      const [token, list] = since(emu(), mark);
      assert.equal(token.route, "token");
      assert.deepEqual(token.body, { grant_type: "client_credentials", client_id: DEFAULT_CLIENT_ID, client_secret: "[redacted]" });
      assert.equal(list.route, "listUsers");
      assert.equal(list.status, 200);
    });

    it("reuses one token for 50 calls", async () => {
      const client = oauthClient(emu());
      const issued = emu().tokensIssued;
      for (let i = 0; i < 50; i++) await client.listPage({ limit: 1 });
      assert.equal(client.tokenRequests, 1);
      assert.equal(emu().tokensIssued - issued, 1);
    });

    it("single-flight: 20 concurrent first calls share one token request", async () => {
      const client = oauthClient(emu());
      const issued = emu().tokensIssued;
      emu().setLatency(20); // keep the token request in flight while the others arrive
      try {
        const results = await Promise.all(Array.from({ length: 20 }, () => client.listPage({ limit: 1 })));
        assert.equal(results.length, 20);
      } finally {
        emu().setLatency(0);
      }
      assert.equal(client.tokenRequests, 1);
      assert.equal(emu().tokensIssued - issued, 1);
    });

    it("a 401 (expired token) refreshes the token once and retries the call once", async () => {
      const client = oauthClient(emu());
      const email = uniqueEmail("refresh");
      await client.create({ email });
      const mark = emu().requests.length;
      emu().expireTokens();
      const user = await client.get(email);
      assert.equal(user.email, email);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.route} ${r.status}`),
        ["getUser 401", "token 200", "getUser 200"],
      );
      assert.equal(client.tokenRequests, 2);
    });

    it("20 concurrent calls that all get 401 share one refresh", async () => {
      const client = oauthClient(emu());
      await client.listPage({ limit: 1 });
      emu().expireTokens();
      const issued = emu().tokensIssued;
      emu().setLatency(10);
      try {
        await Promise.all(Array.from({ length: 20 }, () => client.listPage({ limit: 1 })));
      } finally {
        emu().setLatency(0);
      }
      assert.equal(emu().tokensIssued - issued, 1);
      assert.equal(client.tokenRequests, 2);
    });

    it("a 401 with a fresh token too: exactly one retry, then a clear error", async () => {
      const client = oauthClient(emu());
      await client.listPage({ limit: 1 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 401, times: 5 });
      const e = await rejection(() => client.get("someone@example.com"));
      assert.ok(e instanceof VectaraApiError);
      assert.ok(!(e instanceof VectaraAuthError));
      assert.equal(e.status, 401);
      assert.match(e.message, /OAuth client credentials \(client id 'emulator-client'\) was rejected or has expired/);
      assert.match(e.message, /freshly issued token/);
      assert.deepEqual(
        since(emu(), mark).map((r) => r.route),
        ["getUser", "token", "getUser"],
      );
    });

    it("a 401 on create is safe to retry with a new token (the server refused before acting)", async () => {
      const client = oauthClient(emu());
      await client.listPage({ limit: 1 });
      emu().expireTokens();
      const email = uniqueEmail("create401");
      const mark = emu().requests.length;
      await client.create({ email });
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.route} ${r.status}`),
        ["createUser 401", "token 200", "createUser 201"],
      );
    });

    it("rejected client credentials give a VectaraAuthError naming the token URL and client id, not retried", async () => {
      const client = new UsersClient(
        { clientId: DEFAULT_CLIENT_ID, clientSecret: "wrong-secret-value", baseUrl: emu().url, authUrl: emu().tokenUrl, ...FAST },
        {},
      );
      const mark = emu().requests.length;
      const e = await rejection(() => client.listPage());
      assert.ok(e instanceof VectaraAuthError);
      assert.ok(e instanceof VectaraApiError);
      assert.equal(e.status, 401);
      assert.match(
        e.message,
        /token URL http:\/\/127\.0\.0\.1:\d+\/oauth2\/token rejected the OAuth client credentials for client id 'emulator-client'/,
      );
      assert.match(e.message, /invalid_client/);
      assert.ok(!e.message.includes("wrong-secret-value"));
      assert.deepEqual(
        since(emu(), mark).map((r) => r.route),
        ["token"],
        "no retry, and no API call",
      );
      assert.equal(client.tokenRequests, 1);
      client.close();
    });

    it("transient token endpoint failures are retried like API calls", async () => {
      const client = oauthClient(emu());
      emu().inject("token", { kind: "status", status: 503, times: 2 });
      await client.listPage({ limit: 1 });
      assert.equal(client.tokenRequests, 3);
      emu().inject("token", { kind: "reset" });
      const other = oauthClient(emu());
      await other.listPage({ limit: 1 });
      assert.equal(other.tokenRequests, 2);
    });

    it("token endpoint failures past maxRetries surface as errors, and the next call tries again", async () => {
      const client = oauthClient(emu(), { maxRetries: 1 });
      emu().inject("token", { kind: "status", status: 500, times: 2 });
      const e = await rejection(() => client.listPage());
      assert.ok(e instanceof VectaraApiError);
      assert.equal(e.status, 500);
      assert.match(e.message, /Vectara token URL 500/);
      await client.listPage({ limit: 1 }); // not stuck on the failed fetch
      assert.equal(client.tokenRequests, 3);
    });

    it("a 403 names the role the users API needs", async () => {
      emu().setPrincipalRoles(DEFAULT_CLIENT_ID, ["corpus_viewer"]);
      try {
        const client = oauthClient(emu());
        const e = await rejection(() => client.create({ email: uniqueEmail("forbidden") }));
        assert.equal(e.status, 403);
        assert.match(e.message, /OAuth client credentials \(client id 'emulator-client'\)/);
        assert.match(e.message, /administrator.*owner/);
      } finally {
        emu().setPrincipalRoles(DEFAULT_CLIENT_ID, ["administrator"]);
      }
    });
  });

  describe("token lifetime", () => {
    const emu = useEmulator({ tokenTtlSeconds: 121 });

    it("refreshes 2 minutes before expiry (expires_in 121 s: the token is good for about 1 s)", async () => {
      // A fake clock for Date alone (timers and sockets stay real): the 1 s window is then
      // exact, however slow the machine.
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
      try {
        const client = oauthClient(emu());
        await client.listPage({ limit: 1 });
        clock.tick(900);
        await client.listPage({ limit: 1 });
        assert.equal(client.tokenRequests, 1, "still inside the cache window");
        clock.tick(200);
        await client.listPage({ limit: 1 });
        assert.equal(client.tokenRequests, 2, "refreshed ahead of expiry");
        assert.equal(since(emu(), 0).filter((r) => r.status === 401).length, 0, "never waited for a 401");
      } finally {
        clock.restore();
      }
    });
  });

  describe("token lifetime under 2 minutes", () => {
    const emu = useEmulator({ tokenTtlSeconds: 60 });

    it("a token with expires_in <= 120 s is used once and refreshed on the next call", async () => {
      const client = oauthClient(emu());
      for (let i = 0; i < 3; i++) await client.listPage({ limit: 1 });
      assert.equal(client.tokenRequests, 3);
    });
  });

  describe("token URL that misbehaves (stub)", () => {
    it("a token answer without access_token is a clear error", async () => {
      const stub = await startStub((req, res) => json(res, 200, { token_type: "Bearer" }));
      try {
        const client = new UsersClient(
          { clientId: "cid", clientSecret: "csecret-1", baseUrl: stub.url, authUrl: `${stub.url}/token`, ...FAST },
          {},
        );
        const e = await rejection(() => client.listPage());
        assert.match(e.message, /no access_token/);
        assert.equal(stub.requests.length, 1);
      } finally {
        await stub.close();
      }
    });

    it("a token URL that does not answer is a VectaraNetworkError", async () => {
      const stub = await startStub(() => undefined); // never answers
      try {
        const client = new UsersClient(
          { clientId: "cid", clientSecret: "csecret-1", baseUrl: stub.url, authUrl: `${stub.url}/token`, ...FAST, timeoutMs: 100 },
          {},
        );
        const e = await rejection(() => client.listPage());
        assert.ok(e instanceof VectaraNetworkError);
        assert.match(e.message, /Vectara token URL request POST \/token timed out after 100 ms/);
      } finally {
        await stub.close();
      }
    });
  });

  it("API keys from the emulator are the defaults (sanity)", () => {
    assert.equal(typeof DEFAULT_API_KEY, "string");
  });
});
