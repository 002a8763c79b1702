import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { OPERATIONS, SCHEMA_NAMES, check, fieldErrors, responseSchemaFor, validate, VectaraEmulator } from "vectara-emulator";
import { extract } from "../../../emulator/scripts/extract-schemas";
import { REPO_ROOT } from "../../../tools/pulumi/engine";
import { call } from "./test-helpers";
import { API_ROLES, AGENT_ROLES, CORPUS_ROLES } from "../../../provider/client/types";

const SPEC = path.join(REPO_ROOT, "emulator", "spec", "openapi-users.json");
const SCHEMAS = path.join(REPO_ROOT, "emulator", "schemas.json");

describe("emulator: contract (official schemas)", () => {
  it("schemas.json is what extract-schemas.ts makes of the official spec (emulator/spec/)", function () {
    const committed = JSON.parse(fs.readFileSync(SCHEMAS, "utf8"));
    assert.deepEqual(extract(JSON.parse(fs.readFileSync(SPEC, "utf8"))), committed);
  });

  it("keeps no prose keys", () => {
    const text = fs.readFileSync(SCHEMAS, "utf8");
    assert.doesNotMatch(text, /"(example|title|x-[a-z-]+)":/);
    assert.doesNotMatch(text, /#\/components\//);
  });

  it("compiles every schema", () => {
    for (const name of SCHEMA_NAMES) assert.ok(Array.isArray(validate(name, {})), name);
    assert.throws(() => validate("NoSuchSchema", {}), /unknown schema/);
  });

  it("agrees with the provider's role lists (a mismatch means one of them is wrong)", () => {
    for (const r of API_ROLES) assert.deepEqual(validate("ApiRole", r), [], r);
    for (const r of CORPUS_ROLES) assert.deepEqual(validate("CorpusRole", { corpus_key: "c", role: r }), [], r);
    for (const r of AGENT_ROLES) assert.deepEqual(validate("AgentRole", { agent_key: "a", role: r }), [], r);
    assert.equal(validate("ApiRole", "corpus_admin").length, 1);
  });

  it("reports readable field paths", () => {
    assert.deepEqual(check("CreateUserRequest", { corpus_roles: [{ corpus_key: 1, role: "viewer" }] }), [
      { field: "email", message: "is required" },
      { field: "corpus_roles[0].corpus_key", message: "must be string (got 1)" },
    ]);
    assert.deepEqual(fieldErrors("UpdateUserRequest", "x"), { body: 'must be object (got "x")' });
    assert.deepEqual(validate("User", { id: "usr_1", email: "a@b.co", created_at: "yesterday" }), [
      'created_at: must match format "date-time" (got "yesterday")',
    ]);
  });

  it("knows which schema each response must follow", () => {
    assert.equal(responseSchemaFor("createUser", 201), "CreateUserResponse");
    assert.equal(responseSchemaFor("listUsers", 200), "ListUsersResponse");
    assert.equal(responseSchemaFor("resetPassword", 200), "ResetUserPasswordResponse");
    assert.equal(responseSchemaFor("deleteUser", 204), null);
    assert.equal(responseSchemaFor("getUser", 404), "NotFoundError");
    assert.equal(responseSchemaFor("listUsers", 400), "BadRequestError");
    assert.equal(responseSchemaFor("createUser", 409), "Error");
    assert.equal(responseSchemaFor("token", 200), "GetTokenResponse");
    assert.deepEqual(OPERATIONS.getUser.requiredRoles.includes("viewer"), true);
    assert.deepEqual(OPERATIONS.createUser.requiredRoles, ["administrator", "owner"]);
  });
});

describe("emulator: response checking", () => {
  it("records a response that breaks the official schema (so an empty list means something)", async () => {
    const emu = await VectaraEmulator.start();
    try {
      emu.putUser({ email: "legacy@example.com", api_roles: ["corpus_admin"] });
      assert.equal((await call(emu, "GET", "/v2/users/legacy%40example.com")).status, 200);
      assert.deepEqual(emu.responseSchemaErrors, [
        "GET /v2/users/legacy%40example.com 200: api_roles[0]: must be one of: " +
          "owner, administrator, billing_administrator, corpus_administrator, corpus_developer, agent_administrator, " +
          'agent_viewer, agent_developer, agent_user, pipeline_administrator, pipeline_viewer, viewer, corpus_viewer (got "corpus_admin")',
      ]);
    } finally {
      await emu.stop();
    }
  });
});
