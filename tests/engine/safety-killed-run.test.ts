/**
 * Issue 11, part 2 (a run killed mid-create), through the real Pulumi CLI: `pulumi up` is
 * SIGKILLed while its creates are in flight. What the engine does next, step by step, and the
 * recovery the README and the 409 message give (exactly these commands): `pulumi cancel`,
 * `pulumi config set vectara:adoptExactMatches true` and `pulumi up`, then `pulumi refresh
 * --clear-pending-creates` for the engine's warning. (safety-killed-host.test.ts: the provider
 * host killed instead, which leaves no lock and nothing pending.) Deterministic: the kill
 * waits until every POST reached the emulator (its log), each held by a delay, and the checks
 * wait until each POST acted.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { VectaraEmulator } from "vectara-emulator";
import { eventually } from "../support/wait";
import { vectaraSteps, type EngineStack, describeEngineStory } from "../support/engine";
import { openSafetyStack, pendingOperations, pulumiCli, stateUsers, type DeclaredUser } from "./safety-support";

const USERS: DeclaredUser[] = Array.from({ length: 6 }, (_, i) => ({ name: `u${i}`, email: `u${i}@example.com` }));
const HOLD_MS = 1500; // each POST waits this long before acting: they are all in flight at the kill

/** This process's `pulumi up` (the Automation API's child). */
function pulumiUpProcess(): number {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" });
  const line = out.split("\n").find((l) => /\/pulumi up /.test(l));
  assert.ok(line, `no pulumi up among this process's children:\n${out}`);
  return Number(line.trim().split(/\s+/)[0]);
}

describeEngineStory("a `pulumi up` killed while its creates are in flight, and the recovery the README gives", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let orphans: number[] = [];

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openSafetyStack(emulator, USERS);
  });
  after(async () => {
    for (const pid of orphans) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await emulator?.stop();
  });

  story.step("SIGKILL once every POST arrived: the users exist, state does not know them, the creates stay pending", async () => {
    emulator.inject("createUser", { kind: "delay", ms: HOLD_MS, times: USERS.length });
    const run = stack.up({ parallel: USERS.length });
    await eventually(() => emulator.calls("createUser").length === USERS.length, "every POST reached the emulator", 60_000);
    const cli = pulumiUpProcess();
    // The provider host the CLI started outlives it (it is nobody's child then): ended after the checks.
    orphans = stack.providerHostPids();
    assert.equal(orphans.length, 1, "one provider host serves the run");
    process.kill(cli, "SIGKILL");
    const killed = await run;
    assert.match(killed.error ?? "", /SIGKILL/);
    await eventually(() => emulator.calls("createUser").every((c) => c.status !== 0), "every POST acted", 60_000);
    assert.deepEqual(stack.providerHostPids(), orphans, "the host is still running after the CLI died");
    for (const pid of orphans) process.kill(pid, "SIGKILL");

    assert.equal(emulator.users().length, USERS.length, "each POST acted, once");
    const inState = await stateUsers(stack);
    const pending = await pendingOperations(stack);
    assert.equal(inState.length + pending.length, USERS.length, "each user is in state or a pending create");
    assert.ok(pending.length > 0, "creates were cut off");
    assert.ok(pending.every((op) => op.type === "creating"));
  });

  story.step("the next up: the stack is locked, and the engine says `pulumi cancel`", async () => {
    const run = await stack.up();
    assert.match(run.error ?? "", /the stack is currently locked .* `pulumi cancel`/s);
  });

  story.step("after `pulumi cancel`: up warns of the pending creates, POSTs again, and each 409 names the recovery", async () => {
    assert.equal((await pulumiCli(stack, ["cancel", "--yes"])).error, undefined);
    const pending = await pendingOperations(stack);
    emulator.clearLog();
    const run = await stack.up();
    assert.ok(run.error);
    assert.match(
      run.error,
      new RegExp(`Attempting to deploy or update resources with ${pending.length} pending operations from previous deployment`),
    );
    // The engine stops starting creates at the first failure: each 409 is one of the pending creates.
    const named = new Set([...run.error.matchAll(/Vectara user "(u\d)@example\.com" already exists \(409\)/g)].map((m) => m[1]));
    assert.ok(named.size > 0, "a pending create met its user");
    for (const name of named)
      assert.ok(
        pending.some((op) => op.name === name),
        `${name} is a pending create`,
      );
    assert.match(
      run.error,
      /\(3\) An earlier `pulumi up` was interrupted.*`pulumi cancel`.*`pulumi config set vectara:adoptExactMatches true` and `pulumi up`/s,
    );
    assert.equal(emulator.calls("createUser").filter((c) => c.status === 201).length, 0, "no user created twice");
    assert.equal((await pendingOperations(stack)).length, pending.length, "the pending creates stay until cleared");
  });

  story.step("`pulumi refresh --import-pending-creates <urn> <id>` does not import: it only drops that pending create", async () => {
    const [first, ...rest] = await pendingOperations(stack);
    const user = emulator.getUser(`${first.name}@example.com`)!;
    const before = (await stateUsers(stack)).length;
    emulator.clearLog();
    const refresh = await pulumiCli(stack, [
      "refresh",
      "--yes",
      "--skip-preview",
      "--import-pending-creates",
      first.urn,
      "--import-pending-creates",
      user.id,
    ]);
    assert.equal(refresh.error, undefined, refresh.error);
    assert.deepEqual(
      (await pendingOperations(stack)).map((op) => op.name),
      rest.map((op) => op.name),
    );
    assert.equal((await stateUsers(stack)).length, before, `${first.name} did not enter state`);
    assert.equal(
      emulator.calls("getUser").filter((c) => c.username === first.name + "@example.com").length,
      0,
      "the provider was never asked to read it",
    );
  });

  story.step(
    "the recovery: `pulumi config set vectara:adoptExactMatches true` and `pulumi up`: every user in state, none created twice; `pulumi refresh --clear-pending-creates` then clears the engine's warning",
    async () => {
      await stack.setConfig("vectara:adoptExactMatches", "true");
      emulator.clearLog();
      const run = await stack.up();
      assert.equal(run.error, undefined, run.error);
      assert.deepEqual(emulator.calls("createUser"), [], "each create looks first and takes its user over: no POST");
      assert.deepEqual(emulator.calls("deleteUser"), []);
      const state = await stateUsers(stack);
      assert.equal(state.length, USERS.length);
      for (const user of emulator.users()) {
        assert.equal(state.find((r) => r.outputs.email === user.email)?.outputs.userId, user.id, `${user.email}: state and Vectara agree`);
      }
      assert.equal(emulator.users().length, USERS.length, "exactly one user each");

      // The engine keeps the pending creates (and warns of them on every run) until they are cleared.
      assert.ok((await pendingOperations(stack)).length > 0);
      const refresh = await stack.refresh({ clearPendingCreates: true });
      assert.equal(refresh.error, undefined, refresh.error);
      assert.deepEqual(await pendingOperations(stack), []);

      // The setting can go again: the stack is at rest.
      await stack.stack.removeConfig("vectara:adoptExactMatches");
      emulator.clearLog();
      const after = await stack.up();
      assert.equal(after.error, undefined, after.error);
      assert.doesNotMatch(after.stdout, /pending operations/);
      assert.deepEqual(vectaraSteps(after), []);
      assert.deepEqual(emulator.calls(), []);
    },
  );
});
