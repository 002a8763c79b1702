/**
 * The differential checks that keep the lower tiers and the two ways of running a program
 * honest: the same runs (create, edit, drift found by refresh and repaired, replace, removal,
 * destroy) of one program, each against its own emulator,
 * - inline through the real engine (EngineStack) and through the MiniEngine
 *   (tests/support/mini-engine.ts): the same steps per resource, the same outputs in state, the
 *   same writes and the same emulator contents;
 * - inline and with plain `pulumi` in the program's folder (PlainStack, as users run it): all
 *   of that, and the very same steps (replacements in three), diffs and replacement keys.
 * Ids and times differ between two emulators by nature and are compared by shape only.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { VectaraEmulator } from "vectara-emulator";
import type { VectaraUserArgs } from "pulumi-vectara";
import { EngineStack, tempDir, vectaraSteps, type RunResult, type StateResource } from "../support/engine";
import { MiniEngine } from "../support/mini-engine";
import { describePlainStory, PlainStack } from "../support/plain-cli";
import { startProviderStack, type ProviderStack } from "../support/stack";
import { apiKeyTarget, writeLog } from "./helpers";

/** The program both ways run: it declares the users of the JSON file its config `users` names. */
const PROGRAM = path.join(__dirname, "programs", "declared-users");

type Declared = Record<string, Omit<VectaraUserArgs, "adoptExisting">>;

/** An id or a time: equal across the two runs only in shape. */
const VOLATILE = /(^|_)(id|userId|createdAt|updatedAt|created_at|updated_at|lastLogin|last_login_at)$/;

function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "__provider")
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, VOLATILE.test(k) && typeof v === "string" ? `<${k}>` : normalized(v)]),
  );
}

/** The engine's display names a replacement in three steps; the MiniEngine in one. */
const oneStepReplace = (steps: string[]) =>
  [...new Set(steps.map((s) => s.replace(/^(create-replacement|delete-replaced) /, "replace ")))].sort();

const emulatorContents = (emulator: VectaraEmulator) =>
  normalized([...emulator.users()].sort((a, b) => a.username.localeCompare(b.username)));

/** Every step but the stack's own, with what the engine said changed and why it replaces. */
const allSteps = (result: RunResult) =>
  result.steps
    .filter((s) => s.type !== "pulumi:pulumi:Stack")
    .map((s) => `${s.op} ${s.name} [${s.diffs.join(",")}] [${s.replaceKeys.join(",")}]`)
    .sort();

describePlainStory("the MiniEngine (tests/support/mini-engine.ts) and plain `pulumi` agree with the inline engine", function (story) {
  let declared: Declared = {};
  let usersFile: string;
  let stack: EngineStack;
  let plainStack: PlainStack;
  /** The emulators the inline and the plain stack talk to. */
  let engineEmulator: VectaraEmulator;
  let plainEmulator: VectaraEmulator;
  /** The MiniEngine's host, with an emulator of its own. */
  let host: ProviderStack;
  let mini: MiniEngine;

  before(async () => {
    host = await startProviderStack();
    mini = new MiniEngine(host);
    engineEmulator = await VectaraEmulator.start();
    plainEmulator = await VectaraEmulator.start();
    usersFile = path.join(tempDir("declared"), "users.json");
    declare({});
    // The same program, config and target (each its own emulator) both ways.
    const options = (emulator: VectaraEmulator) => {
      const target = apiKeyTarget(emulator);
      return { projectDir: PROGRAM, ...target, config: { ...target.config, "declared-users:users": usersFile } };
    };
    stack = await EngineStack.open(options(engineEmulator));
    plainStack = await PlainStack.open(options(plainEmulator));
  });
  after(async () => {
    await host?.stop();
    await engineEmulator?.stop();
    await plainEmulator?.stop();
  });

  function declare(next: Declared): void {
    declared = next;
    fs.writeFileSync(usersFile, JSON.stringify(next));
  }

  /** Forgets the steps and requests seen so far, on every side. */
  function clearLogs(): void {
    engineEmulator.clearLog();
    plainEmulator.clearLog();
    host.emulator.clearLog();
    mini.steps.length = 0;
  }
  story.beforeEachStep(clearLogs);

  /** `pulumi up` of `next` every way: the MiniEngine ups every declared resource and destroys the removed ones. */
  async function upAll(next: Declared): Promise<void> {
    const removed = Object.keys(declared).filter((name) => !(name in next));
    declare(next);
    const [result, plain] = await both((s) => s.up());
    await mini.nextRun(); // as the engine, a provider host per command
    for (const [name, args] of Object.entries(next)) await mini.up(name, args as Record<string, unknown>);
    for (const name of removed) await mini.destroy(name);
    await assertSame(result, plain);
  }

  /** One command on the inline and the plain stack at once (each has its own emulator); both must succeed. */
  async function both(command: (s: EngineStack | PlainStack) => Promise<RunResult>): Promise<[RunResult, RunResult]> {
    const results = await Promise.all([command(stack), command(plainStack)]);
    for (const r of results) assert.equal(r.error, undefined, r.error);
    return results;
  }

  async function outputsInState(s: EngineStack | PlainStack): Promise<Record<string, unknown>> {
    const inState = (await s.resources()).filter((r: StateResource) => r.type.endsWith("vectara:User"));
    return Object.fromEntries(inState.map((r) => [r.urn.split("::").pop()!, normalized(r.outputs)]));
  }

  async function assertSame(inline: RunResult, plain: RunResult): Promise<void> {
    const engineOutputs = await outputsInState(stack);
    assert.deepEqual(oneStepReplace(mini.steps), oneStepReplace(vectaraSteps(inline)), "the MiniEngine: the same steps per resource");
    assert.deepEqual(writeLog(host.emulator).sort(), writeLog(engineEmulator).sort(), "the MiniEngine: the same writes");
    assert.deepEqual(emulatorContents(host.emulator), emulatorContents(engineEmulator), "the MiniEngine: the same users in Vectara");
    const miniOutputs = Object.fromEntries([...mini.state.entries()].map(([urn, rec]) => [urn.split("::").pop()!, normalized(rec.props)]));
    assert.deepEqual(miniOutputs, engineOutputs, "the MiniEngine: the same outputs in state");

    assert.deepEqual(allSteps(plain), allSteps(inline), "plain `pulumi`: the same steps, diffs and replacement keys");
    assert.deepEqual(writeLog(plainEmulator).sort(), writeLog(engineEmulator).sort(), "plain `pulumi`: the same writes");
    assert.deepEqual(emulatorContents(plainEmulator), emulatorContents(engineEmulator), "plain `pulumi`: the same users in Vectara");
    assert.deepEqual(await outputsInState(plainStack), engineOutputs, "plain `pulumi`: the same outputs in state");
  }

  story.step("create two users", async () => {
    await upAll({
      alice: { email: "alice@example.com", apiRoles: ["viewer"] },
      bob: { email: "bob@example.com", username: "bob", description: "Bob" },
    });
  });

  story.step("edit both in place", async () => {
    await upAll({
      alice: { email: "alice@example.com", apiRoles: ["administrator"] },
      bob: { email: "bob@example.com", username: "bob", description: "Robert" },
    });
  });

  story.step("drift outside Pulumi, found by refresh, repaired by the next up", async () => {
    for (const emulator of [host.emulator, engineEmulator, plainEmulator]) {
      emulator.putUser({ ...emulator.getUser("alice@example.com")!, description: "hand-edited" });
      emulator.removeUser("bob");
    }
    const [refreshed, plainRefreshed] = await both((s) => s.refresh());
    await mini.nextRun();
    for (const name of Object.keys(declared)) await mini.refresh(name);
    await assertSame(refreshed, plainRefreshed);
    clearLogs();
    await upAll(declared);
  });

  story.step("a new username replaces the user (delete first)", async () => {
    await upAll({
      alice: { email: "alice@example.com", apiRoles: ["administrator"] },
      bob: { email: "bob@example.com", username: "robert", description: "Robert" },
    });
  });

  story.step("a user removed from the program is deleted", async () => {
    await upAll({ bob: { email: "bob@example.com", username: "robert", description: "Robert" } });
  });

  story.step("destroy", async () => {
    const [result, plain] = await both((s) => s.destroy());
    for (const name of Object.keys(declared)) await mini.destroy(name);
    await assertSame(result, plain);
    assert.deepEqual(engineEmulator.users(), []);
  });
});
