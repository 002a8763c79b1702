/**
 * An `up` of 100 users whose provider host is killed mid-way (SIGKILL, while POSTs are in
 * flight), then `up` again, through the real engine: never a duplicate user, state never
 * points at a user that does not exist, the users the lost answers left behind stop the run
 * with a message that gives the way out, and doing what it says (one stack setting, one `up`)
 * converges.
 */
import assert from "node:assert/strict";
import { VectaraUser } from "pulumi-vectara";
import { VectaraEmulator } from "vectara-emulator";
import { describeEngine, EngineStack, type RunResult, type StateResource } from "../support/engine";
import { apiKeyTarget, assertFailed } from "./helpers";

const USERS = 100;
const KILL_AFTER = 40; // POSTs seen by the emulator
const emails = Array.from({ length: USERS }, (_, i) => `bulk-${String(i).padStart(3, "0")}@example.com`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEngine("through the real engine: an interrupted 100-user up (the provider host killed mid-way), then up again", () => {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  before(async () => {
    emulator = await VectaraEmulator.start({ latencyMs: 25 }); // keeps POSTs in flight at the kill
    const target = apiKeyTarget(emulator);
    stack = await EngineStack.open({
      project: "vectara-interrupted",
      program: async () => {
        for (const email of emails) new VectaraUser(email.split("@")[0], { email });
      },
      ...target,
      config: { ...target.config, "vectara:maxRetries": "3", "vectara:retryBaseDelayMs": "2", "vectara:retryMaxDelayMs": "400" },
    });
  });
  after(async () => emulator?.stop());

  const usersInState = async (): Promise<StateResource[]> =>
    (await stack.resources()).filter((r) => r.custom && r.type.endsWith("vectara:User"));

  /** No duplicate, and state points only at users that exist with its email; returns the users Vectara has and state lacks. */
  async function assertNoDuplicateNoDangling(): Promise<string[]> {
    const inState = await usersInState();
    const users = emulator.users();
    assert.equal(new Set(users.map((u) => u.email)).size, users.length, "a duplicated user");
    for (const r of inState) {
      const user = users.find((u) => u.id === r.id);
      assert.ok(user, `state holds ${r.urn} (${r.id}), which is not in Vectara`);
      assert.equal(user.email, r.outputs?.email);
    }
    return users.filter((u) => !inState.some((r) => r.id === u.id)).map((u) => u.username);
  }

  /** Each user a run named as existing already is one state lacks, and the message gives the way out of an interrupted run. */
  function named(result: RunResult, orphans: string[]): string[] {
    const conflicts = result.errors.filter((e) => /already exists \(409\)/.test(e.message));
    for (const e of conflicts) {
      const username = /Vectara user "([^"]+)"/.exec(e.message)?.[1] ?? "";
      assert.ok(orphans.includes(username), `${username} was named but is not a user state lacks`);
      assert.match(
        e.message,
        /\(3\) An earlier `pulumi up` was interrupted.*`pulumi config set vectara:adoptExactMatches true` and `pulumi up`/,
      );
    }
    return conflicts.map((e) => /Vectara user "([^"]+)"/.exec(e.message)![1]);
  }

  it("never a duplicate, never a dangling state entry, no silent loss; the setting the message names converges in one up", async function () {
    this.timeout(300_000);
    let killed = -1;
    const watcher = setInterval(() => {
      if (emulator.calls("createUser").length < KILL_AFTER) return;
      const hosts = stack.providerHostPids();
      if (hosts.length === 0) return;
      clearInterval(watcher);
      killed = emulator.calls("createUser").length;
      for (const pid of hosts) process.kill(pid, "SIGKILL");
    }, 1);
    const first = await stack.up().finally(() => clearInterval(watcher));
    assert.ok(killed >= KILL_AFTER, "the host was killed mid-way");
    assertFailed(first);
    await sleep(200); // POSTs that were in flight when the host died act now
    const createdByFirst = emulator.users().length;
    assert.ok(createdByFirst < USERS, `the kill came after ${createdByFirst} users: not mid-way`);
    const orphans = await assertNoDuplicateNoDangling();

    // Run again: the run stops at the users the killed run left behind (the engine stops
    // starting creates at the first failure, so it may not name them all), never succeeding
    // while one is left: no silent loss.
    const again = await stack.up();
    const left = await assertNoDuplicateNoDangling();
    assert.ok(again.error, "a run with users state lacks does not succeed");
    assert.ok(named(again, orphans).length > 0, `the failed run names a user state lacks:\n${again.error}`);

    // What the message says: one stack setting, one up.
    await stack.setConfig("vectara:adoptExactMatches", "true");
    const converged = await stack.up();
    assert.equal(converged.error, undefined, converged.error);
    assert.deepEqual(await assertNoDuplicateNoDangling(), [], "a successful run leaves no user that state lacks");

    const final = await usersInState();
    assert.equal(final.length, USERS);
    assert.equal(emulator.users().length, USERS);
    assert.deepEqual(new Set(final.map((r) => r.outputs?.email)), new Set(emails));
    for (const r of final) assert.equal(emulator.users().find((u) => u.email === r.outputs?.email)?.id, r.id);
    assert.equal(emulator.calls("createUser").filter((c) => c.status === 201).length, USERS, "each user created exactly once");
    console.log(
      `      (killed after ${killed} POSTs; ${createdByFirst} users existed; ${left.length} of them left behind, taken over by one up)`,
    );
  });
});
