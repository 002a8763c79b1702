import assert from "node:assert/strict";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { ApiKeysClient, UsersClient, VectaraApiError, VectaraError, isNotFound, type ClientSettings } from "../../../provider/client";
import { FAST, collect, rejection, since, useEmulator } from "./helpers";

const ADMIN_KEY = "zut_admin_key_api_keys";
const VIEWER_KEY = "zut_viewer_key_for_api_keys";

describe("ApiKeysClient (against the emulator)", () => {
  const emu = useEmulator({ apiKeys: { [ADMIN_KEY]: ["administrator"], [VIEWER_KEY]: ["viewer"] } });
  const made: { close(): void }[] = [];
  const client = (extra: ClientSettings = {}) => {
    const c = new ApiKeysClient({ apiKey: ADMIN_KEY, baseUrl: emu().url, ...FAST, ...extra }, {});
    made.push(c);
    return c;
  };
  after(() => made.forEach((c) => c.close()));

  it("create -> get -> disable -> list -> delete, with the secret only in the create's answer", async () => {
    const c = client();
    const created = await c.create({ name: "search-frontend", apiKeyRole: "serving", corpusKeys: ["docs", "faq"] });
    assert.match(created.id, /^aky_/);
    assert.match(created.secretKey, /^zqt_/);
    assert.equal(created.secretKey, emu().getApiKey(created.id)!.secret_key);
    assert.equal(created.apiKeyRole, "serving");
    assert.equal(created.enabled, true);
    assert.deepEqual(created.corpusKeys, ["docs", "faq"], "read from the key's api_policy");
    assert.deepEqual(
      emu()
        .requests.filter((r) => r.route === "createApiKey")
        .at(-1)!.body,
      {
        name: "search-frontend",
        api_key_role: "serving",
        corpus_keys: ["docs", "faq"],
      },
    );

    const got = await c.get(created.id);
    const { secretKey: _secret, ...withoutSecret } = created;
    assert.deepEqual(got, withoutSecret, "get answers the same key, without its secret");

    const disabled = await c.update(created.id, { enabled: false });
    assert.equal(disabled.enabled, false);
    assert.deepEqual(
      emu()
        .requests.filter((r) => r.route === "updateApiKey")
        .at(-1)!.body,
      { enabled: false },
    );
    assert.equal(emu().getApiKey(created.id)!.enabled, false);

    const listed = await collect(c.list({ limit: 100 }));
    assert.ok(listed.some((k) => k.id === created.id && k.secretKey === undefined && k.enabled === false));

    await c.delete(created.id);
    const gone = await rejection(() => c.get(created.id));
    assert.ok(gone instanceof VectaraApiError && gone.status === 404 && isNotFound(gone), String(gone));
    assert.equal(await c.find(created.id), undefined);
  });

  it("a personal key names no corpora; giving it some is the API's 400 on corpus_keys", async () => {
    const c = client();
    const personal = await c.create({ name: "me", apiKeyRole: "personal" });
    assert.match(personal.secretKey, /^zut_/);
    assert.equal(personal.corpusKeys, undefined);
    const e = await rejection(() => c.create({ name: "me", apiKeyRole: "personal", corpusKeys: ["docs"] }));
    assert.ok(e instanceof VectaraApiError && e.status === 400, String(e));
    assert.ok("corpus_keys" in e.fieldErrors, JSON.stringify(e.fieldErrors));
  });

  it("the secret key works until the key is disabled", async () => {
    const c = client();
    const key = await c.create({ name: "acts-as-me", apiKeyRole: "personal" });
    const asKey = new UsersClient({ apiKey: key.secretKey, baseUrl: emu().url, ...FAST, maxRetries: 0 }, {});
    made.push(asKey);
    await collect(asKey.list());
    await c.update(key.id, { enabled: false });
    const e = await rejection(() => collect(asKey.list()));
    assert.ok(e instanceof VectaraApiError && e.status === 401, String(e));
    assert.ok(!JSON.stringify(e).includes(key.secretKey) && !e.message.includes(key.secretKey));
  });

  it("lists every key across pages, filtered by corpus and by role", async () => {
    const corpus = `c-${Date.now().toString(36)}`;
    for (let i = 0; i < 12; i++) emu().putApiKey({ name: `s${i}`, api_key_role: "serving", corpus_keys: [corpus] });
    for (let i = 0; i < 3; i++) emu().putApiKey({ name: `i${i}`, api_key_role: "serving_and_indexing", corpus_keys: [corpus] });
    emu().putApiKey({ name: "elsewhere", api_key_role: "serving", corpus_keys: ["other"] });
    const c = client();
    const mark = emu().requests.length;
    const onCorpus = await collect(c.list({ limit: 5, corpusKey: corpus }));
    assert.equal(onCorpus.length, 15);
    assert.ok(onCorpus.every((k) => k.corpusKeys?.includes(corpus)));
    assert.equal(since(emu(), mark, "listApiKeys").length, 3, "15 keys at 5 per page: 3 pages");
    const indexing = await collect(c.list({ corpusKey: corpus, apiKeyRole: "serving_and_indexing" }));
    assert.deepEqual(indexing.map((k) => k.name).sort(), ["i0", "i1", "i2"]);
    assert.deepEqual(since(emu(), mark, "listApiKeys").at(-1)!.query, { corpus_key: corpus, api_key_role: "serving_and_indexing" });
  });

  it("refuses a bad page size or id before any call", async () => {
    const c = client();
    const mark = emu().requests.length;
    assert.match((await rejection(() => collect(c.list({ limit: 101 })))).message, /limit must be an integer from 1 to 100, got 101/);
    const e = await rejection(() => c.update("", { enabled: true }));
    assert.ok(e instanceof VectaraError);
    assert.match(e.message, /"" is not a usable Vectara API key id/);
    assert.equal(emu().requests.length, mark);
  });

  it("a credential without an admin role gets a 403, and so does a serving key", async () => {
    const before = emu().apiKeys().length;
    const e = await rejection(() => client({ apiKey: VIEWER_KEY }).create({ name: "nope", apiKeyRole: "serving", corpusKeys: ["docs"] }));
    assert.ok(e instanceof VectaraApiError && e.status === 403, String(e));
    assert.equal(emu().apiKeys().length, before);
    const serving = await client().create({ name: "serving", apiKeyRole: "serving", corpusKeys: ["docs"] });
    const s = await rejection(() => collect(client({ apiKey: serving.secretKey }).list()));
    assert.equal(s.status, 403);
  });

  it("a secret key the API quotes back in a later error is redacted", async () => {
    const c = client();
    const created = await c.create({ name: "quoted", apiKeyRole: "serving_and_indexing", corpusKeys: ["docs"] });
    emu().inject("updateApiKey", { kind: "status", status: 400, message: `key ${created.secretKey} is malformed` });
    const e = await rejection(() => c.update(created.id, { enabled: false }));
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) assert.ok(!text.includes(created.secretKey), text);
    assert.match(e.message, /\[redacted\]/);
  });
});

describe("ApiKeysClient on an API that shows secrets on read", () => {
  const emu = useEmulator({ secretsOnRead: true });
  it("list keeps the secret key", async () => {
    const c = new ApiKeysClient({ apiKey: DEFAULT_API_KEY, baseUrl: emu().url, ...FAST }, {});
    try {
      const created = await c.create({ name: "shown", apiKeyRole: "serving", corpusKeys: ["docs"] });
      const listed = await collect(c.list());
      assert.equal(listed.find((k) => k.id === created.id)?.secretKey, created.secretKey);
    } finally {
      c.close();
    }
  });
});
