/**
 * The differential check that keeps tests/support/mini-engine.ts honest: the same runs (create,
 * edit, drift found by refresh and repaired, replace, removal, destroy) through the real engine
 * and through the MiniEngine, each against its own emulator, give the same steps per resource,
 * the same outputs in state, the same writes and the same emulator contents. Ids and times
 * differ between two emulators by nature and are compared by shape only.
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { VectaraUser, type VectaraUserArgs } from "pulumi-vectara";
import { describeEngineStory, EngineStack, vectaraSteps, type StateResource } from "../support/engine";
import { MiniEngine } from "../support/mini-engine";
import { startProviderStack, type ProviderStack } from "../support/stack";
import { apiKeyTarget, writeLog } from "./helpers";

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

describeEngineStory("the MiniEngine (tests/support/mini-engine.ts) agrees with the real engine", function (story) {
  let declared: Declared = {};
  let stack: EngineStack;
  /** The emulator the real engine's stack talks to. */
  let engineEmulator: VectaraEmulator;
  /** The MiniEngine's host, with an emulator of its own. */
  let host: ProviderStack;
  let mini: MiniEngine;

  before(async () => {
    host = await startProviderStack();
    mini = new MiniEngine(host);
    engineEmulator = await VectaraEmulator.start();
    stack = await EngineStack.open({
      project: "mini-engine-differential",
      program: async () => {
        for (const [name, args] of Object.entries(declared)) new VectaraUser(name, args);
        return {};
      },
      ...apiKeyTarget(engineEmulator),
    });
  });
  after(async () => {
    await host?.stop();
    await engineEmulator?.stop();
  });

  /** Forgets the steps and requests seen so far, on both sides. */
  function clearLogs(): void {
    engineEmulator.clearLog();
    host.emulator.clearLog();
    mini.steps.length = 0;
  }
  story.beforeEachStep(clearLogs);

  /** `pulumi up` of `next` both ways: the MiniEngine ups every declared resource and destroys the removed ones. */
  async function upBoth(next: Declared): Promise<void> {
    const removed = Object.keys(declared).filter((name) => !(name in next));
    declared = next;
    const result = await stack.up();
    assert.equal(result.error, undefined, result.error);
    await mini.nextRun(); // as the engine, a provider host per command
    for (const [name, args] of Object.entries(next)) await mini.up(name, args as Record<string, unknown>);
    for (const name of removed) await mini.destroy(name);
    await assertSame(vectaraSteps(result));
  }

  async function assertSame(engineSteps: string[]): Promise<void> {
    assert.deepEqual(oneStepReplace(mini.steps), oneStepReplace(engineSteps), "the same steps per resource");
    assert.deepEqual(writeLog(host.emulator).sort(), writeLog(engineEmulator).sort(), "the same writes");
    assert.deepEqual(emulatorContents(host.emulator), emulatorContents(engineEmulator), "the same users in Vectara");
    const inState = (await stack.resources()).filter((r: StateResource) => r.type.endsWith("vectara:User"));
    const engineOutputs = Object.fromEntries(inState.map((r) => [r.urn.split("::").pop()!, normalized(r.outputs)]));
    const miniOutputs = Object.fromEntries([...mini.state.entries()].map(([urn, rec]) => [urn.split("::").pop()!, normalized(rec.props)]));
    assert.deepEqual(miniOutputs, engineOutputs, "the same outputs in state");
  }

  story.step("create two users", async () => {
    await upBoth({
      alice: { email: "alice@example.com", apiRoles: ["viewer"] },
      bob: { email: "bob@example.com", username: "bob", description: "Bob" },
    });
  });

  story.step("edit both in place", async () => {
    await upBoth({
      alice: { email: "alice@example.com", apiRoles: ["administrator"] },
      bob: { email: "bob@example.com", username: "bob", description: "Robert" },
    });
  });

  story.step("drift outside Pulumi, found by refresh, repaired by the next up", async () => {
    for (const emulator of [host.emulator, engineEmulator]) {
      emulator.putUser({ ...emulator.getUser("alice@example.com")!, description: "hand-edited" });
      emulator.removeUser("bob");
    }
    const refreshed = await stack.refresh();
    assert.equal(refreshed.error, undefined, refreshed.error);
    await mini.nextRun();
    for (const name of Object.keys(declared)) await mini.refresh(name);
    await assertSame(vectaraSteps(refreshed));
    clearLogs();
    await upBoth(declared);
  });

  story.step("a new username replaces the user (delete first)", async () => {
    await upBoth({
      alice: { email: "alice@example.com", apiRoles: ["administrator"] },
      bob: { email: "bob@example.com", username: "robert", description: "Robert" },
    });
  });

  story.step("a user removed from the program is deleted", async () => {
    await upBoth({ bob: { email: "bob@example.com", username: "robert", description: "Robert" } });
  });

  story.step("destroy", async () => {
    const result = await stack.destroy();
    assert.equal(result.error, undefined, result.error);
    for (const name of Object.keys(declared)) await mini.destroy(name);
    await assertSame(vectaraSteps(result));
    assert.deepEqual(engineEmulator.users(), []);
  });
});
