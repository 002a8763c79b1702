/**
 * Issue 11, part 1, through the real Pulumi CLI: the stack created `grace`; someone deleted it
 * by hand and a different person was later created as `grace`. Without a refresh, neither an
 * update nor a destroy may write to that person (users are addressed by username only).
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { vectaraSteps, type EngineStack, describeEngineStory } from "../support/engine";
import { describeCall } from "./helpers";
import { declare, openSafetyStack, stateUsers, type DeclaredUser } from "./safety-support";

const GRACE: DeclaredUser = { name: "grace", email: "grace@example.com", username: "grace", apiRoles: ["viewer"], resetWave: "1" };

describeEngineStory("a user replaced outside Pulumi (same username, another person) is never written to", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let ours: string; // the id the stack created
  let theirs: string; // the person who holds the username now

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openSafetyStack(emulator, [GRACE]);
    const first = await stack.up();
    assert.equal(first.error, undefined, first.error);
    // Seen once in CI: the up succeeded and grace was not in the emulator; say what the run did if it happens again.
    const created = emulator.getUser("grace");
    assert.ok(
      created,
      `the first up created grace: steps ${JSON.stringify(vectaraSteps(first))}; requests ${JSON.stringify(emulator.requests.map(describeCall))}\n${first.stdout}`,
    );
    ours = created.id;
    // By hand, outside Pulumi: grace is deleted, and another person gets the username.
    emulator.removeUser("grace");
    theirs = emulator.putUser({ email: "someone-else@example.com", username: "grace", api_roles: ["viewer"] }).id;
    assert.notEqual(theirs, ours, "the emulator gives each user a fresh id");
    emulator.clearLog();
  });
  after(async () => {
    await emulator?.stop();
  });

  story.step("a role change fails naming both ids and what to do; the other person is not made an administrator", async () => {
    declare(stack, [{ ...GRACE, apiRoles: ["administrator"] }]);
    const run = await stack.up();
    assert.ok(run.error, "the up fails");
    assert.match(run.error, new RegExp(`Vectara user "grace" is now ${theirs}, not ${ours}`));
    assert.match(run.error, /deleted outside Pulumi/);
    assert.match(run.error, /pulumi refresh/);
    assert.deepEqual(emulator.writes(), [], "no PATCH, no reset, nothing written");
    assert.deepEqual(emulator.getUser("grace")?.api_roles, ["viewer"]);
    assert.equal((await stateUsers(stack))[0].outputs.userId, ours, "state still describes our user");
  });

  story.step("a new password reset (its trigger changed) is refused: no email to the other person", async () => {
    declare(stack, [{ ...GRACE, resetWave: "2" }]);
    const run = await stack.up();
    assert.ok(run.error, "the up fails");
    assert.match(run.error, new RegExp(`Cannot send a password reset: Vectara user "grace" is now ${theirs}, not ${ours}`));
    assert.deepEqual(emulator.writes(), [], "no reset sent");
    assert.deepEqual(
      emulator.resets.map((r) => r.username),
      ["grace"],
      "only the first up's reset, to our grace",
    );
  });

  story.step("destroy treats our user as already gone and leaves the other person untouched", async () => {
    const run = await stack.destroy();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["delete grace", "delete grace-password-reset"]);
    assert.deepEqual(emulator.calls("deleteUser"), [], "no DELETE was sent");
    assert.equal(emulator.getUser("grace")?.id, theirs);
    assert.deepEqual(await stateUsers(stack), []);
  });
});
