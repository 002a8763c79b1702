/**
 * VectaraUser through the SDK's real provider host, driven over gRPC exactly as the engine
 * drives it, against the emulator. Each step asserts the exact API calls it made.
 */
import assert from "node:assert/strict";
import type { Props } from "../../support/host";
import { describeStory } from "../../support/story";
import { startProviderStack, withProvider, withoutProvider, type ProviderStack } from "../../support/stack";

const calls = (stack: ProviderStack) => stack.emulator.calls().map((c) => `${c.method} ${c.route}`);

describeStory("VectaraUser lifecycle through the provider host", function (story) {
  this.timeout(30000);
  let stack: ProviderStack;
  let urn: string;
  let state: Props; // what the engine would hold: the last outputs
  let inputs: Props; // the last checked inputs

  const program = (props: Props) => withProvider(stack.userProvider, props);

  before(async () => {
    stack = await startProviderStack();
    urn = stack.userUrn("alice");
  });
  after(async () => stack?.stop());
  story.beforeEachStep(() => stack.emulator.clearLog());

  story.step("Check applies defaults, leaves the lean ones out of state's inputs, and makes no API call", async () => {
    const checked = await stack.host.check(urn, {}, program({ email: "alice@example.com", apiRoles: ["viewer"] }));
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.username, "alice@example.com");
    assert.deepEqual(checked.inputs.corpusRoles, []);
    // At their default, these are left out (fewer properties per resource for the engine);
    // create and update get them back, and the outputs hold them (next step).
    for (const lean of ["description", "agentRoles", "enabled", "adoptExisting"]) assert.ok(!(lean in checked.inputs), lean);
    inputs = checked.inputs;
    assert.deepEqual(calls(stack), []);
  });

  story.step("Create makes exactly one POST and returns the user", async () => {
    const created = await stack.host.create(urn, inputs);
    state = created.properties;
    assert.match(created.id, /^usr_/);
    assert.equal(state.userId, created.id);
    assert.equal(state.username, "alice@example.com");
    assert.deepEqual(state.apiRoles, ["viewer"]);
    assert.deepEqual([state.description, state.agentRoles, state.enabled, state.adoptExisting], ["", [], true, false]);
    assert.equal(state.enabled, true);
    assert.ok(state.createdAt && state.updatedAt);
    assert.deepEqual(calls(stack), ["POST createUser"]);
    assert.equal(stack.emulator.users().length, 1);
  });

  story.step("Diff with the same program reports no change and makes no API call", async () => {
    const checked = await stack.host.check(urn, inputs, program({ email: "alice@example.com", apiRoles: ["viewer"] }));
    const diff = await stack.host.diff(urn, String(state.userId), state, checked.inputs);
    assert.equal(diff.changes, "none");
    assert.deepEqual(calls(stack), []);
  });

  story.step(
    "roles, description and enabled update in place: a GET making sure the user is still ours, then one PATCH of just those fields",
    async () => {
      const checked = await stack.host.check(
        urn,
        inputs,
        program({
          email: "alice@example.com",
          apiRoles: ["administrator"],
          description: "platform team",
          enabled: false,
          corpusRoles: [{ corpusKey: "docs", role: "editor" }],
        }),
      );
      const diff = await stack.host.diff(urn, String(state.userId), state, checked.inputs);
      assert.equal(diff.changes, "some");
      assert.deepEqual(diff.replaces, []);
      assert.deepEqual(calls(stack), [], "diff is free");

      const updated = await stack.host.update(urn, String(state.userId), state, checked.inputs);
      assert.deepEqual(calls(stack), ["GET getUser", "PATCH updateUser"]);
      const patch = stack.emulator.calls("updateUser")[0].body as Record<string, unknown>;
      assert.deepEqual(Object.keys(patch).sort(), ["api_roles", "corpus_roles", "description", "enabled"]);
      assert.equal(updated.properties.enabled, false);
      assert.equal(updated.properties.description, "platform team");
      assert.deepEqual(stack.emulator.getUser("alice@example.com")?.corpus_roles, [{ corpus_key: "docs", role: "editor" }]);
      state = updated.properties;
      inputs = checked.inputs;
    },
  );

  story.step("role order does not matter", async () => {
    stack.emulator.putUser({ ...stack.emulator.getUser("alice@example.com")!, api_roles: ["administrator", "viewer"] });
    const refreshed = await stack.host.read(urn, String(state.userId), state);
    const checked = await stack.host.check(urn, inputs, program({ ...withoutProvider(inputs), apiRoles: ["viewer", "administrator"] }));
    const diff = await stack.host.diff(urn, String(state.userId), refreshed.properties, checked.inputs);
    assert.equal(diff.changes, "none");
    state = refreshed.properties;
    inputs = checked.inputs;
  });

  story.step("an email change is a delete-before-replace, and costs nothing to preview", async () => {
    await stack.nextRun(); // a later `pulumi up`: a provider host of its own
    const checked = await stack.host.check(
      urn,
      inputs,
      program({ ...withoutProvider(inputs, "username"), email: "alice@new.example.com" }),
    );
    assert.equal(checked.inputs.username, "alice@new.example.com", "username follows the email when not set");
    const diff = await stack.host.diff(urn, String(state.userId), state, checked.inputs);
    assert.equal(diff.changes, "some");
    assert.deepEqual([...diff.replaces].sort(), ["email", "username"]);
    assert.equal(diff.deleteBeforeReplace, true);
    assert.deepEqual(calls(stack), []);

    // The engine's delete-before-replace: Delete the old, then Create the new.
    await stack.host.delete(urn, String(state.userId), state);
    const created = await stack.host.create(urn, checked.inputs);
    assert.deepEqual(
      calls(stack),
      ["GET getUser", "DELETE deleteUser", "POST createUser", "PATCH updateUser"],
      "create PATCHes enabled=false once",
    );
    assert.deepEqual(
      stack.emulator.users().map((u) => u.email),
      ["alice@new.example.com"],
    );
    state = created.properties;
    inputs = checked.inputs;
    assert.equal(state.enabled, false);
  });

  story.step("Read after an out-of-band change shows the drift in props and inputs", async () => {
    const user = stack.emulator.getUser("alice@new.example.com")!;
    stack.emulator.putUser({ ...user, description: "edited in the console", api_roles: ["viewer"] });
    stack.emulator.clearLog();
    const read = await stack.host.read(urn, String(state.userId), state);
    assert.deepEqual(calls(stack), ["GET getUser"]);
    assert.equal(read.id, state.userId);
    assert.equal(read.properties.description, "edited in the console");
    assert.deepEqual(read.properties.apiRoles, ["viewer"]);
    assert.equal(read.inputs?.description, "edited in the console");
    // The next preview diffs the program against the refreshed state: drift shows as an update.
    const diff = await stack.host.diff(urn, String(read.id), read.properties, inputs);
    assert.equal(diff.changes, "some");
    assert.deepEqual(diff.replaces, []);
    state = read.properties;
  });

  story.step("Read after an out-of-band delete reports the user gone", async () => {
    stack.emulator.removeUser("alice@new.example.com");
    stack.emulator.clearLog();
    const read = await stack.host.read(urn, String(state.userId), state);
    assert.equal(read.id, "");
    assert.deepEqual(calls(stack), ["GET getUser"]);
  });

  story.step(
    "Delete: a GET making sure the user is still ours, then one DELETE; deleting an already deleted user succeeds with the GET alone",
    async () => {
      const checked = await stack.host.check(urn, {}, program({ email: "bob@example.com" }));
      const created = await stack.host.create(urn, checked.inputs);
      stack.emulator.clearLog();
      await stack.host.delete(urn, created.id, created.properties);
      assert.deepEqual(calls(stack), ["GET getUser", "DELETE deleteUser"]);
      assert.equal(stack.emulator.getUser("bob@example.com"), undefined);
      stack.emulator.clearLog();
      await stack.host.delete(urn, created.id, created.properties);
      assert.deepEqual(calls(stack), ["GET getUser"]);
    },
  );

  story.step("Check reports bad input with the property and value, and makes no API call", async () => {
    const checked = await stack.host.check(urn, {}, program({ email: "not-an-email", apiRoles: ["corpus_admin"] }));
    const byProperty = Object.fromEntries(checked.failures.map((f) => [f.property, f.reason]));
    assert.match(byProperty.email, /not-an-email/);
    assert.match(Object.entries(byProperty).find(([p]) => p.startsWith("apiRoles"))![1], /corpus_administrator/);
    assert.deepEqual(calls(stack), []);
  });
});
