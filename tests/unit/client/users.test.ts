import assert from "node:assert/strict";
import { CreateUnconfirmedError, UsersClient, VectaraError, isCreateUnconfirmed } from "../../../provider/client";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { VectaraEmulator } from "vectara-emulator";
import { keyClient, oauthClient, rejection, since, uniqueEmail, useEmulator } from "./helpers";

describe("UsersClient operations (against the emulator)", () => {
  const emu = useEmulator({ resetReturnsCode: true });

  for (const kind of ["api key", "oauth client credentials"] as const) {
    describe(`with ${kind}`, () => {
      let client: UsersClient;
      beforeEach(() => {
        client = kind === "api key" ? keyClient(emu()) : oauthClient(emu());
        assert.equal(client.credentialKind, kind);
      });

      it("create -> get -> update -> list -> resetPassword -> delete", async () => {
        const email = uniqueEmail("ops");
        const created = await client.create({
          email,
          description: "first",
          apiRoles: ["corpus_viewer"],
          corpusRoles: [{ corpusKey: "docs", role: "viewer" }],
          agentRoles: [{ agentKey: "agt_1", role: "agent_user" }],
        });
        assert.match(created.id, /^usr_/);
        assert.equal(created.email, email);
        assert.equal(created.username, email);
        assert.equal(created.description, "first");
        assert.deepEqual(created.apiRoles, ["corpus_viewer"]);
        assert.deepEqual(created.corpusRoles, [{ corpusKey: "docs", role: "viewer" }]);
        assert.deepEqual(created.agentRoles, [{ agentKey: "agt_1", role: "agent_user" }]);
        assert.equal(typeof created.createdAt, "string");
        const createCall = emu()
          .requests.filter((r) => r.route === "createUser")
          .at(-1)!;
        assert.deepEqual(createCall.body, {
          email,
          description: "first",
          api_roles: ["corpus_viewer"],
          corpus_roles: [{ corpus_key: "docs", role: "viewer" }],
          agent_roles: [{ agent_key: "agt_1", role: "agent_user" }],
        });

        const got = await client.get(email);
        assert.deepEqual(got, { ...created });

        const updated = await client.update(email, { enabled: false, apiRoles: [], description: "second" });
        assert.equal(updated.enabled, false);
        assert.deepEqual(updated.apiRoles, []);
        assert.equal(updated.description, "second");
        assert.deepEqual(updated.corpusRoles, [{ corpusKey: "docs", role: "viewer" }], "omitted fields stay as they are");
        assert.deepEqual(
          emu()
            .requests.filter((r) => r.route === "updateUser")
            .at(-1)!.body,
          { enabled: false, api_roles: [], description: "second" },
        );
        assert.equal(emu().getUser(email)?.enabled, false);

        const listed: string[] = [];
        for await (const u of client.list({ limit: 100 })) listed.push(u.username);
        assert.ok(listed.includes(email));

        const page = await client.listPage({ limit: 100 });
        assert.ok(page.users.some((u) => u.username === email));

        const resetsBefore = emu().resets.length;
        const reset = await client.resetPassword(email);
        assert.equal(typeof reset.oneTimeCode, "string");
        assert.equal(emu().resets.length, resetsBefore + 1);
        const resetCall = emu()
          .requests.filter((r) => r.route === "resetPassword")
          .at(-1)!;
        assert.equal(resetCall.body, undefined, "reset_password sends no body");

        await client.delete(email);
        assert.equal(emu().getUser(email), undefined);
        const gone = await rejection(() => client.get(email));
        assert.equal(gone.status, 404);
      });
    });
  }

  it("create with a username that differs from the email; a user with no roles reads back with [] arrays", async () => {
    const client = keyClient(emu());
    const email = uniqueEmail("named");
    const created = await client.create({ email, username: `name-${email}` });
    assert.equal(created.username, `name-${email}`);
    assert.deepEqual([created.apiRoles, created.corpusRoles, created.agentRoles], [[], [], []]);
    assert.deepEqual(
      emu()
        .requests.filter((r) => r.route === "createUser")
        .at(-1)!.body,
      { email, username: `name-${email}` },
    );
  });

  it("resetPassword on a deployment that answers {} gives {}", async () => {
    // the shared emulator answers codes; the field mapping for {} is covered in wire tests,
    // here: a real round trip on an emulator without codes
    const bare = await VectaraEmulator.start({ resetReturnsCode: false });
    try {
      const client = keyClient(bare);
      const email = uniqueEmail("nocode");
      await client.create({ email });
      assert.deepEqual(await client.resetPassword(email), {});
    } finally {
      await bare.stop();
    }
  });

  describe("usernames that need percent-encoding round-trip", () => {
    const names = ["a+b@x.com", "o'neil@x.com", "名前@例え.jp", "with space", "percent%20", "slash/inside"];
    names.forEach((name, i) => {
      it(JSON.stringify(name), async () => {
        const client = keyClient(emu());
        const mark = emu().requests.length;
        const email = name.includes("@") && /^[\x00-\x7f]+$/.test(name) ? name : uniqueEmail(`enc${i}`);
        const created = await client.create({ email, username: name });
        assert.equal(created.username, name);
        assert.equal(emu().getUser(name)?.username, name);

        const got = await client.get(name);
        assert.equal(got.username, name);
        assert.equal(got.id, created.id);
        const updated = await client.update(name, { description: `desc ${i}` });
        assert.equal(updated.description, `desc ${i}`);
        await client.resetPassword(name);
        assert.equal(emu().resets.at(-1)?.username, name);
        await client.delete(name);
        assert.equal(emu().getUser(name), undefined);

        const calls = since(emu(), mark).filter((r) => r.route !== "createUser" && r.route !== "token");
        assert.deepEqual(
          calls.map((r) => r.route),
          ["getUser", "updateUser", "resetPassword", "deleteUser"],
        );
        const encoded = encodeURIComponent(name);
        for (const r of calls) {
          assert.equal(r.username, name, "the server decodes the same username");
          assert.ok(r.path === `/v2/users/${encoded}` || r.path === `/v2/users/${encoded}/reset_password`, r.path);
          assert.ok(r.status >= 200 && r.status < 300, `${r.method} ${r.path} -> ${r.status}`);
        }
      });
    });
  });

  describe("usernames that would change the path are refused before any request", () => {
    for (const bad of ["", ".", "..", null, 42, undefined] as unknown[]) {
      it(JSON.stringify(bad) ?? "undefined", async () => {
        const client = oauthClient(emu());
        const mark = emu().requests.length;
        for (const op of [
          () => client.get(bad as string),
          () => client.update(bad as string, { enabled: true }),
          () => client.delete(bad as string),
          () => client.resetPassword(bad as string),
        ]) {
          const e = await rejection(op);
          assert.ok(e instanceof VectaraError, String(e));
        }
        assert.equal(emu().requests.length, mark, "no request at all (not even a token request)");
        assert.equal(client.tokenRequests, 0);
      });
    }
  });

  it("refuses a limit out of 1..100 before any request", async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    for (const limit of [0, 101, 2.5, -1]) {
      await rejection(() => client.listPage({ limit }));
      await rejection(async () => {
        for await (const _ of client.list({ limit })) void _;
      });
    }
    assert.equal(emu().requests.length, mark);
  });

  it("createReconciled: a lost answer whose GET fails too throws CreateUnconfirmedError, after one POST", async () => {
    const client = keyClient(emu(), { maxRetries: 1 });
    const email = uniqueEmail("unconfirmed");
    const mark = emu().requests.length;
    emu().inject("createUser", { kind: "commitThenFail", then: "status", status: 502 });
    emu().inject("getUser", { kind: "status", status: 503, times: 2 });
    const error = await rejection(() => client.createReconciled({ email }));
    assert.ok(error instanceof CreateUnconfirmedError && isCreateUnconfirmed(error));
    assert.equal(error.username, email);
    assert.equal(error.email, email);
    assert.match(
      error.message,
      new RegExp(
        `Vectara user "${email.replace(/\./g, "\\.")}" may have been created: the answer to POST /v2/users was lost \\(Vectara API 502 .*\\) and the GET that checks for the user failed too \\(Vectara API 503 .*gave up after 1 retry`,
      ),
    );
    assert.equal((error.cause as VectaraError).name, "VectaraApiError", "the GET's error");
    assert.deepEqual(
      since(emu(), mark).map((r) => `${r.method} ${r.status}`),
      ["POST 502", "GET 503", "GET 503"],
    );
    assert.doesNotMatch(JSON.stringify(error) + String(error.stack), new RegExp(DEFAULT_API_KEY));
  });
});
