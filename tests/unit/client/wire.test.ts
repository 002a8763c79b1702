import assert from "node:assert/strict";
import { validate } from "vectara-emulator";
import { errorBodyFromWire, tokenRequestToWire, tokenResponseFromWire } from "../../../provider/client/wire";
import {
  createUserToWire,
  createdUserFromWire,
  listQueryToWire,
  resetPasswordFromWire,
  updateUserToWire,
  userFromWire,
  usersPageFromWire,
} from "../../../provider/client/users/wire";
import { VectaraError } from "../../../provider/client";

const hasUndefined = (o: object) => Object.values(o).some((v) => v === undefined);

describe("wire mapping (snake_case <-> camelCase)", () => {
  it("maps a full create request, and the result follows the official CreateUserRequest schema", () => {
    const body = createUserToWire({
      email: "a@example.com",
      username: "alice",
      description: "Alice",
      apiRoles: ["administrator", "corpus_viewer"],
      corpusRoles: [{ corpusKey: "docs", role: "editor" }],
      agentRoles: [{ agentKey: "agt_1", role: "agent_user" }],
    });
    assert.deepEqual(body, {
      email: "a@example.com",
      username: "alice",
      description: "Alice",
      api_roles: ["administrator", "corpus_viewer"],
      corpus_roles: [{ corpus_key: "docs", role: "editor" }],
      agent_roles: [{ agent_key: "agt_1", role: "agent_user" }],
    });
    assert.deepEqual(validate("CreateUserRequest", body), []);
  });

  it("never sends undefined keys", () => {
    const minimal = createUserToWire({ email: "a@example.com", username: undefined, description: undefined, apiRoles: undefined });
    assert.deepEqual(minimal, { email: "a@example.com" });
    assert.ok(!hasUndefined(minimal));
    assert.deepEqual(Object.keys(minimal), ["email"]);
    const update = updateUserToWire({ enabled: false, description: undefined, apiRoles: undefined });
    assert.deepEqual(update, { enabled: false });
    assert.deepEqual(updateUserToWire({}), {});
    assert.deepEqual(validate("UpdateUserRequest", update), []);
  });

  it("maps an update; an empty array is sent (it clears the roles)", () => {
    const body = updateUserToWire({
      enabled: true,
      description: "",
      apiRoles: [],
      corpusRoles: [],
      agentRoles: [{ agentKey: "a", role: "agent_viewer" }],
    });
    assert.deepEqual(body, {
      enabled: true,
      description: "",
      api_roles: [],
      corpus_roles: [],
      agent_roles: [{ agent_key: "a", role: "agent_viewer" }],
    });
    assert.deepEqual(validate("UpdateUserRequest", body), []);
  });

  it("refuses a role list that is not an array", () => {
    assert.throws(() => createUserToWire({ email: "a@example.com", apiRoles: "viewer" as any }), VectaraError);
  });

  it("builds the list query in snake_case, leaving out what is not given", () => {
    assert.equal(listQueryToWire({}), "");
    assert.equal(
      listQueryToWire({ limit: 5, pageKey: "abc+/=", corpusKey: "my-corpus" }),
      "limit=5&page_key=abc%2B%2F%3D&corpus_key=my-corpus",
    );
  });

  it("reads a user, dropping unknown fields and defaulting absent arrays to []", () => {
    const user = userFromWire(
      {
        id: "usr_1",
        email: "a@example.com",
        username: "alice",
        enabled: false,
        description: "d",
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-02T00:00:00Z",
        api_roles: ["owner"],
        corpus_roles: [{ corpus_key: "c", role: "viewer", extra: 1 }],
        api_policy: { name: "owner", allowed_operations: {} },
        brand_new_field: { anything: true },
      },
      "GET /v2/users/alice",
    );
    assert.deepEqual(user, {
      id: "usr_1",
      email: "a@example.com",
      username: "alice",
      enabled: false,
      description: "d",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-02T00:00:00Z",
      apiRoles: ["owner"],
      corpusRoles: [{ corpusKey: "c", role: "viewer" }],
      agentRoles: [],
    });
    const bare = userFromWire({ id: "usr_2", email: "b@example.com" }, "x");
    assert.deepEqual(bare, {
      id: "usr_2",
      email: "b@example.com",
      username: "b@example.com",
      apiRoles: [],
      corpusRoles: [],
      agentRoles: [],
    });
  });

  it("refuses a body that is not a user", () => {
    assert.throws(() => userFromWire(null, "GET /v2/users/x"), /GET \/v2\/users\/x/);
    assert.throws(() => userFromWire({ email: "a@example.com" }, "GET /v2/users/x"), /no id/);
    assert.throws(() => usersPageFromWire({ users: {} }, "GET /v2/users"), /not an array/);
  });

  it("falls back to the sent username and email when create answers empty strings", () => {
    const created = createdUserFromWire(
      { id: "usr_3", email: "", username: "", one_time_code: "otc", one_time_code_link: "https://x/otc" },
      "POST /v2/users",
      { email: "c@example.com", username: "carol" },
    );
    assert.equal(created.email, "c@example.com");
    assert.equal(created.username, "carol");
    assert.equal(created.oneTimeCode, "otc");
    assert.equal(created.oneTimeCodeLink, "https://x/otc");
    const noUsername = createdUserFromWire({ id: "usr_4", email: "" }, "POST /v2/users", { email: "d@example.com" });
    assert.equal(noUsername.username, "d@example.com");
  });

  it("reads a page: absent, null and empty page_key all mean the last page", () => {
    assert.deepEqual(usersPageFromWire({ users: [], metadata: { page_key: "k" } }, "x"), { users: [], pageKey: "k" });
    for (const metadata of [undefined, {}, { page_key: null }, { page_key: "" }]) {
      const page = usersPageFromWire({ users: [{ id: "usr_1", email: "a@example.com" }], metadata }, "x");
      assert.equal(page.pageKey, undefined);
      assert.ok(!("pageKey" in page));
      assert.equal(page.users.length, 1);
    }
    assert.deepEqual(usersPageFromWire({}, "x"), { users: [] });
  });

  it("reads reset_password answers, empty or with a code", () => {
    assert.deepEqual(resetPasswordFromWire({}), {});
    assert.deepEqual(resetPasswordFromWire(""), {});
    assert.deepEqual(resetPasswordFromWire({ one_time_code: "c", one_time_code_link: "l", other: 1 }), {
      oneTimeCode: "c",
      oneTimeCodeLink: "l",
    });
  });

  it("reads the error bodies of the spec and OAuth error bodies", () => {
    assert.deepEqual(errorBodyFromWire({ messages: ["bad"], request_id: "r1", field_errors: { email: "invalid", n: 3 } }), {
      messages: ["bad"],
      fieldErrors: { email: "invalid" },
      requestId: "r1",
    });
    const oauth = errorBodyFromWire({ error: "invalid_client", error_description: "Client authentication failed." });
    assert.deepEqual(oauth.messages, ["invalid_client: Client authentication failed."]);
    assert.deepEqual(errorBodyFromWire("<html>bad gateway</html>").messages, []);
    assert.deepEqual(errorBodyFromWire("upstream timeout\nmore").messages, ["upstream timeout"]);
    assert.deepEqual(errorBodyFromWire(undefined), { messages: [], fieldErrors: {} });
  });

  it("builds the token request and reads its answer", () => {
    const form = new URLSearchParams(tokenRequestToWire("my id", "s&e=cret"));
    assert.equal(form.get("grant_type"), "client_credentials");
    assert.equal(form.get("client_id"), "my id");
    assert.equal(form.get("client_secret"), "s&e=cret");
    assert.deepEqual(tokenResponseFromWire({ access_token: "t", token_type: "Bearer", expires_in: 1800, scope: "x" }, "x"), {
      accessToken: "t",
      tokenType: "Bearer",
      expiresIn: 1800,
    });
    assert.deepEqual(tokenResponseFromWire({ access_token: "t" }, "x"), { accessToken: "t" });
    assert.throws(() => tokenResponseFromWire({ token_type: "Bearer" }, "POST token"), /no access_token/);
  });
});
