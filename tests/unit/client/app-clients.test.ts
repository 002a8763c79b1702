import assert from "node:assert/strict";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { AppClientsClient, UsersClient, VectaraApiError, VectaraError, isNotFound, type ClientSettings } from "../../../provider/client";
import { FAST, collect, rejection, since, useEmulator } from "./helpers";

const VIEWER_KEY = "zut_viewer_key_for_403s";

describe("AppClientsClient (against the emulator)", () => {
  const emu = useEmulator({ apiKeys: { zut_admin_key_app_clients: ["administrator"], [VIEWER_KEY]: ["viewer"] } });
  const made: { close(): void }[] = [];
  const client = (extra: ClientSettings = {}) => {
    const c = new AppClientsClient({ apiKey: "zut_admin_key_app_clients", baseUrl: emu().url, ...FAST, ...extra }, {});
    made.push(c);
    return c;
  };
  after(() => made.forEach((c) => c.close()));

  it("create -> get -> update -> list -> delete, with the secret only in the create's answer", async () => {
    const c = client();
    const created = await c.create({ name: "pipeline", description: "nightly ingest", apiRoles: ["corpus_administrator"] });
    assert.match(created.id, /^app_/);
    assert.equal(created.name, "pipeline");
    assert.equal(created.description, "nightly ingest");
    assert.deepEqual(created.apiRoles, ["corpus_administrator"]);
    const stored = emu().getAppClient(created.id)!;
    assert.equal(created.clientId, stored.client_id);
    assert.equal(created.clientSecret, stored.client_secret);
    assert.deepEqual(
      emu()
        .requests.filter((r) => r.route === "createAppClient")
        .at(-1)!.body,
      {
        type: "client_credentials",
        name: "pipeline",
        description: "nightly ingest",
        api_roles: ["corpus_administrator"],
      },
    );

    const got = await c.get(created.id);
    const { clientSecret: _secret, ...withoutSecret } = created;
    assert.deepEqual(got, withoutSecret, "get answers the same app client, without its secret");

    const updated = await c.update(created.id, { apiRoles: ["administrator", "corpus_developer"] });
    assert.deepEqual(updated.apiRoles, ["administrator", "corpus_developer"]);
    assert.equal(updated.description, "nightly ingest", "omitted fields stay as they are");
    assert.deepEqual(
      emu()
        .requests.filter((r) => r.route === "updateAppClient")
        .at(-1)!.body,
      {
        api_roles: ["administrator", "corpus_developer"],
      },
    );
    assert.equal((await c.update(created.id, { description: "" })).description, "");

    const listed = await collect(c.list({ limit: 100 }));
    assert.ok(listed.some((a) => a.id === created.id && a.clientSecret === undefined));

    await c.delete(created.id);
    assert.equal(emu().getAppClient(created.id), undefined);
    const gone = await rejection(() => c.get(created.id));
    assert.ok(gone instanceof VectaraApiError && gone.status === 404 && isNotFound(gone), String(gone));
    assert.match(gone.message, new RegExp(created.id));
    assert.equal(await c.find(created.id), undefined);
    const again = await rejection(() => c.delete(created.id));
    assert.ok(isNotFound(again), "deleting a deleted app client is a 404 the caller can tell apart");
  });

  it("the created client id and secret get tokens with the app client's roles", async () => {
    const created = await client().create({ name: "machine", apiRoles: ["administrator"] });
    const users = new UsersClient(
      { clientId: created.clientId, clientSecret: created.clientSecret, baseUrl: emu().url, authUrl: emu().tokenUrl, ...FAST },
      {},
    );
    made.push(users);
    await collect(users.list());
    assert.equal(users.credentialKind, "oauth client credentials");
  });

  it("lists every app client across pages, and filters by a name pattern", async () => {
    const prefix = `paged-${Date.now().toString(36)}`;
    for (let i = 0; i < 23; i++) emu().putAppClient({ name: `${prefix}-${i}` });
    emu().putAppClient({ name: `other-${prefix}` });
    const mark = emu().requests.length;
    const names = (await collect(client().list({ limit: 10, filter: `^${prefix}-` }))).map((a) => a.name).sort();
    assert.deepEqual(names, Array.from({ length: 23 }, (_, i) => `${prefix}-${i}`).sort());
    const calls = since(emu(), mark, "listAppClients");
    assert.equal(calls.length, 3, "23 app clients at 10 per page: 3 pages");
    assert.ok(calls.every((r) => r.query.filter === `^${prefix}-` && r.query.limit === "10"));
    assert.equal(calls[0].query.page_key, undefined);
    assert.ok(calls[1].query.page_key && calls[2].query.page_key);
  });

  it("refuses a bad page size or id before any call", async () => {
    const c = client();
    const mark = emu().requests.length;
    const e1 = await rejection(() => collect(c.list({ limit: 0 })));
    assert.match(e1.message, /limit must be an integer from 1 to 100, got 0/);
    const e2 = await rejection(() => c.get(".."));
    assert.ok(e2 instanceof VectaraError);
    assert.match(e2.message, /"\.\." is not a usable Vectara app client id/);
    assert.equal(emu().requests.length, mark);
  });

  it("a credential without an admin role gets a 403 and creates nothing", async () => {
    const viewer = client({ apiKey: VIEWER_KEY });
    const before = emu().appClients().length;
    const e = await rejection(() => viewer.create({ name: "nope" }));
    assert.ok(e instanceof VectaraApiError && e.status === 403, String(e));
    assert.equal(isNotFound(e), false);
    assert.equal(emu().appClients().length, before);
    const l = await rejection(() => collect(viewer.list()));
    assert.equal(l.status, 403);
  });

  it("a client secret the API quotes back in a later error is redacted", async () => {
    const c = client();
    const created = await c.create({ name: "quoted" });
    emu().inject("getAppClient", { kind: "status", status: 400, message: `bad secret ${created.clientSecret} given` });
    const e = await rejection(() => c.get(created.id));
    assert.ok(e instanceof VectaraApiError);
    for (const text of [e.message, JSON.stringify(e), String(e.stack)]) {
      assert.ok(!text.includes(created.clientSecret), text);
    }
    assert.match(e.message, /\[redacted\]/);
  });
});

describe("AppClientsClient on an API that shows secrets on read", () => {
  const emu = useEmulator({ secretsOnRead: true });
  it("get keeps the client secret", async () => {
    const c = new AppClientsClient({ apiKey: DEFAULT_API_KEY, baseUrl: emu().url, ...FAST }, {});
    try {
      const created = await c.create({ name: "shown" });
      assert.equal((await c.get(created.id)).clientSecret, created.clientSecret);
    } finally {
      c.close();
    }
  });
});
