import assert from "node:assert/strict";
import { validate } from "vectara-emulator";
import { assertErrorBody, call, userPath, useEmulator } from "./test-helpers";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("emulator: users CRUD", () => {
  const emu = useEmulator();
  afterEach(() => {
    for (const u of emu().users()) emu().removeUser(u.username);
  });

  it("creates a user: 201, usr_ id, username = email, enabled, timestamps, empty role arrays", async () => {
    const r = await call(emu(), "POST", "/v2/users", { body: { email: "alice@example.com" } });
    assert.equal(r.status, 201);
    assert.match(r.body.id, /^usr_[0-9a-f]{16}$/);
    assert.equal(r.body.username, "alice@example.com");
    assert.equal(r.body.email, "alice@example.com");
    assert.equal(r.body.enabled, true);
    assert.match(r.body.created_at, ISO);
    assert.equal(r.body.updated_at, r.body.created_at);
    assert.deepEqual([r.body.api_roles, r.body.corpus_roles, r.body.agent_roles], [[], [], []]);
    assert.equal("one_time_code" in r.body, false);
    assert.deepEqual(validate("User", r.body), []);
    assert.deepEqual(emu().getUser("alice@example.com"), r.body);
  });

  it("creates a user with every field, and gets it back", async () => {
    const body = {
      email: "bob@example.com",
      username: "bob",
      description: "Bob",
      api_roles: ["corpus_administrator", "viewer"],
      corpus_roles: [{ corpus_key: "docs", role: "editor" }],
      agent_roles: [{ agent_key: "agt_1", role: "agent_user" }],
    };
    const created = await call(emu(), "POST", "/v2/users", { body });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { ...created.body, id: undefined, created_at: undefined, updated_at: undefined, enabled: undefined },
      {
        ...body,
        id: undefined,
        created_at: undefined,
        updated_at: undefined,
        enabled: undefined,
      },
    );
    const got = await call(emu(), "GET", "/v2/users/bob");
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, created.body);
    assert.deepEqual(emu().calls("createUser").at(-1)!.requestSchemaErrors, []);
  });

  it("answers 409 on a duplicate username and on a duplicate email", async () => {
    assert.equal((await call(emu(), "POST", "/v2/users", { body: { email: "carol@example.com", username: "carol" } })).status, 201);
    const a = await call(emu(), "POST", "/v2/users", { body: { email: "other@example.com", username: "carol" } });
    assert.equal(a.status, 409);
    assertErrorBody(a.body, /user with username carol already exists/);
    const b = await call(emu(), "POST", "/v2/users", { body: { email: "Carol@Example.com", username: "carol2" } });
    assert.equal(b.status, 409);
    assertErrorBody(b.body, /user with email Carol@Example.com already exists/);
    assert.equal(emu().users().length, 1);
  });

  it("PATCH replaces given fields, keeps omitted ones, bumps updated_at, answers the user", async () => {
    const created = (
      await call(emu(), "POST", "/v2/users", {
        body: { email: "dan@example.com", description: "d", api_roles: ["viewer"], corpus_roles: [{ corpus_key: "a", role: "viewer" }] },
      })
    ).body;
    const r = await call(emu(), "PATCH", userPath("dan@example.com"), { body: { enabled: false, api_roles: ["administrator", "owner"] } });
    assert.equal(r.status, 200);
    assert.equal(r.body.enabled, false);
    assert.deepEqual(r.body.api_roles, ["administrator", "owner"]);
    assert.deepEqual(r.body.corpus_roles, created.corpus_roles);
    assert.equal(r.body.description, "d");
    assert.equal(r.body.id, created.id);
    assert.equal(r.body.created_at, created.created_at);
    assert.ok(r.body.updated_at > created.updated_at);
    const r2 = await call(emu(), "PATCH", userPath("dan@example.com"), { body: { corpus_roles: [], description: "" } });
    assert.deepEqual(r2.body.corpus_roles, []);
    assert.equal(r2.body.description, "");
    assert.deepEqual(r2.body.api_roles, ["administrator", "owner"]);
    const same = await call(emu(), "PATCH", userPath("dan@example.com"), { body: {} });
    assert.equal(same.status, 200);
    assert.equal(same.body.updated_at, r2.body.updated_at);
    assert.deepEqual(emu().getUser("dan@example.com"), same.body);
  });

  it("PATCH ignores email/username (they cannot change)", async () => {
    await call(emu(), "POST", "/v2/users", { body: { email: "erin@example.com" } });
    const r = await call(emu(), "PATCH", userPath("erin@example.com"), { body: { email: "new@example.com", username: "new" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.email, "erin@example.com");
    assert.equal(r.body.username, "erin@example.com");
  });

  it("DELETE answers 204 without a body, then the user is gone", async () => {
    await call(emu(), "POST", "/v2/users", { body: { email: "fay@example.com" } });
    const r = await call(emu(), "DELETE", userPath("fay@example.com"));
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    assert.equal((await call(emu(), "GET", userPath("fay@example.com"))).status, 404);
  });

  it("reset_password answers the one-time code fields and records the reset", async () => {
    emu().putUser({ email: "gus@example.com" });
    const before = emu().resets.length;
    const r = await call(emu(), "POST", `${userPath("gus@example.com")}/reset_password`);
    assert.equal(r.status, 200);
    assert.equal(typeof r.body.one_time_code, "string");
    assert.equal(typeof r.body.one_time_code_link, "string");
    assert.equal(emu().resets.length, before + 1);
    assert.equal(emu().resets.at(-1)!.username, "gus@example.com");
    assert.match(emu().resets.at(-1)!.at, ISO);
  });

  for (const [method, suffix, body] of [
    ["GET", "", undefined],
    ["PATCH", "", { enabled: true }],
    ["DELETE", "", undefined],
    ["POST", "/reset_password", undefined],
  ] as const) {
    it(`${method} ${suffix || "user"} of an unknown user answers 404 NotFoundError`, async () => {
      const r = await call(emu(), method, `${userPath("nobody@example.com")}${suffix}`, { body });
      assert.equal(r.status, 404);
      assertErrorBody(r.body, /nobody@example.com/);
      assert.equal(r.body.id, "nobody@example.com");
      assert.deepEqual(validate("NotFoundError", r.body), []);
    });
  }

  it("writes() lists create/update/delete/reset calls only; calls() excludes token", async () => {
    emu().clearLog();
    await call(emu(), "POST", "/v2/users", { body: { email: "h@example.com" } });
    await call(emu(), "GET", "/v2/users");
    await call(emu(), "PATCH", userPath("h@example.com"), { body: {} });
    await call(emu(), "POST", `${userPath("h@example.com")}/reset_password`);
    await call(emu(), "DELETE", userPath("h@example.com"));
    assert.deepEqual(
      emu()
        .writes()
        .map((w) => w.route),
      ["createUser", "updateUser", "resetPassword", "deleteUser"],
    );
    assert.equal(emu().calls().length, 5);
    assert.deepEqual(emu().calls("listUsers")[0].query, {});
    assert.equal(emu().calls("updateUser")[0].username, "h@example.com");
    assert.equal(emu().calls("updateUser")[0].path, "/v2/users/h%40example.com");
  });

  it("answers 404 (Error body) to unknown routes and 405 to a wrong method", async () => {
    const a = await call(emu(), "GET", "/v2/nothing");
    assert.equal(a.status, 404);
    assertErrorBody(a.body);
    const b = await call(emu(), "GET", "/v2/users/a/b");
    assert.equal(b.status, 404);
    const c = await call(emu(), "PUT", userPath("x@example.com"), { body: {} });
    assert.equal(c.status, 405);
    assert.equal(c.headers.get("allow"), "GET, PATCH, DELETE");
    assertErrorBody(c.body);
    const d = await call(emu(), "DELETE", "/v2/users");
    assert.equal(d.status, 405);
    assert.equal(emu().requests.at(-1)!.route, "unknown");
  });
});

describe("emulator: request validation", () => {
  const emu = useEmulator();

  const cases: [string, unknown, string[]][] = [
    ["a bad email", { email: "not-an-email" }, ["email"]],
    ["no email", { username: "x" }, ["email"]],
    ["a username over 128", { email: "a@example.com", username: "u".repeat(129) }, ["username"]],
    ["a description over 255", { email: "a@example.com", description: "d".repeat(256) }, ["description"]],
    ["an old role name", { email: "a@example.com", api_roles: ["corpus_admin"] }, ["api_roles[0]"]],
    ["a corpus role without corpus_key", { email: "a@example.com", corpus_roles: [{ role: "viewer" }] }, ["corpus_roles[0].corpus_key"]],
    ["a bad corpus role", { email: "a@example.com", corpus_roles: [{ corpus_key: "c", role: "query_writer" }] }, ["corpus_roles[0].role"]],
    ["a bad agent role", { email: "a@example.com", agent_roles: [{ agent_key: "k", role: "viewer" }] }, ["agent_roles[0].role"]],
    ["roles not an array", { email: "a@example.com", api_roles: "viewer" }, ["api_roles"]],
    ["an array body", [{ email: "a@example.com" }], ["body"]],
  ];
  for (const [name, body, fields] of cases) {
    it(`create with ${name} answers 400 BadRequestError with field_errors`, async () => {
      const r = await call(emu(), "POST", "/v2/users", { body });
      assert.equal(r.status, 400);
      assertErrorBody(r.body);
      assert.deepEqual(Object.keys(r.body.field_errors), fields);
      assert.ok(emu().calls("createUser").at(-1)!.requestSchemaErrors.length > 0);
      assert.equal(emu().users().length, 0);
    });
  }

  // The spec's `format: email` is RFC 5321's Mailbox (ASCII); internationalized addresses are
  // `idn-email` (RFC 6531), which the spec does not declare. The provider's check agrees
  // (tests/unit/user/check.test.ts, tests/unit/user/properties.test.ts).
  it("answers 400 to a non-ASCII address, and 201 to the ASCII form of an internationalized domain", async () => {
    for (const email of ["josé@exämple.com", "jose@exämple.com", "josé@example.com"]) {
      const r = await call(emu(), "POST", "/v2/users", { body: { email } });
      assert.equal(r.status, 400, email);
      assert.deepEqual(r.body.field_errors, { email: `must match format "email" (got ${JSON.stringify(email)})` });
    }
    const ok = await call(emu(), "POST", "/v2/users", { body: { email: "jose@xn--exmple-cua.com" } });
    assert.equal(ok.status, 201);
    emu().removeUser("jose@xn--exmple-cua.com");
  });

  it("names the valid values in an enum error", async () => {
    const r = await call(emu(), "POST", "/v2/users", { body: { email: "a@example.com", api_roles: ["corpus_admin"] } });
    assert.match(r.body.field_errors["api_roles[0]"], /corpus_administrator/);
  });

  it("answers 400 to malformed JSON and to an empty create body", async () => {
    const a = await call(emu(), "POST", "/v2/users", { body: '{"email": ', headers: { "content-type": "application/json" } });
    assert.equal(a.status, 400);
    assertErrorBody(a.body, /Malformed JSON/);
    assert.match(emu().calls("createUser").at(-1)!.requestSchemaErrors[0], /malformed JSON/);
    const b = await call(emu(), "POST", "/v2/users");
    assert.equal(b.status, 400);
  });

  it("answers 400 to an empty username", async () => {
    const r = await call(emu(), "POST", "/v2/users", { body: { email: "a@example.com", username: "" } });
    assert.equal(r.status, 400);
    assert.ok(r.body.field_errors.username);
  });

  it("validates PATCH bodies against UpdateUserRequest", async () => {
    emu().putUser({ email: "p@example.com" });
    try {
      const r = await call(emu(), "PATCH", userPath("p@example.com"), { body: { enabled: "yes", agent_roles: [{ agent_key: "k" }] } });
      assert.equal(r.status, 400);
      assert.deepEqual(Object.keys(r.body.field_errors).sort(), ["agent_roles[0].role", "enabled"]);
      assert.equal(emu().calls("updateUser").at(-1)!.requestSchemaErrors.length, 2);
      const m = await call(emu(), "PATCH", userPath("p@example.com"), { body: "{oops", headers: { "content-type": "application/json" } });
      assert.equal(m.status, 400);
      assert.equal(emu().getUser("p@example.com")!.enabled, true);
    } finally {
      emu().removeUser("p@example.com");
    }
  });
});

describe("emulator: percent-decoding of {username}", () => {
  const emu = useEmulator();

  const names = ["a+b@x.com", "o'neil@x.com", "名前@例え.jp", "with space", "percent%20", "slash/inside", "semi;colon?#&="];
  for (const name of names) {
    it(`round-trips ${JSON.stringify(name)} through create, get, patch, reset, delete`, async () => {
      const email = name.includes("@") && /^[\x00-\x7f]*$/.test(name) ? name : "intl@example.com";
      const c = await call(emu(), "POST", "/v2/users", { body: { email, username: name } });
      assert.equal(c.status, 201, JSON.stringify(c.body));
      const p = userPath(name);
      const g = await call(emu(), "GET", p);
      assert.equal(g.status, 200);
      assert.equal(g.body.username, name);
      assert.equal(emu().requests.at(-1)!.username, name);
      assert.equal((await call(emu(), "PATCH", p, { body: { description: "x" } })).status, 200);
      assert.equal((await call(emu(), "POST", `${p}/reset_password`)).status, 200);
      assert.equal((await call(emu(), "DELETE", p)).status, 204);
      assert.equal(emu().getUser(name), undefined);
    });
  }

  it("accepts a raw @ and keeps + as +", async () => {
    emu().putUser({ email: "a+b@x.com" });
    const raw = await call(emu(), "GET", "/v2/users/a+b@x.com");
    assert.equal(raw.status, 200);
    assert.equal(raw.body.username, "a+b@x.com");
    assert.equal(emu().requests.at(-1)!.path, "/v2/users/a+b@x.com");
    assert.equal((await call(emu(), "GET", "/v2/users/a%2Bb%40x.com")).status, 200);
    const space = await call(emu(), "GET", "/v2/users/a%20b@x.com");
    assert.equal(space.status, 404);
    assert.equal(space.body.id, "a b@x.com");
    emu().removeUser("a+b@x.com");
  });

  it("decodes exactly once: %2520 is %20, not a space", async () => {
    emu().putUser({ email: "x@example.com", username: "percent%20" });
    assert.equal((await call(emu(), "GET", "/v2/users/percent%2520")).status, 200);
    const r = await call(emu(), "GET", "/v2/users/percent%20");
    assert.equal(r.status, 404);
    assert.equal(r.body.id, "percent ");
    emu().removeUser("percent%20");
  });

  it("treats %2F as a slash inside the username, and a raw slash as another path", async () => {
    emu().putUser({ email: "y@example.com", username: "slash/inside" });
    assert.equal((await call(emu(), "GET", "/v2/users/slash%2Finside")).status, 200);
    const raw = await call(emu(), "GET", "/v2/users/slash/inside");
    assert.equal(raw.status, 404);
    assert.equal(raw.body.id, undefined, "an unknown route, not a missing user");
    emu().removeUser("slash/inside");
  });

  it("answers 400 to bad percent-encoding", async () => {
    const r = await call(emu(), "GET", "/v2/users/bad%ZZ");
    assert.equal(r.status, 400);
    assert.ok(r.body.field_errors.username);
    assert.equal((await call(emu(), "GET", "/v2/users/%E0%A4")).status, 400);
  });
});

describe("emulator: options", () => {
  describe("initialEnabled: false, createReturnsCode: true, resetReturnsCode: false", () => {
    const emu = useEmulator({ initialEnabled: false, createReturnsCode: true, resetReturnsCode: false });

    it("creates disabled users and answers the one-time code on create", async () => {
      const r = await call(emu(), "POST", "/v2/users", { body: { email: "z@example.com" } });
      assert.equal(r.status, 201);
      assert.equal(r.body.enabled, false);
      assert.equal(typeof r.body.one_time_code, "string");
      assert.equal(typeof r.body.one_time_code_link, "string");
      assert.equal("one_time_code" in emu().getUser("z@example.com")!, false);
    });

    it("answers {} to reset_password", async () => {
      const r = await call(emu(), "POST", `${userPath("z@example.com")}/reset_password`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, {});
      assert.equal(emu().resets.length, 1);
    });
  });

  describe("putUser / removeUser", () => {
    const emu = useEmulator();

    it("fills defaults, keeps id, place and created_at of an existing username", async () => {
      const a = emu().putUser({ email: "one@example.com" });
      emu().putUser({ email: "two@example.com" });
      assert.match(a.id, /^usr_/);
      assert.equal(a.username, "one@example.com");
      assert.equal(a.enabled, true);
      const a2 = emu().putUser({ email: "one@example.com", api_roles: ["viewer"] });
      assert.equal(a2.id, a.id);
      assert.equal(a2.created_at, a.created_at);
      assert.ok(a2.updated_at > a.updated_at);
      assert.deepEqual(
        emu()
          .users()
          .map((u) => u.username),
        ["one@example.com", "two@example.com"],
      );
      const got = await call(emu(), "GET", userPath("one@example.com"));
      assert.deepEqual(got.body.api_roles, ["viewer"]);
      assert.equal(emu().removeUser("one@example.com"), true);
      assert.equal(emu().removeUser("one@example.com"), false);
    });

    it("returns copies: changing them does not change the store", () => {
      const u = emu().putUser({ email: "copy@example.com" });
      u.api_roles.push("owner");
      emu().users()[0].api_roles.push("owner");
      assert.deepEqual(emu().getUser("copy@example.com")!.api_roles, []);
    });
  });
});
