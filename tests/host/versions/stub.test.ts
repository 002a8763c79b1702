/**
 * The short `__provider` (provider/framework/stub.ts) on the SDK under test: the text the
 * compiled package registers is evaluated by this SDK's own dynamic-provider host, which serves
 * every operation of a VectaraUser and a PasswordReset with it; and state written before it
 * (main's serialized closure, tests/fixtures/state-main-2026-12-07/) keeps working in the same
 * host process beside it. The matrix runs this file on every leg (tools/matrix: the lowest SDK
 * the peer range admits, the newest, and the main suite's).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StateResource } from "../../support/engine-stack";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;
const MAIN_STATE = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "state-main-2026-12-07", "state.json"), "utf8"),
) as { deployment: { resources: StateResource[] } };
/** The `__provider` that main of 2026-12-07 wrote for `type`. */
const mainStub = (type: string) => String(MAIN_STATE.deployment.resources.find((r) => r.type === type)!.outputs!.__provider);

describe(`the short __provider through the provider host of @pulumi/pulumi ${SDK_VERSION}`, function () {
  this.timeout(60_000);
  let stack: ProviderStack;
  before(async () => (stack = await startProviderStack()));
  after(async () => stack?.stop());
  beforeEach(() => stack.emulator.clearLog());

  it("is one line that loads the stable entry point, and nothing else", () => {
    assert.equal(stack.userProvider, 'module.exports=require("pulumi-vectara/providers/user");');
    assert.equal(stack.resetProvider, 'module.exports=require("pulumi-vectara/providers/password-reset");');
  });

  it("serves every operation of a VectaraUser", async () => {
    const urn = stack.userUrn("stub-alice");
    const props = (p: Record<string, unknown>) => withProvider(stack.userProvider, p);
    const checked = await stack.host.check(urn, {}, props({ email: "stub-alice@example.com", apiRoles: ["viewer"] }));
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.__provider, stack.userProvider, "check keeps the text");
    const created = await stack.host.create(urn, checked.inputs);
    assert.match(created.id, /^usr_/);
    assert.equal(created.properties.__provider, stack.userProvider, "the outputs carry it too: refresh and destroy load it from there");
    const changed = await stack.host.check(urn, checked.inputs, props({ email: "stub-alice@example.com", apiRoles: ["administrator"] }));
    const diff = await stack.host.diff(urn, created.id, created.properties, changed.inputs);
    assert.deepEqual([diff.changes, diff.replaces], ["some", []]);
    const updated = await stack.host.update(urn, created.id, created.properties, changed.inputs);
    assert.deepEqual(updated.properties.apiRoles, ["administrator"]);
    const read = await stack.host.read(urn, created.id, updated.properties);
    assert.equal(read.id, created.id);
    await stack.nextRun(); // destroy: a host process of its own, as the engine starts one per command
    await stack.host.delete(urn, created.id, read.properties);
    assert.equal(stack.emulator.getUser("stub-alice@example.com"), undefined);
  });

  it("serves a PasswordReset: one email, secret outputs", async () => {
    stack.emulator.putUser({ email: "stub-bob@example.com" });
    const urn = stack.resetUrn("stub-bob");
    const checked = await stack.host.check(urn, {}, withProvider(stack.resetProvider, { username: "stub-bob@example.com" }));
    assert.deepEqual(checked.failures, []);
    const created = await stack.host.create(urn, checked.inputs);
    assert.match(created.id, /^reset-/);
    assert.equal(stack.emulator.resets.filter((r) => r.username === "stub-bob@example.com").length, 1);
  });

  it("still serves state holding the first one-line text (`exports.handler=()=>require(…).provider;`)", async () => {
    const older = 'exports.handler=()=>require("pulumi-vectara/providers/user").provider;';
    const urn = stack.userUrn("stub-dave");
    const checked = await stack.host.check(urn, {}, withProvider(older, { email: "stub-dave@example.com" }));
    const created = await stack.host.create(urn, checked.inputs);
    assert.equal(created.properties.__provider, older);
    await stack.nextRun(); // refresh and destroy: commands of their own
    const read = await stack.host.read(urn, created.id, created.properties);
    assert.equal(read.id, created.id);
    await stack.host.delete(urn, created.id, read.properties);
    assert.equal(stack.emulator.getUser("stub-dave@example.com"), undefined);
  });

  it("runs beside the serialized closure that main's state holds, in one host process: a preview of an upgrade changes nothing", async () => {
    const oldUser = mainStub("pulumi-nodejs:dynamic/vectara:User");
    assert.ok(oldUser.length > 1000 && oldUser !== stack.userProvider);
    const urn = stack.userUrn("stub-carol");
    const created = await stack.host.create(
      urn,
      (await stack.host.check(urn, {}, withProvider(oldUser, { email: "stub-carol@example.com" }))).inputs,
    );
    // The program now registers the short text; the state still holds the old one.
    const checked = await stack.host.check(
      urn,
      withProvider(oldUser, {}),
      withProvider(stack.userProvider, { email: "stub-carol@example.com" }),
    );
    const diff = await stack.host.diff(urn, created.id, created.properties, checked.inputs);
    assert.equal(diff.changes, "none", "a new __provider is no change");
    const read = await stack.host.read(urn, created.id, created.properties);
    assert.equal(read.properties.__provider, oldUser, "refresh keeps the text in state");
    await stack.nextRun(); // destroy: a command of its own
    await stack.host.delete(urn, created.id, created.properties);
    assert.deepEqual(
      stack.emulator.calls().map((c) => `${c.method} ${c.route}`),
      ["POST createUser", "GET getUser", "GET getUser", "DELETE deleteUser"],
    );
  });
});
