import assert from "node:assert/strict";
import { validate, type VectaraEmulator } from "vectara-emulator";
import { appClientPath, assertErrorBody, bearerFor, call, listPages, requestToken, useEmulator, userPath } from "./test-helpers";

const create = (emu: VectaraEmulator, body: unknown) => call(emu, "POST", "/v2/app_clients", { body });
const pipeline = { name: "pipeline", type: "client_credentials", description: "CI deploys", api_roles: ["administrator"] };

describe("emulator: app clients API", () => {
  const emu = useEmulator();
  afterEach(() => {
    for (const c of emu().appClients()) emu().removeAppClient(c.id);
    for (const u of emu().users()) emu().removeUser(u.username);
    emu().clearLog();
  });

  it("creates an app client: 201, app_ id, client_id, client_secret (on create only), the given fields", async () => {
    const r = await create(emu(), pipeline);
    assert.equal(r.status, 201);
    assert.match(r.body.id, /^app_[0-9a-f]{16}$/);
    assert.match(r.body.client_id, /^[0-9a-z]{20,}$/);
    assert.match(r.body.client_secret, /^[\w-]{40,}$/);
    assert.equal(r.body.name, "pipeline");
    assert.equal(r.body.description, "CI deploys");
    assert.deepEqual(r.body.api_roles, ["administrator"]);
    assert.equal("type" in r.body, false, "AppClient has no type");
    assert.deepEqual(validate("AppClient", r.body), []);
    assert.deepEqual(emu().calls("createAppClient")[0].requestSchemaErrors, []);
    assert.deepEqual(emu().getAppClient(r.body.id), r.body, "the stored record is what the create answered");
    assert.deepEqual(emu().issuedSecrets(), [r.body.client_secret]);

    const got = await call(emu(), "GET", appClientPath(r.body.id));
    assert.equal(got.status, 200);
    const { client_secret: _secret, ...withoutSecret } = r.body;
    assert.deepEqual(got.body, withoutSecret, "get shows everything but the secret");
    assert.equal(emu().calls("getAppClient")[0].id, r.body.id);
  });

  it("creates with only name and type: no description, no roles", async () => {
    const r = await create(emu(), { name: "bare", type: "client_credentials" });
    assert.equal(r.status, 201);
    assert.equal("description" in r.body, false);
    assert.deepEqual(r.body.api_roles, []);
  });

  it("lets two app clients share a name (names are not keys): two ids, two client ids", async () => {
    const a = await create(emu(), pipeline);
    const b = await create(emu(), pipeline);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
    assert.notEqual(a.body.client_id, b.body.client_id);
    assert.notEqual(a.body.client_secret, b.body.client_secret);
    assert.deepEqual(
      emu()
        .appClients()
        .map((c) => c.name),
      ["pipeline", "pipeline"],
    );
  });

  const invalid: [string, unknown, string][] = [
    ["no name", { type: "client_credentials" }, "name"],
    ["no type", { name: "x" }, "type"],
    ["another type", { name: "x", type: "authorization_code" }, "type"],
    ["a role of the users API's list only", { name: "x", type: "client_credentials", api_roles: ["viewer"] }, "api_roles[0]"],
    ["an unknown role", { name: "x", type: "client_credentials", api_roles: ["admin"] }, "api_roles[0]"],
    ["a non-string description", { name: "x", type: "client_credentials", description: 5 }, "description"],
    ["a body that is not an object", ["x"], "body"],
  ];
  for (const [what, body, field] of invalid) {
    it(`answers 400 with field_errors.${field} to ${what}, and records the schema violation`, async () => {
      const r = await create(emu(), body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.ok(r.body.field_errors[field], JSON.stringify(r.body.field_errors));
      assert.ok(emu().calls("createAppClient")[0].requestSchemaErrors.length > 0);
      assert.equal(emu().appClients().length, 0, "nothing was created");
    });
  }

  it("answers 400 to an empty name, a missing body and malformed JSON", async () => {
    assert.deepEqual((await create(emu(), { name: " ", type: "client_credentials" })).body.field_errors, { name: "must not be empty" });
    assert.equal((await call(emu(), "POST", "/v2/app_clients")).status, 400);
    assert.equal(
      (await call(emu(), "POST", "/v2/app_clients", { body: "{nope", headers: { "content-type": "application/json" } })).status,
      400,
    );
    assert.equal(emu().appClients().length, 0);
  });

  it("updates description and api_roles (roles replace), and ignores what UpdateAppClientRequest does not list", async () => {
    const { body: c } = await create(emu(), pipeline);
    const r = await call(emu(), "PATCH", appClientPath(c.id), {
      body: { description: "now", api_roles: ["corpus_administrator", "agent_viewer"], name: "renamed", client_secret: "mine" },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.description, "now");
    assert.deepEqual(r.body.api_roles, ["corpus_administrator", "agent_viewer"]);
    assert.equal(r.body.name, "pipeline", "the name cannot be changed");
    assert.equal(r.body.client_id, c.client_id);
    assert.equal("client_secret" in r.body, false);
    assert.equal(emu().getAppClient(c.id)!.client_secret, c.client_secret, "the secret cannot be changed");
    const unchanged = await call(emu(), "PATCH", appClientPath(c.id), { body: {} });
    assert.equal(unchanged.status, 200);
    assert.deepEqual(unchanged.body, r.body);
    assert.equal((await call(emu(), "PATCH", appClientPath(c.id))).status, 200, "no body changes nothing");
    const bad = await call(emu(), "PATCH", appClientPath(c.id), { body: { api_roles: "administrator" } });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.field_errors.api_roles);
  });

  it("deletes: 204, then 404 for get, update and delete", async () => {
    const { body: c } = await create(emu(), pipeline);
    const del = await call(emu(), "DELETE", appClientPath(c.id));
    assert.equal(del.status, 204);
    assert.equal(del.text, "");
    for (const [method, body] of [["GET"], ["PATCH", { description: "x" }], ["DELETE"]] as const) {
      const r = await call(emu(), method, appClientPath(c.id), { body });
      assert.equal(r.status, 404, method);
      assertErrorBody(r.body, new RegExp(`App client ${c.id} not found`));
      assert.equal(r.body.id, c.id);
    }
    assert.equal((await call(emu(), "GET", appClientPath("app_unknown"))).status, 404);
  });

  it("answers 405 with Allow to a method a path does not take", async () => {
    const r = await call(emu(), "PUT", appClientPath("app_x"), { body: {} });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get("allow"), "GET, PATCH, DELETE");
    assert.equal((await call(emu(), "DELETE", "/v2/app_clients")).headers.get("allow"), "GET, POST");
  });

  it("answers 400 to an id that is not valid percent-encoding", async () => {
    const r = await call(emu(), "GET", "/v2/app_clients/app_%E0%A4%A");
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.field_errors, { app_client_id: "invalid percent-encoding" });
  });

  it("is an OAuth client of the emulator: its client_id and client_secret get tokens that carry its api_roles", async () => {
    const { body: c } = await create(emu(), { name: "deployer", type: "client_credentials", api_roles: ["administrator"] });
    const token = await bearerFor(emu(), c.client_id, c.client_secret);
    assert.equal((await call(emu(), "POST", "/v2/users", { bearer: token, body: { email: "made-by-app@example.com" } })).status, 201);
    assert.equal((await requestToken(emu(), c.client_id, "wrong")).status, 401);
    assert.equal((await requestToken(emu(), c.id, c.client_secret)).status, 401, "the app_ id is not the OAuth client id");

    // roles changed through the API apply to the tokens already issued
    await call(emu(), "PATCH", appClientPath(c.id), { body: { api_roles: ["billing_administrator"] } });
    const denied = await call(emu(), "GET", "/v2/users", { bearer: token });
    assert.equal(denied.status, 403);
    assertErrorBody(denied.body, /administrator, owner/);
    assert.equal((await call(emu(), "GET", userPath("made-by-app@example.com"), { bearer: token })).status, 403);

    // a deleted app client's tokens stop working, and it gets no new ones
    await call(emu(), "DELETE", appClientPath(c.id));
    const gone = await call(emu(), "GET", "/v2/users", { bearer: token });
    assert.equal(gone.status, 401);
    assertErrorBody(gone.body, /Invalid access token/);
    assert.equal((await requestToken(emu(), c.client_id, c.client_secret)).status, 401);
  });

  it("never records a client secret in the request log", async () => {
    const { body: c } = await create(emu(), pipeline);
    await bearerFor(emu(), c.client_id, c.client_secret);
    await call(emu(), "GET", "/v2/app_clients");
    assert.ok(!JSON.stringify(emu().requests).includes(c.client_secret));
  });
});

describe("emulator: list app clients", () => {
  const emu = useEmulator();
  const N = 45;
  before(() => {
    for (let i = 0; i < N; i++) emu().putAppClient({ name: i % 3 === 0 ? `ci-${i}` : `svc-${i}`, api_roles: ["administrator"] });
  });

  const listAll = (query: Record<string, string>) => listPages(emu(), "/v2/app_clients", query);

  it("answers 10 by default, in store order, without secrets, with a page_key", async () => {
    const r = await call(emu(), "GET", "/v2/app_clients");
    assert.equal(r.body.app_clients.length, 10);
    assert.deepEqual(
      r.body.app_clients.map((c: any) => c.id),
      emu()
        .appClients()
        .slice(0, 10)
        .map((c) => c.id),
    );
    assert.ok(r.body.app_clients.every((c: any) => !("client_secret" in c)));
    assert.equal(typeof r.body.metadata.page_key, "string");
  });

  it("pages over all of them with limit and page_key, metadata {} on the last page", async () => {
    const pages = await listAll({ limit: "20" });
    assert.deepEqual(
      pages.map((p) => p.app_clients.length),
      [20, 20, 5],
    );
    assert.deepEqual(pages.at(-1).metadata, {});
    assert.deepEqual(
      pages.flatMap((p) => p.app_clients.map((c: any) => c.id)),
      emu()
        .appClients()
        .map((c) => c.id),
    );
  });

  it("filters names by a regular expression, across pages", async () => {
    const pages = await listAll({ limit: "4", filter: "^ci-" });
    const names = pages.flatMap((p) => p.app_clients.map((c: any) => c.name));
    assert.equal(names.length, 15);
    assert.ok(names.every((n) => n.startsWith("ci-")));
    assert.deepEqual((await call(emu(), "GET", "/v2/app_clients?filter=nothing-matches")).body, { app_clients: [], metadata: {} });
  });

  it("answers 400 to a bad limit, an invalid regular expression, a foreign page_key, or one issued for another filter", async () => {
    for (const q of ["limit=0", "limit=101", "limit=x", "filter=(unclosed", "page_key=garbage"]) {
      const r = await call(emu(), "GET", `/v2/app_clients?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(Object.keys(r.body.field_errors).length, 1, q);
    }
    const first = await call(emu(), "GET", "/v2/app_clients?limit=2&filter=ci");
    const other = await call(emu(), "GET", `/v2/app_clients?limit=2&page_key=${first.body.metadata.page_key}`);
    assert.equal(other.status, 400);
    assert.match(other.body.field_errors.page_key, /filter/);
  });
});

describe("emulator: app client secrets on read (secretsOnRead)", () => {
  const emu = useEmulator({ secretsOnRead: true });

  it("shows client_secret on get and list as well", async () => {
    const { body: c } = await create(emu(), pipeline);
    assert.equal((await call(emu(), "GET", appClientPath(c.id))).body.client_secret, c.client_secret);
    assert.equal((await call(emu(), "GET", "/v2/app_clients")).body.app_clients[0].client_secret, c.client_secret);
    assert.equal((await call(emu(), "PATCH", appClientPath(c.id), { body: {} })).body.client_secret, c.client_secret);
  });
});
