import assert from "node:assert/strict";
import { DEFAULT_API_KEY, validate, type VectaraEmulator } from "vectara-emulator";
import { apiKeyPath, assertErrorBody, call, listPages, useEmulator } from "./test-helpers";

const create = (emu: VectaraEmulator, body: unknown, key?: string) => call(emu, "POST", "/v2/api_keys", { body, key });
const serving = { name: "search app", api_key_role: "serving", corpus_keys: ["docs"] };

describe("emulator: API keys API", () => {
  const emu = useEmulator({ apiKeys: { [DEFAULT_API_KEY]: ["administrator"], zut_owner_key: ["owner", "billing_administrator"] } });
  afterEach(() => {
    for (const k of emu().apiKeys()) emu().removeApiKey(k.id);
    emu().clearLog();
  });

  it("creates a serving key: 201, aky_ id, a zqt_ secret_key (on create only), enabled, a policy on its corpora", async () => {
    const r = await create(emu(), serving);
    assert.equal(r.status, 201);
    assert.match(r.body.id, /^aky_[0-9a-f]{16}$/);
    assert.match(r.body.secret_key, /^zqt_[\w-]{30,}$/);
    assert.equal(r.body.name, "search app");
    assert.equal(r.body.enabled, true);
    assert.equal(r.body.api_key_role, "serving");
    assert.deepEqual(r.body.api_policy, {
      name: "serving",
      allowed_operations: { query: { allow_any_resource: false, allowed_resources: { "path.corpus_key": ["docs"] } } },
    });
    assert.deepEqual(validate("ApiKey", r.body), []);
    assert.deepEqual(emu().calls("createApiKey")[0].requestSchemaErrors, []);
    assert.deepEqual(emu().issuedSecrets(), [r.body.secret_key]);

    const got = await call(emu(), "GET", apiKeyPath(r.body.id));
    assert.equal(got.status, 200);
    const { secret_key: _secret, ...withoutSecret } = r.body;
    assert.deepEqual(got.body, withoutSecret, "get shows everything but the secret key");
    assert.equal(emu().calls("getApiKey")[0].id, r.body.id);
    assert.deepEqual(emu().getApiKey(r.body.id)!.corpus_keys, ["docs"]);
  });

  it("creates a serving-and-indexing key (zwt_, query and index on its corpora) and a personal key (zut_, no corpora, no policy)", async () => {
    const rw = await create(emu(), { name: "indexer", api_key_role: "serving_and_indexing", corpus_keys: ["a", "b", "a"] });
    assert.equal(rw.status, 201);
    assert.match(rw.body.secret_key, /^zwt_/);
    const onCorpora = { allow_any_resource: false, allowed_resources: { "path.corpus_key": ["a", "b"] } };
    assert.deepEqual(rw.body.api_policy.allowed_operations, { query: onCorpora, index: onCorpora });

    const personal = await create(emu(), { name: "mine", api_key_role: "personal" });
    assert.equal(personal.status, 201);
    assert.match(personal.body.secret_key, /^zut_/);
    assert.equal("api_policy" in personal.body, false);
    assert.deepEqual(emu().getApiKey(personal.body.id)!.corpus_keys, []);
  });

  it("lets two API keys share a name", async () => {
    const a = await create(emu(), serving);
    const b = await create(emu(), serving);
    assert.equal(b.status, 201);
    assert.notEqual(a.body.id, b.body.id);
    assert.notEqual(a.body.secret_key, b.body.secret_key);
  });

  const invalid: [string, unknown, string][] = [
    ["no name", { api_key_role: "serving" }, "name"],
    ["no api_key_role", { name: "x" }, "api_key_role"],
    ["an unknown api_key_role", { name: "x", api_key_role: "admin" }, "api_key_role"],
    ["a corpus key of 51 characters", { name: "x", api_key_role: "serving", corpus_keys: ["c".repeat(51)] }, "corpus_keys[0]"],
    ["corpus_keys that is not an array", { name: "x", api_key_role: "serving", corpus_keys: "docs" }, "corpus_keys"],
  ];
  for (const [what, body, field] of invalid) {
    it(`answers 400 with field_errors.${field} to ${what}, and records the schema violation`, async () => {
      const r = await create(emu(), body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.ok(r.body.field_errors[field], JSON.stringify(r.body.field_errors));
      assert.ok(emu().calls("createApiKey")[0].requestSchemaErrors.length > 0);
      assert.equal(emu().apiKeys().length, 0);
    });
  }

  it("answers 400 to corpus_keys on a personal key (even []), to a corpus key with other characters, and to an empty name", async () => {
    for (const corpus_keys of [["docs"], []]) {
      const r = await create(emu(), { name: "mine", api_key_role: "personal", corpus_keys });
      assert.equal(r.status, 400);
      assert.match(r.body.field_errors.corpus_keys, /personal/);
    }
    const spaced = await create(emu(), { name: "x", api_key_role: "serving", corpus_keys: ["ok", "a b"] });
    assert.deepEqual(Object.keys(spaced.body.field_errors), ["corpus_keys[1]"]);
    assert.deepEqual((await create(emu(), { name: "", api_key_role: "serving" })).body.field_errors, { name: "must not be empty" });
    assert.equal(emu().apiKeys().length, 0);
  });

  it("updates enabled only; what UpdateApiKeyRequest does not list is ignored", async () => {
    const { body: k } = await create(emu(), serving);
    const off = await call(emu(), "PATCH", apiKeyPath(k.id), { body: { enabled: false, name: "renamed", corpus_keys: ["other"] } });
    assert.equal(off.status, 200);
    assert.equal(off.body.enabled, false);
    assert.equal(off.body.name, "search app");
    assert.deepEqual(off.body.api_policy, k.api_policy);
    assert.equal("secret_key" in off.body, false);
    assert.equal((await call(emu(), "PATCH", apiKeyPath(k.id), { body: { enabled: true } })).body.enabled, true);
    const bad = await call(emu(), "PATCH", apiKeyPath(k.id), { body: { enabled: "no" } });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.field_errors.enabled);
  });

  it("deletes: 204, then 404 for get, update and delete", async () => {
    const { body: k } = await create(emu(), serving);
    assert.equal((await call(emu(), "DELETE", apiKeyPath(k.id))).status, 204);
    for (const [method, body] of [["GET"], ["PATCH", { enabled: false }], ["DELETE"]] as const) {
      const r = await call(emu(), method, apiKeyPath(k.id), { body });
      assert.equal(r.status, 404, method);
      assertErrorBody(r.body, new RegExp(`API key ${k.id} not found`));
      assert.equal(r.body.id, k.id);
    }
  });

  it("authenticates with a created key: a personal key acts with its creator's roles", async () => {
    const { body: mine } = await create(emu(), { name: "mine", api_key_role: "personal" }, "zut_owner_key");
    assert.deepEqual(emu().getApiKey(mine.id)!.roles, ["owner", "billing_administrator"]);
    assert.equal((await call(emu(), "GET", "/v2/users", { key: mine.secret_key })).status, 200);
    assert.equal((await create(emu(), serving, mine.secret_key)).status, 201, "a personal key may create API keys");
  });

  it("a serving key reaches no management route: 403 (users: no API role; app clients and API keys: Personal keys only)", async () => {
    const { body: k } = await create(emu(), serving);
    const users = await call(emu(), "GET", "/v2/users", { key: k.secret_key });
    assert.equal(users.status, 403);
    assertErrorBody(users.body, /needs one of the roles/);
    for (const path of ["/v2/api_keys", "/v2/app_clients"]) {
      const r = await call(emu(), "GET", path, { key: k.secret_key });
      assert.equal(r.status, 403, path);
      assertErrorBody(r.body, /API keys of type Personal only/);
    }
  });

  it("a disabled key answers 401 until enabled again; a deleted key answers 401", async () => {
    const { body: k } = await create(emu(), { name: "mine", api_key_role: "personal" });
    await call(emu(), "PATCH", apiKeyPath(k.id), { body: { enabled: false } });
    const off = await call(emu(), "GET", "/v2/users", { key: k.secret_key });
    assert.equal(off.status, 401);
    assertErrorBody(off.body, /disabled/);
    await call(emu(), "PATCH", apiKeyPath(k.id), { body: { enabled: true } });
    assert.equal((await call(emu(), "GET", "/v2/users", { key: k.secret_key })).status, 200);
    await call(emu(), "DELETE", apiKeyPath(k.id));
    const gone = await call(emu(), "GET", "/v2/users", { key: k.secret_key });
    assert.equal(gone.status, 401);
    assertErrorBody(gone.body, /Invalid API key/);
  });

  it("never records a secret key in the request log", async () => {
    const { body: k } = await create(emu(), { name: "mine", api_key_role: "personal" });
    await call(emu(), "GET", "/v2/users", { key: k.secret_key });
    assert.ok(!JSON.stringify(emu().requests).includes(k.secret_key));
  });
});

describe("emulator: list API keys", () => {
  const emu = useEmulator();
  const roles = ["serving", "serving_and_indexing", "personal"] as const;
  before(() => {
    for (let i = 0; i < 36; i++) {
      const api_key_role = roles[i % 3];
      emu().putApiKey({ name: `key-${i}`, api_key_role, corpus_keys: api_key_role === "personal" ? [] : i % 2 ? ["c1"] : ["c1", "c2"] });
    }
  });

  const listAll = (query: Record<string, string>) => listPages(emu(), "/v2/api_keys", query);

  it("pages over all keys in store order, 10 by default, without secret keys", async () => {
    const pages = await listAll({});
    assert.deepEqual(
      pages.map((p) => p.api_keys.length),
      [10, 10, 10, 6],
    );
    assert.deepEqual(
      pages.flatMap((p) => p.api_keys.map((k: any) => k.id)),
      emu()
        .apiKeys()
        .map((k) => k.id),
    );
    assert.ok(pages.every((p) => p.api_keys.every((k: any) => !("secret_key" in k))));
  });

  it("filters by corpus_key and by api_key_role, together, across pages", async () => {
    const c2 = (await listAll({ corpus_key: "c2", limit: "3" })).flatMap((p) => p.api_keys);
    const expected = emu()
      .apiKeys()
      .filter((k) => k.corpus_keys.includes("c2"));
    assert.equal(c2.length, expected.length);
    assert.deepEqual(
      c2.map((k: any) => k.id),
      expected.map((k) => k.id),
    );
    const personal = (await listAll({ api_key_role: "personal", limit: "5" })).flatMap((p) => p.api_keys);
    assert.equal(personal.length, 12);
    assert.ok(personal.every((k: any) => k.api_key_role === "personal"));
    const both = (await listAll({ api_key_role: "serving", corpus_key: "c2" })).flatMap((p) => p.api_keys);
    assert.ok(
      both.length > 0 &&
        both.every(
          (k: any) =>
            k.api_key_role === "serving" && k.api_policy.allowed_operations.query.allowed_resources["path.corpus_key"].includes("c2"),
        ),
    );
  });

  it("answers 400 to a bad limit, role or corpus_key, and to a page_key issued for other filters", async () => {
    for (const q of ["limit=0", "limit=101", "api_key_role=admin", "corpus_key=a%20b", "page_key=garbage"]) {
      const r = await call(emu(), "GET", `/v2/api_keys?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(Object.keys(r.body.field_errors).length, 1, q);
    }
    const first = await call(emu(), "GET", "/v2/api_keys?limit=2&api_key_role=serving");
    const r = await call(emu(), "GET", `/v2/api_keys?limit=2&api_key_role=personal&page_key=${first.body.metadata.page_key}`);
    assert.equal(r.status, 400);
    assert.match(r.body.field_errors.page_key, /api_key_role/);
  });
});

describe("emulator: API key secrets on read (secretsOnRead)", () => {
  const emu = useEmulator({ secretsOnRead: true });

  it("shows secret_key on get and list as well", async () => {
    const { body: k } = await create(emu(), serving);
    assert.equal((await call(emu(), "GET", apiKeyPath(k.id))).body.secret_key, k.secret_key);
    assert.equal((await call(emu(), "GET", "/v2/api_keys")).body.api_keys[0].secret_key, k.secret_key);
  });
});
