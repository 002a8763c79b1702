import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  OPERATIONS,
  OPERATION_OF_ROUTE,
  SCHEMA_NAMES,
  check,
  fieldErrors,
  requiredRolesOf,
  responseSchemaFor,
  validate,
  VectaraEmulator,
} from "vectara-emulator";
import { SPEC_FILES, extract, readSpecs } from "../../../emulator/scripts/extract-schemas";
import { REPO_ROOT } from "../../../tools/pulumi/engine";
import { call } from "./test-helpers";
import { API_ROLES, AGENT_ROLES, CORPUS_ROLES } from "../../../provider/client";

const SPEC_DIR = path.join(REPO_ROOT, "emulator", "spec");
const SCHEMAS = path.join(REPO_ROOT, "emulator", "schemas.json");

describe("emulator: contract (official schemas)", () => {
  it("schemas.json is what extract-schemas.ts makes of the official spec subsets (emulator/spec/)", function () {
    const committed = JSON.parse(fs.readFileSync(SCHEMAS, "utf8"));
    assert.deepEqual(extract(readSpecs()), committed);
    assert.deepEqual(fs.readdirSync(SPEC_DIR).sort(), [...SPEC_FILES].sort(), "every committed subset is an input");
  });

  it("covers every operation of both subsets, and every emulator route has its operation", () => {
    for (const { spec } of readSpecs()) {
      for (const item of Object.values<any>(spec.paths)) {
        for (const op of Object.values<any>(item)) assert.ok(OPERATIONS[op.operationId as keyof typeof OPERATIONS], op.operationId);
      }
    }
    for (const [route, id] of Object.entries(OPERATION_OF_ROUTE)) assert.ok(OPERATIONS[id], route);
    assert.equal(OPERATIONS.createAppClient.request, "CreateAppClientRequest");
    assert.equal(OPERATIONS.updateApiKey.request, "UpdateApiKeyRequest");
    assert.equal(OPERATIONS.listApiKeys.query, "ListApiKeysQuery");
    assert.deepEqual(OPERATIONS.createApiKey.apiKeyTypes, ["Personal"]);
    assert.equal(OPERATIONS.createUser.apiKeyTypes, undefined);
  });

  it("keeps each subset's own copy of a schema the two define differently (ApiRole), and shares the rest", () => {
    // The access subset's ApiRole lists 8 roles, the users subset's 13: app clients take the 8.
    assert.deepEqual(validate("ApiRole", "viewer"), []);
    assert.equal(validate("access.ApiRole", "viewer").length, 1);
    assert.deepEqual(validate("access.ApiRole", "agent_developer"), []);
    assert.equal(validate("AppClient", { id: "app_1", api_roles: ["viewer"] }).length, 1);
    assert.equal(validate("UpdateAppClientRequest", { api_roles: ["pipeline_viewer"] }).length, 1);
    assert.ok(!SCHEMA_NAMES.includes("access.Error"), "identical schemas are kept once");
  });

  it("names a later subset's differing copy <tag>.<Name>, and renames the schemas that refer to it too", () => {
    const subset = (role: string[]) => ({
      paths: {},
      components: {
        schemas: { Role: { enum: role }, Holder: { properties: { r: { $ref: "#/components/schemas/Role" } } }, Same: { type: "string" } },
      },
    });
    const { definitions } = extract([
      { tag: "first", spec: subset(["a"]) },
      { tag: "second", spec: subset(["a", "b"]) },
    ]);
    assert.deepEqual(Object.keys(definitions), ["Role", "Holder", "Same", "second.Role", "second.Holder"]);
    assert.deepEqual(definitions["second.Holder"], { properties: { r: { $ref: "#/definitions/second.Role" } } });
  });

  it("checks the app client discriminator (type must be client_credentials), which ajv ignores", () => {
    assert.deepEqual(validate("CreateAppClientRequest", { name: "ci", type: "client_credentials" }), []);
    assert.deepEqual(check("CreateAppClientRequest", { name: "ci", type: "authorization_code" }), [
      { field: "type", message: 'must be one of: client_credentials (got "authorization_code")' },
    ]);
    assert.deepEqual(check("CreateAppClientRequest", { type: "client_credentials" }), [{ field: "name", message: "is required" }]);
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
    assert.equal(responseSchemaFor("createAppClient", 201), "AppClient");
    assert.equal(responseSchemaFor("listAppClients", 200), "ListAppClientsResponse");
    assert.equal(responseSchemaFor("getApiKey", 404), "NotFoundError");
    assert.equal(responseSchemaFor("updateApiKey", 400), "BadRequestError");
    assert.equal(responseSchemaFor("deleteApiKey", 204), null);
  });

  it("asks administrator or owner of callers where the spec names no roles (app clients, API keys)", () => {
    assert.deepEqual(OPERATIONS.createAppClient.requiredRoles, []);
    assert.deepEqual(requiredRolesOf("createAppClient"), ["administrator", "owner"]);
    assert.deepEqual(requiredRolesOf("listApiKeys"), ["administrator", "owner"]);
    assert.deepEqual(requiredRolesOf("getUser"), OPERATIONS.getUser.requiredRoles);
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
