/**
 * PasswordReset through the SDK's real provider host against the emulator: one email per
 * create, none on diff, delete or preview; replacement is the trigger.
 */
import assert from "node:assert/strict";
import { diffReset, isDue } from "../../../provider/resources/password-reset/diff";
import { HostError, UNKNOWN, type Props } from "../../support/host";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const DAY = 24 * 60 * 60 * 1000;

describe("PasswordReset through the provider host", function () {
  this.timeout(30000);
  let stack: ProviderStack;
  let userId: string;
  const urn = () => stack.resetUrn("alice-reset");
  const program = (props: Props) => withProvider(stack.resetProvider, props);

  before(async () => {
    stack = await startProviderStack();
    userId = stack.emulator.putUser({ email: "alice@example.com" }).id;
  });
  after(async () => stack?.stop());
  beforeEach(() => stack.emulator.clearLog());

  it("create sends exactly one reset, to that user, and returns the code fields", async () => {
    const { inputs, failures } = await stack.host.check(
      urn(),
      {},
      program({ username: "alice@example.com", userId, triggers: { wave: 1 } }),
    );
    assert.deepEqual(failures, []);
    assert.deepEqual(stack.emulator.calls(), [], "check is free");
    const created = await stack.host.create(urn(), inputs);
    assert.deepEqual(
      stack.emulator.resets.map((r) => r.username),
      ["alice@example.com"],
    );
    assert.deepEqual(
      stack.emulator.calls().map((c) => `${c.method} ${c.route}`),
      ["GET getUser", "POST resetPassword"],
      "a GET makes sure the username is still that userId",
    );
    assert.ok(Date.parse(String(created.properties.resetAt)) > Date.now() - 60_000);
    assert.equal(typeof created.properties.oneTimeCode, "string", "the resource marks it secret (additionalSecretOutputs)");
    assert.deepEqual(created.properties.triggers, { wave: 1 });
  });

  it("state's inputs leave out the options at their default; the outputs hold every property, and older state diffs clean", async () => {
    const { inputs, failures } = await stack.host.check(urn(), {}, program({ username: "alice@example.com", userId, triggers: {} }));
    assert.deepEqual(failures, []);
    assert.deepEqual(Object.keys(inputs).sort(), ["__provider", "userId", "username"], "triggers {} and rotateAfterDays 0 are left out");
    const created = await stack.host.create(urn(), inputs);
    assert.deepEqual([created.properties.triggers, created.properties.rotateAfterDays], [{}, 0], "the outputs still hold them");
    // State written before (main, 0.1.0) holds both, as outputs and inputs: no change, no reset.
    const older = { ...created.properties, triggers: {}, rotateAfterDays: 0 };
    assert.equal((await stack.host.diff(urn(), created.id, older, inputs)).changes, "none");
    const given = await stack.host.check(urn(), {}, program({ username: "alice@example.com", userId, rotateAfterDays: 30 }));
    assert.equal(given.inputs.rotateAfterDays, 30, "a value other than the default stays");
  });

  it("diff: the same inputs change nothing; a trigger or user change replaces; no call either way", async () => {
    const olds = { username: "alice@example.com", userId, triggers: { wave: 1 }, rotateAfterDays: 0, resetAt: new Date().toISOString() };
    const same = await stack.host.diff(
      urn(),
      "reset-1",
      olds,
      program({ username: "alice@example.com", userId, triggers: { wave: 1 }, rotateAfterDays: 0 }),
    );
    assert.equal(same.changes, "none");
    const trigger = await stack.host.diff(
      urn(),
      "reset-1",
      olds,
      program({ username: "alice@example.com", userId, triggers: { wave: 2 }, rotateAfterDays: 0 }),
    );
    assert.deepEqual([trigger.changes, trigger.replaces, trigger.deleteBeforeReplace], ["some", ["triggers"], false]);
    const recreated = await stack.host.diff(
      urn(),
      "reset-1",
      olds,
      program({ username: "alice@example.com", userId: UNKNOWN, triggers: { wave: 1 }, rotateAfterDays: 0 }),
    );
    assert.deepEqual(recreated.replaces, ["userId"], "a user being replaced has an unknown id in preview");
    assert.deepEqual(stack.emulator.calls(), []);
  });

  it("diff asks for a replacement once the last reset is older than rotateAfterDays", async () => {
    const news = program({ username: "alice@example.com", userId, triggers: {}, rotateAfterDays: 30 });
    const old = { username: "alice@example.com", userId, triggers: {}, rotateAfterDays: 30 };
    const due = await stack.host.diff(urn(), "r", { ...old, resetAt: new Date(Date.now() - 31 * DAY).toISOString() }, news);
    assert.deepEqual([due.changes, due.replaces], ["some", ["resetAt"]]);
    const young = await stack.host.diff(urn(), "r", { ...old, resetAt: new Date(Date.now() - 29 * DAY).toISOString() }, news);
    assert.equal(young.changes, "none");
  });

  it("delete sends nothing (an email cannot be unsent)", async () => {
    await stack.host.delete(
      urn(),
      "reset-1",
      program({ username: "alice@example.com", userId, triggers: {}, rotateAfterDays: 0, resetAt: new Date().toISOString() }),
    );
    assert.deepEqual(stack.emulator.calls(), []);
  });

  it("a reset for a user that does not exist fails with an error naming the user", async () => {
    const { inputs } = await stack.host.check(urn(), {}, program({ username: "nobody@example.com" }));
    await assert.rejects(stack.host.create(urn(), inputs), (e: HostError) => {
      assert.match(e.message, /Vectara user "nobody@example.com" does not exist/);
      return true;
    });
    assert.equal(stack.emulator.resets.filter((r) => r.username === "nobody@example.com").length, 0);
  });

  it("check refuses bad inputs before any call", async () => {
    const { failures } = await stack.host.check(
      urn(),
      {},
      program({ username: "..", userId: "alice", triggers: "x", rotateAfterDays: -1 }),
    );
    assert.deepEqual(failures.map((f) => f.property).sort(), ["rotateAfterDays", "triggers", "userId", "username"]);
    assert.deepEqual(stack.emulator.calls(), []);
  });
});

describe("rotation (pure)", () => {
  const now = Date.parse("2026-11-28T12:00:00Z");
  const base = { username: "u", userId: "usr_1", triggers: {}, rotateAfterDays: 7 };
  it("is due at or after the period, not before", () => {
    assert.equal(isDue("2026-11-21T12:00:00Z", 7, now), true);
    assert.equal(isDue("2026-11-21T12:00:01Z", 7, now), false);
    assert.equal(isDue("not a time", 7, now), true);
  });
  it("only when rotateAfterDays is set", () => {
    assert.equal(
      diffReset({ ...base, resetAt: "2020-01-01T00:00:00Z", rotateAfterDays: 0 }, { ...base, rotateAfterDays: 0 }, now).changes,
      false,
    );
    assert.deepEqual(diffReset({ ...base, resetAt: "2020-01-01T00:00:00Z" }, base, now).replaces, ["resetAt"]);
  });
  it("trigger maps compare by value, not key order", () => {
    const olds = { ...base, triggers: { a: 1, b: [1, 2] }, resetAt: "2026-11-28T00:00:00Z" };
    assert.equal(diffReset(olds, { ...base, triggers: { b: [1, 2], a: 1 } }, now).changes, false);
    assert.equal(diffReset(olds, { ...base, triggers: { b: [2, 1], a: 1 } }, now).changes, true);
  });
});
