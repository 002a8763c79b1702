import assert from "node:assert/strict";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, VectaraEmulator } from "vectara-emulator";
import { sleep } from "../../support/wait";
import { assertErrorBody, bearerFor, call, useEmulator } from "./test-helpers";

async function token(emu: VectaraEmulator, init: { body?: string; headers?: Record<string, string>; path?: string; method?: string }) {
  const res = await fetch(emu.url + (init.path ?? "/oauth2/token"), {
    method: init.method ?? "POST",
    headers: init.headers,
    body: init.body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => undefined)) as any };
}
const form = (p: Record<string, string>) => ({
  body: new URLSearchParams(p).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});
const creds = { grant_type: "client_credentials", client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET };

describe("emulator: auth", () => {
  const emu = useEmulator();

  it("answers 401 with an Error body when no credential is sent", async () => {
    const r = await call(emu(), "GET", "/v2/users", { key: null });
    assert.equal(r.status, 401);
    assertErrorBody(r.body, /Missing credentials/);
    assert.equal(r.headers.get("x-request-id"), r.body.request_id);
  });

  it("answers 401 for a wrong API key and for a wrong bearer token", async () => {
    const a = await call(emu(), "GET", "/v2/users", { key: "zut_wrong" });
    assert.equal(a.status, 401);
    assertErrorBody(a.body, /Invalid API key/);
    const b = await call(emu(), "GET", "/v2/users", { bearer: "not-a-token" });
    assert.equal(b.status, 401);
    assertErrorBody(b.body, /Invalid access token/);
  });

  it("accepts the default API key and a bearer token from the token endpoint", async () => {
    assert.equal((await call(emu(), "GET", "/v2/users")).status, 200);
    const t = await token(emu(), form(creds));
    assert.equal(t.status, 200);
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t.body.access_token })).status, 200);
  });

  it("rejects every token issued before expireTokens() and accepts new ones", async () => {
    const t1 = (await token(emu(), form(creds))).body.access_token;
    emu().expireTokens();
    const r = await call(emu(), "GET", "/v2/users", { bearer: t1 });
    assert.equal(r.status, 401);
    assertErrorBody(r.body, /expired/);
    const t2 = (await token(emu(), form(creds))).body.access_token;
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t2 })).status, 200);
  });

  it("revokeApiKey: the key answers 401 from then on (a rotated key); other keys keep working", async () => {
    emu().setPrincipalRoles("zut_old_key", ["administrator"]);
    emu().setPrincipalRoles("zut_new_key", ["administrator"]);
    assert.equal((await call(emu(), "GET", "/v2/users", { key: "zut_old_key" })).status, 200);
    emu().revokeApiKey("zut_old_key");
    const r = await call(emu(), "GET", "/v2/users", { key: "zut_old_key" });
    assert.equal(r.status, 401);
    assertErrorBody(r.body, /Invalid API key/);
    assert.equal((await call(emu(), "GET", "/v2/users", { key: "zut_new_key" })).status, 200);
    assert.throws(() => emu().revokeApiKey("zut_never_issued"), /no such API key/);
  });

  it("answers 403 to a principal without administrator/owner, but lets viewer-type roles get one user", async () => {
    emu().setPrincipalRoles("zut_viewer", ["viewer"]);
    emu().putUser({ email: "seen@example.com" });
    const list = await call(emu(), "GET", "/v2/users", { key: "zut_viewer" });
    assert.equal(list.status, 403);
    assertErrorBody(list.body, /administrator, owner/);
    assert.equal((await call(emu(), "POST", "/v2/users", { key: "zut_viewer", body: { email: "x@example.com" } })).status, 403);
    assert.equal((await call(emu(), "GET", "/v2/users/seen%40example.com", { key: "zut_viewer" })).status, 200);
    emu().setPrincipalRoles("zut_viewer", ["billing_administrator"]);
    assert.equal((await call(emu(), "GET", "/v2/users/seen%40example.com", { key: "zut_viewer" })).status, 403);
    emu().setPrincipalRoles("zut_viewer", ["owner"]);
    assert.equal((await call(emu(), "GET", "/v2/users", { key: "zut_viewer" })).status, 200);
  });

  it("applies setPrincipalRoles to an OAuth client's existing tokens", async () => {
    const t = (await token(emu(), form(creds))).body.access_token;
    emu().setPrincipalRoles(DEFAULT_CLIENT_ID, ["corpus_viewer"]);
    try {
      assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t })).status, 403);
    } finally {
      emu().setPrincipalRoles(DEFAULT_CLIENT_ID, ["administrator"]);
    }
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t })).status, 200);
  });

  it("never records credentials in the request log", async () => {
    await token(emu(), form(creds));
    await token(emu(), { body: JSON.stringify(creds), headers: { "content-type": "application/json" } });
    await call(emu(), "GET", "/v2/users");
    const log = JSON.stringify(emu().requests);
    assert.ok(!log.includes(DEFAULT_CLIENT_SECRET));
    assert.ok(!log.includes(DEFAULT_API_KEY));
    const tokenCall = emu().calls("token").at(-1)!;
    assert.deepEqual(tokenCall.body, { ...creds, client_secret: "[redacted]" });
  });
});

describe("emulator: token endpoint", () => {
  const emu = useEmulator({ tokenTtlSeconds: 600 });

  it("issues a token for form-encoded credentials", async () => {
    const before = emu().tokensIssued;
    const t = await token(emu(), form(creds));
    assert.equal(t.status, 200);
    assert.equal(t.body.token_type, "Bearer");
    assert.equal(t.body.expires_in, 600);
    assert.match(t.body.access_token, /^\S{20,}$/);
    assert.equal(emu().tokensIssued, before + 1);
    assert.equal(t.headers.get("cache-control"), "no-store");
  });

  it("issues a token for a JSON body, on /oauth/token too", async () => {
    const t = await token(emu(), { path: "/oauth/token", body: JSON.stringify(creds), headers: { "content-type": "application/json" } });
    assert.equal(t.status, 200);
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t.body.access_token })).status, 200);
  });

  it("accepts the client id and secret as HTTP Basic", async () => {
    const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString("base64");
    const { body, headers } = form({ grant_type: "client_credentials" });
    const t = await token(emu(), { body, headers: { ...headers, authorization: `Basic ${basic}` } });
    assert.equal(t.status, 200);
    assert.equal(typeof t.body.access_token, "string");
  });

  it("gives two requests two different tokens", async () => {
    const a = await token(emu(), form(creds));
    const b = await token(emu(), form(creds));
    assert.notEqual(a.body.access_token, b.body.access_token);
  });

  it("answers 401 invalid_client for a wrong secret, an unknown client or no credentials", async () => {
    for (const p of [{ ...creds, client_secret: "wrong" }, { ...creds, client_id: "nobody" }, { grant_type: "client_credentials" }]) {
      const t = await token(emu(), form(p));
      assert.equal(t.status, 401, JSON.stringify(p));
      assert.equal(t.body.error, "invalid_client");
    }
    const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:nope`).toString("base64");
    const t = await token(emu(), { ...form({ grant_type: "client_credentials" }), headers: { authorization: `Basic ${basic}` } });
    assert.equal(t.status, 401);
  });

  it("answers 400 unsupported_grant_type for another grant, invalid_request without one", async () => {
    const a = await token(emu(), form({ ...creds, grant_type: "password" }));
    assert.equal(a.status, 400);
    assert.equal(a.body.error, "unsupported_grant_type");
    const b = await token(emu(), form({ client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET }));
    assert.equal(b.status, 400);
    assert.equal(b.body.error, "invalid_request");
    const c = await token(emu(), { body: "{not json", headers: { "content-type": "application/json" } });
    assert.equal(c.status, 400);
  });

  it("answers 405 to GET on the token URL", async () => {
    const t = await token(emu(), { method: "GET" });
    assert.equal(t.status, 405);
  });
});

describe("emulator: token expiry", () => {
  const emu = useEmulator({ tokenTtlSeconds: 0.1 });

  it("stops accepting a token after tokenTtlSeconds", async () => {
    const t = await token(emu(), form(creds));
    assert.equal(t.body.expires_in, 0);
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t.body.access_token })).status, 200);
    await sleep(150);
    const r = await call(emu(), "GET", "/v2/users", { bearer: t.body.access_token });
    assert.equal(r.status, 401);
    assertErrorBody(r.body, /expired/);
  });
});

describe("emulator: refuseApiKeys (an account whose users API takes OAuth client credentials only)", () => {
  const emu = useEmulator({ refuseApiKeys: true });

  it("answers 403 with Vectara's Error body to a known API key on every users route; bearer tokens pass", async () => {
    for (const [method, path] of [
      ["GET", "/v2/users"],
      ["POST", "/v2/users"],
      ["GET", "/v2/users/a%40example.com"],
      ["PATCH", "/v2/users/a%40example.com"],
      ["DELETE", "/v2/users/a%40example.com"],
      ["POST", "/v2/users/a%40example.com/reset_password"],
    ]) {
      const r = await call(emu(), method, path, {
        body: method === "POST" && path === "/v2/users" ? { email: "a@example.com" } : undefined,
      });
      assert.equal(r.status, 403, `${method} ${path}`);
      assertErrorBody(r.body, /^API keys cannot be used for user management\. Use OAuth client credentials\.$/);
    }
    assert.equal(emu().users().length, 0, "nothing was written");
    const t = await token(emu(), form(creds));
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: t.body.access_token })).status, 200);
  });

  it("still answers 401 to an API key it does not know", async () => {
    const r = await call(emu(), "GET", "/v2/users", { key: "zut_wrong" });
    assert.equal(r.status, 401);
    assertErrorBody(r.body, /Invalid API key/);
  });
});

describe("emulator: who may manage app clients and API keys (administrator or owner; the spec names no roles)", () => {
  const emu = useEmulator({
    apiKeys: { zut_admin: ["administrator"], zut_owner: ["owner"], zut_viewer: ["viewer", "corpus_administrator"] },
    clients: { "lesser-client": { secret: "lesser-secret", roles: ["corpus_administrator"] } },
  });
  const routes: [string, string, unknown?][] = [
    ["GET", "/v2/app_clients"],
    ["POST", "/v2/app_clients", { name: "x", type: "client_credentials" }],
    ["GET", "/v2/app_clients/app_x"],
    ["PATCH", "/v2/app_clients/app_x", {}],
    ["DELETE", "/v2/app_clients/app_x"],
    ["GET", "/v2/api_keys"],
    ["POST", "/v2/api_keys", { name: "x", api_key_role: "serving" }],
    ["GET", "/v2/api_keys/aky_x"],
    ["PATCH", "/v2/api_keys/aky_x", {}],
    ["DELETE", "/v2/api_keys/aky_x"],
  ];

  it("answers 403 on every route to an API key and an OAuth client with lesser roles, before acting", async () => {
    const token = await bearerFor(emu(), "lesser-client", "lesser-secret");
    for (const [method, path, body] of routes) {
      for (const auth of [{ key: "zut_viewer" }, { bearer: token }]) {
        const r = await call(emu(), method, path, { ...auth, body });
        assert.equal(r.status, 403, `${method} ${path} ${JSON.stringify(auth)}`);
        assertErrorBody(r.body, /needs one of the roles administrator, owner/);
      }
    }
    assert.deepEqual([emu().appClients(), emu().apiKeys()], [[], []], "nothing was written");
  });

  it("lets administrator and owner through (404 for the unknown ids, 200/201 otherwise), and answers 401 without credentials", async () => {
    for (const key of ["zut_admin", "zut_owner"]) {
      for (const [method, path, body] of routes) {
        const r = await call(emu(), method, path, { key, body });
        const expected = path.endsWith("_x") ? 404 : method === "POST" ? 201 : 200;
        assert.equal(r.status, expected, `${key} ${method} ${path}`);
      }
    }
    assert.equal((await call(emu(), "GET", "/v2/api_keys", { key: null })).status, 401);
  });
});

describe("emulator: refuseApiKeys leaves the app clients and API keys routes to personal API keys, as their spec says", () => {
  const emu = useEmulator({ refuseApiKeys: true });

  it("answers 403 to an API key on the users routes only", async () => {
    assert.equal((await call(emu(), "GET", "/v2/users")).status, 403);
    assert.equal((await call(emu(), "GET", "/v2/app_clients")).status, 200);
    assert.equal((await call(emu(), "GET", "/v2/api_keys")).status, 200);
  });
});
