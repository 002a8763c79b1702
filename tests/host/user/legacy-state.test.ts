/**
 * State written by pulumi-vectara 0.1.0 keeps working. Its `__provider` (tests/fixtures/
 * state-0.1.0/, captured from the compiled 0.1.0 package with the SDK's serializer, as
 * `dynamic.Resource` does) loads `pulumi-vectara/dist/user/operations.js` and
 * `…/dist/password-reset/operations.js` at run time: package.json keeps those two paths as
 * aliases of the stable entry points `pulumi-vectara/providers/*`. Every operation runs through
 * the SDK's provider host with that old text, against the emulator.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { HostError, Props } from "../../support/host";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "state-0.1.0");
const OLD_USER_PROVIDER = fs.readFileSync(path.join(FIXTURES, "user-provider.js"), "utf8");
const OLD_RESET_PROVIDER = fs.readFileSync(path.join(FIXTURES, "password-reset-provider.js"), "utf8");
const OLD_STATE = JSON.parse(fs.readFileSync(path.join(FIXTURES, "state.json"), "utf8")) as {
  user: { id: string; inputs: Props; outputs: Props };
  passwordReset: { id: string; inputs: Props; outputs: Props };
};

const calls = (stack: ProviderStack) => stack.emulator.calls().map((c) => `${c.method} ${c.route}`);

describe("state written by 0.1.0", function () {
  this.timeout(30000);
  let stack: ProviderStack;
  before(async () => (stack = await startProviderStack()));
  after(async () => stack?.stop());
  beforeEach(() => stack.emulator.clearLog());

  it("the fixture is 0.1.0's text: it loads the legacy paths, which resolve to the stable entry points", () => {
    assert.match(OLD_USER_PROVIDER, /modulePath: "pulumi-vectara\/dist\/user\/operations\.js"/);
    assert.match(OLD_RESET_PROVIDER, /modulePath: "pulumi-vectara\/dist\/password-reset\/operations\.js"/);
    assert.equal(require.resolve("pulumi-vectara/dist/user/operations.js"), require.resolve("pulumi-vectara/providers/user"));
    assert.equal(
      require.resolve("pulumi-vectara/dist/password-reset/operations.js"),
      require.resolve("pulumi-vectara/providers/password-reset"),
    );
  });

  it("VectaraUser: check, create, diff, read, update and delete all run with the old __provider", async () => {
    const urn = stack.userUrn("legacy-alice");
    const old = (props: Props) => withProvider(OLD_USER_PROVIDER, props);

    const checked = await stack.host.check(urn, {}, old({ email: "legacy-alice@example.com", apiRoles: ["viewer"] }));
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.username, "legacy-alice@example.com");

    const created = await stack.host.create(urn, checked.inputs);
    assert.match(created.id, /^usr_/);
    assert.deepEqual(created.properties.apiRoles, ["viewer"]);

    const same = await stack.host.diff(urn, created.id, created.properties, checked.inputs);
    assert.equal(same.changes, "none");

    const read = await stack.host.read(urn, created.id, created.properties);
    assert.equal(read.id, created.id);
    assert.equal(read.properties.email, "legacy-alice@example.com");

    const changed = await stack.host.check(urn, checked.inputs, old({ email: "legacy-alice@example.com", apiRoles: ["administrator"] }));
    const diff = await stack.host.diff(urn, created.id, read.properties, changed.inputs);
    assert.deepEqual([diff.changes, diff.replaces], ["some", []]);
    const updated = await stack.host.update(urn, created.id, read.properties, changed.inputs);
    assert.deepEqual(updated.properties.apiRoles, ["administrator"]);

    await stack.nextRun(); // destroy: a command of its own
    await stack.host.delete(urn, created.id, updated.properties);
    assert.deepEqual(calls(stack), [
      "POST createUser",
      "GET getUser",
      "GET getUser",
      "PATCH updateUser",
      "GET getUser",
      "DELETE deleteUser",
    ]);
    assert.equal(stack.emulator.getUser("legacy-alice@example.com"), undefined);
  });

  it("VectaraUser state captured from 0.1.0: refresh and a no-op preview on the new package, then an update and a destroy", async () => {
    const { id, outputs } = OLD_STATE.user;
    stack.emulator.putUser({
      id,
      email: String(outputs.email),
      username: String(outputs.username),
      description: String(outputs.description),
      api_roles: outputs.apiRoles as never,
      corpus_roles: [{ corpus_key: "handbook", role: "editor" }],
      agent_roles: [{ agent_key: "helper", role: "agent_user" }],
    });
    const urn = stack.userUrn("alice");
    const state = withProvider(OLD_USER_PROVIDER, outputs);

    const refreshed = await stack.host.read(urn, id, state); // refresh runs the text stored in state
    assert.equal(refreshed.id, id);

    // The program, now on the new package, declares the same user: nothing to do.
    const program = (props: Props) => withProvider(stack.userProvider, props);
    const declared = {
      email: outputs.email,
      description: outputs.description,
      apiRoles: outputs.apiRoles,
      corpusRoles: outputs.corpusRoles,
      agentRoles: outputs.agentRoles,
    };
    const checked = await stack.host.check(urn, withProvider(OLD_USER_PROVIDER, OLD_STATE.user.inputs), program(declared));
    const diff = await stack.host.diff(urn, id, refreshed.properties, checked.inputs);
    assert.equal(diff.changes, "none", "state written by 0.1.0 compares equal to the same program");

    const changed = await stack.host.check(urn, checked.inputs, program({ ...declared, enabled: false }));
    const updated = await stack.host.update(urn, id, refreshed.properties, changed.inputs);
    assert.equal(updated.properties.enabled, false);

    await stack.nextRun();
    await stack.host.delete(urn, id, state); // destroy runs the text stored in state, too
    assert.deepEqual(calls(stack), ["GET getUser", "GET getUser", "PATCH updateUser", "GET getUser", "DELETE deleteUser"]);
    assert.equal(stack.emulator.getUser(String(outputs.username)), undefined);
  });

  it("PasswordReset: check, create, diff, read and delete run with the old __provider", async () => {
    const { id, outputs } = OLD_STATE.passwordReset;
    stack.emulator.putUser({ id: String(outputs.userId), email: String(outputs.username) });
    const urn = stack.resetUrn("alice-password");
    const old = (props: Props) => withProvider(OLD_RESET_PROVIDER, props);

    const read = await stack.host.read(urn, id, old(outputs));
    assert.equal(read.id, id);
    const checked = await stack.host.check(urn, {}, old(OLD_STATE.passwordReset.inputs));
    assert.deepEqual(checked.failures, []);
    const same = await stack.host.diff(urn, id, old({ ...outputs, resetAt: new Date().toISOString() }), checked.inputs);
    assert.equal(same.changes, "none");

    const wave2 = await stack.host.check(urn, checked.inputs, old({ ...OLD_STATE.passwordReset.inputs, triggers: { wave: "2" } }));
    const diff = await stack.host.diff(urn, id, old(outputs), wave2.inputs);
    assert.deepEqual(diff.replaces, ["triggers"]);
    const created = await stack.host.create(urn, wave2.inputs);
    assert.match(created.id, /^reset-/);
    await stack.host.delete(urn, id, old(outputs));
    assert.deepEqual(
      calls(stack),
      ["GET getUser", "POST resetPassword"],
      "one email for the replacement, after making sure the user is the one of the old userId; read and delete send nothing",
    );
  });

  it("a __provider naming any other module of the package no longer loads: there is no wildcard export", async () => {
    const internal = OLD_USER_PROVIDER.replace("pulumi-vectara/dist/user/operations.js", "pulumi-vectara/dist/user/check.js");
    await assert.rejects(stack.host.check(stack.userUrn("x"), {}, withProvider(internal, { email: "x@example.com" })), (e: HostError) => {
      assert.match(e.message, /not defined by "exports"|ERR_PACKAGE_PATH_NOT_EXPORTED/);
      return true;
    });
  });
});
