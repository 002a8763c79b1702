/**
 * An `up` of 100 users whose provider host is killed mid-way (SIGKILL, while POSTs are in
 * flight), then `up` again, through the real engine: never a duplicate user, state never
 * points at a user that does not exist, every user the lost answers left behind is named with
 * the way to adopt it, and doing what the message says converges.
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
  /** Usernames the program declares with adoptExisting: true. */
  const adopt = new Set<string>();

  before(async () => {
    emulator = await VectaraEmulator.start({ latencyMs: 25 }); // keeps POSTs in flight at the kill
    const target = apiKeyTarget(emulator);
    stack = await EngineStack.open({
      project: "vectara-interrupted",
      program: async () => {
        for (const email of emails) new VectaraUser(email.split("@")[0], { email, ...(adopt.has(email) ? { adoptExisting: true } : {}) });
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

  /** Each user a run named as existing already is one state lacks, and the message says how to adopt it. */
  function named(result: RunResult, orphans: string[]): string[] {
    const conflicts = result.errors.filter((e) => /already exists \(409\)/.test(e.message));
    for (const e of conflicts) {
      const username = /Vectara user "([^"]+)"/.exec(e.message)?.[1] ?? "";
      assert.ok(orphans.includes(username), `${username} was named but is not a user state lacks`);
      assert.match(e.message, /adoptExisting: true/);
      assert.match(e.message, /interrupted while creating/);
    }
    return conflicts.map((e) => /Vectara user "([^"]+)"/.exec(e.message)![1]);
  }

  it("never a duplicate, never a dangling state entry, no silent loss; adopting the users it names converges", async function () {
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
    let orphans = await assertNoDuplicateNoDangling();

    // Run again; adopt whom each run names, as its message says, until it converges. The engine
    // stops starting creates at the first failure, so one run may not name every such user,
    // but a run never succeeds while one is left: no silent loss.
    let runs = 0;
    for (;;) {
      const result = await stack.up();
      runs++;
      const left = await assertNoDuplicateNoDangling();
      if (!result.error) {
        assert.deepEqual(left, [], "a successful run leaves no user that state lacks");
        break;
      }
      const toAdopt = named(result, orphans);
      assert.ok(toAdopt.length > 0, `a failed run names a user to adopt:\n${result.error}`);
      for (const username of toAdopt) adopt.add(username);
      orphans = left;
      assert.ok(runs <= orphans.length + 1, "converges");
    }

    const final = await usersInState();
    assert.equal(final.length, USERS);
    assert.equal(emulator.users().length, USERS);
    assert.deepEqual(new Set(final.map((r) => r.outputs?.email)), new Set(emails));
    for (const r of final) assert.equal(emulator.users().find((u) => u.email === r.outputs?.email)?.id, r.id);
    assert.equal(emulator.calls("createUser").filter((c) => c.status === 201).length, USERS, "each user created exactly once");
    console.log(`      (killed after ${killed} POSTs; ${createdByFirst} users existed; ${adopt.size} adopted over ${runs} more run(s))`);
  });
});
