/**
 * Issue 11, part 2, through the real Pulumi CLI: a create whose POST acted but whose answer was
 * lost, and whose reconciling GET failed past the retries. The run fails saying the user may
 * exist; the next `up` (or a refresh) converges with no human step, without a second POST
 * when the user exists, and without taking over a user this resource did not create.
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { vectaraSteps, type EngineStack, describeEngineStory } from "../support/engine";
import { declare, openSafetyStack, stateUsers, type DeclaredUser } from "./safety-support";

const ALICE: DeclaredUser = { name: "alice", email: "alice@example.com", apiRoles: ["viewer"], resetWave: "1" };
const calls = (emulator: VectaraEmulator) => emulator.calls().map((c) => `${c.method} ${c.route} ${c.status}`);

/** The POST acts and its answer is lost (`then`), and both GETs (1 retry) that check fail with a 503. */
function loseTheAnswerAndTheCheck(emulator: VectaraEmulator, then: "reset" | "status"): void {
  emulator.inject("createUser", { kind: "commitThenFail", then });
  emulator.inject("getUser", { kind: "status", status: 503, times: 2 });
}

describeEngineStory("a create whose answer was lost and whose check failed converges on the next up", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openSafetyStack(emulator, [ALICE]);
  });
  after(async () => {
    await emulator?.stop();
  });

  story.step("the first up fails saying the user may exist and that the next up resolves it; state records it as unconfirmed", async () => {
    loseTheAnswerAndTheCheck(emulator, "reset");
    const run = await stack.up();
    assert.ok(run.error, "the up fails");
    assert.match(run.error, /Vectara user "alice@example.com" may have been created/);
    assert.match(run.error, /The next `pulumi up` resolves this without a duplicate/);
    assert.deepEqual(calls(emulator), ["POST createUser 0", "GET getUser 503", "GET getUser 503"], "one POST, never sent again");
    assert.equal(emulator.users().length, 1, "the POST did act");
    assert.deepEqual(emulator.resets, [], "the reset waits for its user");
    const [alice] = await stateUsers(stack);
    assert.match(alice.id, /^unconfirmed-create:/, "recorded under a placeholder id");
    assert.equal(alice.outputs.userId, "", "no user id yet");
    assert.ok(alice.initErrors?.length, "as a partial failure, so the engine calls Update next time");
  });

  story.step("the next up takes over the user its lost POST made: no second POST, then the reset goes to it", async () => {
    emulator.clearLog();
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["create alice-password-reset", "update alice"], "the engine calls Update for a partial failure");
    assert.deepEqual(
      calls(emulator),
      ["GET getUser 200", "GET getUser 200", "POST resetPassword 200"],
      "a GET finds the user; the reset checks it first",
    );
    const user = emulator.getUser("alice@example.com")!;
    assert.equal(emulator.users().length, 1, "exactly one user");
    const [alice] = await stateUsers(stack);
    assert.equal(alice.outputs.userId, user.id, "state and Vectara agree");
    assert.equal(alice.initErrors, undefined);
    assert.deepEqual((run.outputs.ids as Record<string, string>).alice, user.id);
    assert.deepEqual(
      emulator.resets.map((r) => r.username),
      ["alice@example.com"],
    );
  });

  story.step("a refresh puts the real id in place of the placeholder; then nothing is left to do", async () => {
    const refresh = await stack.refresh();
    assert.equal(refresh.error, undefined, refresh.error);
    const [alice] = await stateUsers(stack);
    assert.equal(alice.id, emulator.getUser("alice@example.com")!.id, "the engine adopts the id Read returns");
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.error, undefined, preview.error);
  });

  story.step("the lost POST did not act: the next up looks, finds no user, and POSTs exactly once", async () => {
    const bob: DeclaredUser = { name: "bob", email: "bob@example.com" };
    declare(stack, [ALICE, bob]);
    emulator.clearLog();
    emulator.inject("createUser", { kind: "status", status: 500 });
    emulator.inject("getUser", { kind: "status", status: 503, times: 2 });
    const first = await stack.up();
    assert.match(first.error ?? "", /Vectara user "bob@example.com" may have been created/);
    assert.equal(emulator.getUser("bob@example.com"), undefined);

    emulator.clearLog();
    const second = await stack.up();
    assert.equal(second.error, undefined, second.error);
    assert.deepEqual(calls(emulator), ["GET getUser 404", "POST createUser 201"]);
    const bobState = (await stateUsers(stack)).find((u) => u.name === "bob")!;
    assert.equal(bobState.outputs.userId, emulator.getUser("bob@example.com")!.id);
  });

  story.step(
    "a user with that username but another email appeared meanwhile: never taken over, no POST; a refresh drops the unconfirmed create",
    async () => {
      const cy: DeclaredUser = { name: "cy", email: "cy@example.com", username: "cy" };
      declare(stack, [ALICE, { name: "bob", email: "bob@example.com" }, cy]);
      emulator.inject("createUser", { kind: "status", status: 500 });
      emulator.inject("getUser", { kind: "status", status: 503, times: 2 });
      assert.match((await stack.up()).error ?? "", /Vectara user "cy" may have been created/);
      emulator.putUser({ email: "not-cy@example.com", username: "cy" });

      emulator.clearLog();
      const run = await stack.up();
      assert.match(run.error ?? "", /Vectara user "cy" exists with email "not-cy@example.com", not "cy@example.com"/);
      assert.deepEqual(emulator.writes(), [], "no POST, no PATCH");
      assert.equal((await stateUsers(stack)).find((u) => u.name === "cy")?.outputs.userId, "", "still unconfirmed");

      const refresh = await stack.refresh();
      assert.equal(refresh.error, undefined, refresh.error);
      assert.deepEqual((await stateUsers(stack)).map((u) => u.name).sort(), ["alice", "bob"]);
      assert.equal(emulator.getUser("cy")?.email, "not-cy@example.com", "the other user is untouched");
    },
  );

  story.step("a refresh alone resolves an unconfirmed create too (Read returns the real id)", async () => {
    const dee: DeclaredUser = { name: "dee", email: "dee@example.com" };
    declare(stack, [ALICE, { name: "bob", email: "bob@example.com" }, dee]);
    loseTheAnswerAndTheCheck(emulator, "status");
    assert.match((await stack.up()).error ?? "", /may have been created/);
    const refresh = await stack.refresh();
    assert.equal(refresh.error, undefined, refresh.error);
    const deeState = (await stateUsers(stack)).find((u) => u.name === "dee")!;
    const user = emulator.getUser("dee@example.com")!;
    assert.equal(deeState.id, user.id);
    assert.equal(deeState.outputs.userId, user.id);
    emulator.clearLog();
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(emulator.writes(), [], "nothing left to do");
    assert.equal(emulator.users().filter((u) => u.email === "dee@example.com").length, 1);
  });
});
