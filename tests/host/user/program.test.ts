/**
 * A Pulumi program using the compiled package, under the SDK's mocks: what the resource
 * registers, and what it stores in state as `__provider`.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { compiledStub } from "../../support/stack";

const SECRET_KEY = "zut_PROGRAM_TEST_KEY_DO_NOT_LEAK_9191";
const registrations: pulumi.runtime.MockResourceArgs[] = [];

describe("VectaraUser in a program (mocks)", () => {
  let pkg: typeof import("pulumi-vectara");

  before(async () => {
    process.env.VECTARA_API_KEY = SECRET_KEY;
    pulumi.runtime.setAllConfig({ "vectara:apiKey": SECRET_KEY }, ["vectara:apiKey"]);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registrations.push(args);
          return { id: `${args.name}-id`, state: { ...args.inputs, userId: "usr_mock" } };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    pkg = require("pulumi-vectara");
  });
  after(() => {
    delete process.env.VECTARA_API_KEY;
  });

  it("registers with the dynamic type token and the declared inputs", async () => {
    const user = new pkg.VectaraUser("alice", {
      email: "alice@example.com",
      apiRoles: ["administrator"],
      corpusRoles: [{ corpusKey: "docs", role: "viewer" }],
    });
    assert.equal(await new Promise((resolve) => user.userId.apply(resolve)), "usr_mock");
    const reg = registrations.find((r) => r.name === "alice")!;
    assert.equal(reg.type, "pulumi-nodejs:dynamic/vectara:User");
    assert.equal(reg.custom, true);
    assert.equal(reg.inputs.email, "alice@example.com");
    assert.deepEqual(reg.inputs.apiRoles, ["administrator"]);
    assert.deepEqual(reg.inputs.corpusRoles, [{ corpusKey: "docs", role: "viewer" }]);
    assert.equal(reg.inputs.username, undefined, "defaults are applied by check, not the program");
  });

  it("stores a small stub as __provider: no credential, no client code, under 100 bytes", () => {
    const provider: string = registrations.find((r) => r.name === "alice")!.inputs.__provider;
    assert.ok(provider.length > 0);
    assert.ok(provider.length <= 100, `__provider is ${provider.length} bytes`);
    assert.ok(!provider.includes(SECRET_KEY), "the API key must not reach state");
    for (const code of ["axios", "UsersClient", "x-api-key", "oauth2", "createOrAdopt"]) {
      assert.ok(!provider.includes(code), `__provider holds "${code}"`);
    }
    assert.match(provider, /"pulumi-vectara\/providers\/user"/);
  });

  it("stores the text of the compiled framework's stub (what tests/host/versions/stub.test.ts runs through the host)", () => {
    const registered = (name: string) => registrations.find((r) => r.name === name)!.inputs.__provider;
    assert.equal(registered("alice"), compiledStub("user"));
    new pkg.PasswordReset("alice-reset", { username: "alice@example.com" });
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      assert.equal(registered("alice-reset"), compiledStub("password-reset")),
    );
  });
});
