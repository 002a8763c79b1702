/**
 * Issue 17, item 6 (first bullet), through the real Pulumi CLI: the provider host is killed
 * (SIGKILL, as the out-of-memory killer does) while 30 creates run at `--parallel 5`. The CLI
 * survives: it records the creates that answered, fails the ones in flight (`error reading
 * from server: EOF`) and leaves nothing pending, but the users those in-flight POSTs made exist
 * in Vectara, unknown to state. Deterministic: the first five POSTs are answered at once, the
 * next five are held until after the kill (and then act, as a server that got the request does).
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { eventually } from "../support/wait";
import { describeEngineStory, vectaraSteps, type EngineStack } from "../support/engine";
import { openSafetyStack, pendingOperations, stateUsers, type DeclaredUser } from "./safety-support";

const USERS: DeclaredUser[] = Array.from({ length: 30 }, (_, i) => ({
  name: `u${String(i).padStart(2, "0")}`,
  email: `u${i}@example.com`,
  apiRoles: ["viewer"],
}));
const PARALLEL = 5;
const HOLD_MS = 4000; // the second wave of POSTs waits this long before acting: in flight at the kill

describeEngineStory("the provider host killed while 30 creates are in flight, and the one step that converges the stack", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openSafetyStack(emulator, USERS);
  });
  after(async () => {
    for (const pid of stack?.providerHostPids() ?? []) process.kill(pid, "SIGKILL");
    await emulator?.stop();
  });

  story.step("SIGKILL of the host with 5 creates answered and 5 in flight: EOF, 10 users, 5 in state, nothing pending", async () => {
    emulator.inject("createUser", { kind: "delay", ms: 0, times: PARALLEL });
    emulator.inject("createUser", { kind: "delay", ms: HOLD_MS, times: PARALLEL });
    const run = stack.up({ parallel: PARALLEL });
    await eventually(() => emulator.calls("createUser").length === 2 * PARALLEL, "the second wave of POSTs reached the emulator", 60_000);
    const [host, ...others] = stack.providerHostPids();
    assert.equal(others.length, 0, "one provider host serves the run");
    process.kill(host, "SIGKILL");
    const killed = await run;
    assert.match(killed.error ?? "", /error reading from server: EOF/);
    await eventually(() => emulator.calls("createUser").every((c) => c.status !== 0), "every POST acted", 60_000);

    assert.equal(emulator.users().length, 2 * PARALLEL, "every POST that arrived made its user");
    assert.equal((await stateUsers(stack)).length, PARALLEL, "state knows the answered ones");
    assert.deepEqual(await pendingOperations(stack), [], "the CLI saw the failures: nothing pending, no lock");
  });

  story.step("the next up stops at a 409 whose message names the likely causes, the last one with the one step that recovers", async () => {
    emulator.clearLog();
    const run = await stack.up({ parallel: PARALLEL });
    assert.ok(run.error, "the up fails");
    const conflicts = run.errors.filter((e) => /already exists \(409\)/.test(e.message));
    assert.ok(conflicts.length > 0, run.error);
    for (const e of conflicts) {
      assert.match(
        e.message,
        /\(1\) A duplicate in this program.*\(2\) A user that another Pulumi stack or a person manages.*\(3\) An earlier `pulumi up` was interrupted/s,
      );
      assert.match(e.message, /`pulumi config set vectara:adoptExactMatches true` and `pulumi up`/);
    }
    assert.deepEqual(emulator.calls("deleteUser"), []);
    assert.equal(new Set(emulator.users().map((u) => u.email)).size, emulator.users().length, "no user twice");
  });

  story.step("a bad vectara:adoptExactMatches fails the preview, naming the key, before any API call", async () => {
    await stack.setConfig("vectara:adoptExactMatches", "yes");
    emulator.clearLog();
    const preview = await stack.preview();
    assert.match(preview.error ?? "", /vectara:adoptExactMatches must be true or false, got "yes"/);
    assert.deepEqual(emulator.calls(), []);
  });

  story.step("the one step: `pulumi config set vectara:adoptExactMatches true` and `pulumi up` converge the stack", async () => {
    await stack.setConfig("vectara:adoptExactMatches", "true");
    const existed = new Map(emulator.users().map((u) => [u.email, u.id]));
    emulator.clearLog();
    const run = await stack.up({ parallel: PARALLEL });
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(emulator.calls("deleteUser"), []);
    assert.equal(
      emulator.calls("createUser").length,
      USERS.length - existed.size,
      "a POST only for the users that did not exist; none refused (409)",
    );
    assert.equal(emulator.users().length, USERS.length, "one user per person");
    const state = await stateUsers(stack);
    assert.equal(state.length, USERS.length);
    for (const user of emulator.users()) {
      assert.equal(state.find((r) => r.outputs.email === user.email)?.outputs.userId, user.id, `${user.email}: state and Vectara agree`);
      if (existed.has(user.email)) assert.equal(user.id, existed.get(user.email), `${user.email} was taken over, not recreated`);
      assert.deepEqual(user.api_roles, ["viewer"], `${user.email} as declared`);
    }
  });

  story.step("the setting removed again: the stack is at rest, no API call", async () => {
    await stack.stack.removeConfig("vectara:adoptExactMatches");
    emulator.clearLog();
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.error, undefined, preview.error);
    const run = await stack.up({ parallel: PARALLEL });
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), []);
    assert.deepEqual(emulator.calls(), []);
  });
});
