import assert from "node:assert/strict";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "vectara-emulator";
import { assertErrorBody, call, requestToken, userPath, useEmulator } from "./test-helpers";

describe("emulator: fault injection", () => {
  const emu = useEmulator();
  beforeEach(() => {
    emu().clearFaults();
    emu().setLatency(0);
    emu().setConcurrencyLimit(Infinity);
    emu().clearLog();
    for (const u of emu().users()) emu().removeUser(u.username);
    for (const c of emu().appClients()) emu().removeAppClient(c.id);
    for (const k of emu().apiKeys()) emu().removeApiKey(k.id);
  });

  const getToken = () => requestToken(emu(), DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);

  it("status: answers the status with an Error body `times` times, before acting, then recovers", async () => {
    emu().inject("createUser", { kind: "status", status: 503, times: 2, message: "try later" });
    const a = await call(emu(), "POST", "/v2/users", { body: { email: "a@example.com" } });
    assert.equal(a.status, 503);
    assertErrorBody(a.body, /try later/);
    assert.equal(emu().users().length, 0, "nothing was written");
    assert.equal((await call(emu(), "POST", "/v2/users", { body: { email: "a@example.com" } })).status, 503);
    assert.equal((await call(emu(), "POST", "/v2/users", { body: { email: "a@example.com" } })).status, 201);
    assert.deepEqual(
      emu()
        .calls("createUser")
        .map((c) => [c.status, c.fault]),
      [
        [503, "status:503"],
        [503, "status:503"],
        [201, undefined],
      ],
    );
  });

  it("status 429 carries Retry-After when given", async () => {
    emu().inject("listUsers", { kind: "status", status: 429, retryAfter: "2" });
    const r = await call(emu(), "GET", "/v2/users");
    assert.equal(r.status, 429);
    assert.equal(r.headers.get("retry-after"), "2");
    assertErrorBody(r.body);
    const ok = await call(emu(), "GET", "/v2/users");
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("retry-after"), null);
  });

  it("faults queue per route and are consumed in order; '*' covers API routes but not the token route", async () => {
    emu().inject("getUser", { kind: "status", status: 500 });
    emu().inject("getUser", { kind: "status", status: 502 });
    emu().inject("*", { kind: "status", status: 504 });
    assert.equal((await getToken()).status, 200);
    assert.equal((await call(emu(), "GET", userPath("x@example.com"))).status, 500);
    assert.equal((await call(emu(), "GET", userPath("x@example.com"))).status, 502);
    assert.equal((await call(emu(), "GET", userPath("x@example.com"))).status, 504);
    assert.equal((await call(emu(), "GET", userPath("x@example.com"))).status, 404);
  });

  it("reset: destroys the socket before acting", async () => {
    emu().inject("createUser", { kind: "reset" });
    await assert.rejects(call(emu(), "POST", "/v2/users", { body: { email: "r@example.com" } }));
    assert.equal(emu().users().length, 0);
    const logged = emu().calls("createUser")[0];
    assert.equal(logged.fault, "reset");
    assert.equal(logged.status, 0);
    assert.deepEqual(logged.body, { email: "r@example.com" });
    assert.equal((await call(emu(), "POST", "/v2/users", { body: { email: "r@example.com" } })).status, 201);
  });

  it("delay: waits, then acts normally", async () => {
    emu().inject("listUsers", { kind: "delay", ms: 120 });
    const t0 = Date.now();
    const r = await call(emu(), "GET", "/v2/users");
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 >= 110, `took ${Date.now() - t0} ms`);
    assert.equal(emu().calls("listUsers")[0].fault, "delay:120ms");
  });

  it("commitThenFail status: the write takes effect, the answer is 500 (or the given status)", async () => {
    emu().inject("createUser", { kind: "commitThenFail", then: "status" });
    const r = await call(emu(), "POST", "/v2/users", { body: { email: "c@example.com" } });
    assert.equal(r.status, 500);
    assertErrorBody(r.body);
    assert.ok(emu().getUser("c@example.com"), "the user was created");
    emu().inject("updateUser", { kind: "commitThenFail", then: "status", status: 504 });
    const u = await call(emu(), "PATCH", userPath("c@example.com"), { body: { enabled: false } });
    assert.equal(u.status, 504);
    assert.equal(emu().getUser("c@example.com")!.enabled, false);
    // a retry of the create now meets the committed user
    assert.equal((await call(emu(), "POST", "/v2/users", { body: { email: "c@example.com" } })).status, 409);
  });

  it("commitThenFail reset: the write takes effect, then the socket is destroyed", async () => {
    emu().putUser({ email: "d@example.com" });
    emu().inject("deleteUser", { kind: "commitThenFail", then: "reset" });
    await assert.rejects(call(emu(), "DELETE", userPath("d@example.com")));
    assert.equal(emu().getUser("d@example.com"), undefined);
    assert.equal(emu().calls("deleteUser")[0].fault, "commitThenFail:reset");
    assert.equal((await call(emu(), "DELETE", userPath("d@example.com"))).status, 404);
  });

  it("commitThenFail on createAppClient: the app client exists though the answer (and its secret) was lost; a retry makes a second one", async () => {
    const body = { name: "pipeline", type: "client_credentials", api_roles: ["administrator"] };
    emu().inject("createAppClient", { kind: "commitThenFail", then: "status", status: 502 });
    const lost = await call(emu(), "POST", "/v2/app_clients", { body });
    assert.equal(lost.status, 502);
    assertErrorBody(lost.body);
    assert.equal("client_secret" in lost.body, false);
    assert.deepEqual(
      emu()
        .appClients()
        .map((c) => c.name),
      ["pipeline"],
      "committed",
    );
    // names are not keys: a blind retry duplicates it, which is why a client must list before retrying
    assert.equal((await call(emu(), "POST", "/v2/app_clients", { body })).status, 201);
    const listed = await call(emu(), "GET", "/v2/app_clients?filter=%5Epipeline%24");
    assert.equal(listed.body.app_clients.length, 2);
    assert.deepEqual(
      emu()
        .calls("createAppClient")
        .map((c) => [c.status, c.fault]),
      [
        [502, "commitThenFail:502"],
        [201, undefined],
      ],
    );
  });

  it("commitThenFail reset on createApiKey: the key exists and authenticates though no answer came", async () => {
    emu().inject("createApiKey", { kind: "commitThenFail", then: "reset" });
    await assert.rejects(call(emu(), "POST", "/v2/api_keys", { body: { name: "mine", api_key_role: "personal" } }));
    const [key] = emu().apiKeys();
    assert.equal(key.name, "mine");
    assert.equal((await call(emu(), "GET", "/v2/users", { key: key.secret_key })).status, 200);
    assert.equal(emu().calls("createApiKey")[0].status, 0);
  });

  it("status and reset faults on the app clients and API keys routes answer before acting", async () => {
    emu().inject("createAppClient", { kind: "status", status: 503, retryAfter: "1" });
    emu().inject("createApiKey", { kind: "reset" });
    const r = await call(emu(), "POST", "/v2/app_clients", { body: { name: "x", type: "client_credentials" } });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get("retry-after"), "1");
    await assert.rejects(call(emu(), "POST", "/v2/api_keys", { body: { name: "x", api_key_role: "serving" } }));
    assert.deepEqual([emu().appClients(), emu().apiKeys()], [[], []]);
    const app = emu().putAppClient({ name: "seeded" });
    const key = emu().putApiKey({ name: "seeded", api_key_role: "serving" });
    for (const [route, method, path] of [
      ["listAppClients", "GET", "/v2/app_clients"],
      ["getAppClient", "GET", `/v2/app_clients/${app.id}`],
      ["updateAppClient", "PATCH", `/v2/app_clients/${app.id}`],
      ["deleteAppClient", "DELETE", `/v2/app_clients/${app.id}`],
      ["listApiKeys", "GET", "/v2/api_keys"],
      ["getApiKey", "GET", `/v2/api_keys/${key.id}`],
      ["updateApiKey", "PATCH", `/v2/api_keys/${key.id}`],
      ["deleteApiKey", "DELETE", `/v2/api_keys/${key.id}`],
    ] as const) {
      emu().inject(route, { kind: "status", status: 500 });
      assert.equal((await call(emu(), method, path, { body: method === "PATCH" ? {} : undefined })).status, 500, route);
      assert.equal(emu().calls(route).at(-1)!.fault, "status:500");
    }
    assert.ok(emu().getAppClient(app.id) && emu().getApiKey(key.id), "nothing was deleted");
  });

  it("'*' covers the app clients and API keys routes; writes() counts their creates, updates and deletes", async () => {
    emu().inject("*", { kind: "status", status: 504, times: 2 });
    assert.equal((await call(emu(), "GET", "/v2/app_clients")).status, 504);
    assert.equal((await call(emu(), "GET", "/v2/api_keys")).status, 504);
    assert.equal((await call(emu(), "GET", "/v2/api_keys")).status, 200);
    const { body: c } = await call(emu(), "POST", "/v2/app_clients", { body: { name: "x", type: "client_credentials" } });
    await call(emu(), "PATCH", `/v2/app_clients/${c.id}`, { body: { description: "d" } });
    const { body: k } = await call(emu(), "POST", "/v2/api_keys", { body: { name: "x", api_key_role: "serving" } });
    await call(emu(), "PATCH", `/v2/api_keys/${k.id}`, { body: { enabled: false } });
    await call(emu(), "DELETE", `/v2/api_keys/${k.id}`);
    await call(emu(), "DELETE", `/v2/app_clients/${c.id}`);
    assert.deepEqual(
      emu()
        .writes()
        .map((w) => w.route),
      ["createAppClient", "updateAppClient", "createApiKey", "updateApiKey", "deleteApiKey", "deleteAppClient"],
    );
  });

  it("faults apply to the token route: it fails, then recovers", async () => {
    emu().inject("token", { kind: "status", status: 503, times: 2 });
    emu().inject("token", { kind: "reset" });
    assert.equal((await getToken()).status, 503);
    assert.equal((await getToken()).status, 503);
    await assert.rejects(getToken());
    const ok = await getToken();
    assert.equal(ok.status, 200);
    const { access_token } = (await ok.json()) as any;
    assert.equal((await call(emu(), "GET", "/v2/users", { bearer: access_token })).status, 200);
  });

  it("latencyMs delays every request, token requests too", async () => {
    emu().setLatency(80);
    let t0 = Date.now();
    await call(emu(), "GET", "/v2/users");
    assert.ok(Date.now() - t0 >= 70);
    t0 = Date.now();
    assert.equal((await getToken()).status, 200);
    assert.ok(Date.now() - t0 >= 70);
  });

  it("concurrencyLimit: in-flight API requests beyond the limit answer 429", async () => {
    emu().setConcurrencyLimit(2);
    emu().setLatency(100);
    const rs = await Promise.all([0, 1, 2, 3].map(() => call(emu(), "GET", "/v2/users")));
    const statuses = rs.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 429, 429]);
    const limited = rs.find((r) => r.status === 429)!;
    assert.deepEqual(limited.body.messages, ["Too many concurrent requests. Please retry."]);
    // once they finish, requests go through again
    assert.equal((await call(emu(), "GET", "/v2/users")).status, 200);
  });

  it("concurrencyLimit does not count token requests", async () => {
    emu().setConcurrencyLimit(0);
    assert.equal((await getToken()).status, 200);
    assert.equal((await call(emu(), "GET", "/v2/users")).status, 429);
  });

  it("the request log records requests answered by faults and by the limit", async () => {
    emu().setConcurrencyLimit(0);
    await call(emu(), "GET", "/v2/users?limit=3");
    const [entry] = emu().requests;
    assert.equal(entry.route, "listUsers");
    assert.equal(entry.status, 429);
    assert.deepEqual(entry.query, { limit: "3" });
    assert.equal(typeof entry.at, "number");
  });

  it("endlessPage: the first page again under the queued page keys (a repeat or a cycle), then the real listing", async () => {
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) emu().putUser({ email });
    emu().inject("listUsers", { kind: "endlessPage", pageKey: "k1" });
    emu().inject("listUsers", { kind: "endlessPage", pageKey: "k2" });
    emu().inject("listUsers", { kind: "endlessPage", pageKey: "k1" });
    const answers = [];
    for (const query of ["?limit=2", "?limit=2&page_key=k1", "?limit=2&page_key=k2", "?limit=2"]) {
      const r = await call(emu(), "GET", `/v2/users${query}`);
      assert.equal(r.status, 200);
      answers.push([r.body.users.map((u: { email: string }) => u.email).join(","), r.body.metadata.page_key]);
    }
    assert.deepEqual(answers, [
      ["a@example.com,b@example.com", "k1"],
      ["a@example.com,b@example.com", "k2"],
      ["a@example.com,b@example.com", "k1"],
      ["a@example.com,b@example.com", answers[3][1]],
    ]);
    assert.match(answers[3][1], /^(?!k[12]$)/, "then the server's own key");
    assert.deepEqual(
      emu()
        .calls("listUsers")
        .map((c) => [c.query.page_key, c.fault]),
      [
        [undefined, "endlessPage:k1"],
        ["k1", "endlessPage:k2"],
        ["k2", "endlessPage:k1"],
        [undefined, undefined],
      ],
      "the log keeps the page_key as sent",
    );
  });

  it('endlessPage "fresh" and empty: no users and a new page key every time', async () => {
    emu().putUser({ email: "a@example.com" });
    emu().inject("listUsers", { kind: "endlessPage", pageKey: "fresh", empty: true, times: Infinity });
    const keys = new Set<string>();
    let key = "";
    for (let i = 0; i < 5; i++) {
      const r = await call(emu(), "GET", `/v2/users${key ? `?page_key=${key}` : ""}`);
      assert.deepEqual(r.body.users, []);
      key = r.body.metadata.page_key;
      keys.add(key);
    }
    assert.equal(keys.size, 5);
    assert.equal(emu().calls("listUsers")[0].fault, "endlessPage:fresh:empty");
  });

  it("endlessPage still needs credentials: a refused request is answered as without the fault", async () => {
    emu().inject("listUsers", { kind: "endlessPage", pageKey: "k1" });
    assert.equal((await call(emu(), "GET", "/v2/users", { key: "zut_not_a_key_000000" })).status, 401);
  });

  it("rejects nonsense fault definitions", () => {
    assert.throws(() => emu().inject("getUser", { kind: "status", status: 500, times: 0 }));
    assert.throws(() => emu().inject("getUser", { kind: "delay", ms: -1 }));
    assert.throws(() => emu().inject("getUser", { kind: "endlessPage", pageKey: "k1" }), /for listUsers, not getUser/);
  });
});
