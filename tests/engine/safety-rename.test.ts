/**
 * Issue 11, part 3, through the real Pulumi CLI: renaming a VectaraUser resource in the
 * program. With `aliases` the stack keeps the user without any write. Without them the new
 * name is a new resource: its create meets the user (409) and the message says to use
 * `aliases`; adopting instead (adoptExisting) must not lose the user to the old resource's
 * delete, which the engine runs after the create (create-before-delete), in the same run.
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { vectaraSteps, type EngineStack, describeEngineStory } from "../support/engine";
import { declare, openSafetyStack, stateUsers, type DeclaredUser } from "./safety-support";

const ALICE: DeclaredUser = { name: "alice", email: "alice@example.com", apiRoles: ["viewer"] };

describeEngineStory("renaming a VectaraUser resource loses no user", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let id: string;

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openSafetyStack(emulator, [ALICE]);
    const first = await stack.up();
    assert.equal(first.error, undefined, first.error);
    id = emulator.getUser("alice@example.com")!.id;
  });
  after(async () => {
    await emulator?.stop();
  });
  story.beforeEachStep(() => emulator.clearLog());

  story.step("with `aliases`: the same user under the new name, no API call at all", async () => {
    declare(stack, [{ ...ALICE, name: "alice-renamed", aliases: ["alice"] }]);
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), [], "nothing to create, update or delete");
    assert.deepEqual(emulator.calls(), []);
    assert.deepEqual(
      (await stateUsers(stack)).map((u) => [u.name, u.outputs.userId]),
      [["alice-renamed", id]],
    );
  });

  story.step(
    "without `aliases`: the create meets the user (409), the message says to use `aliases`, and the old resource keeps it",
    async () => {
      declare(stack, [{ ...ALICE, name: "alice-again" }]);
      const run = await stack.up();
      assert.ok(run.error, "the up fails");
      assert.match(run.error, /already exists \(409\)/);
      assert.match(run.error, /renamed or moved under another parent without the resource option `aliases`/);
      assert.deepEqual(emulator.calls("deleteUser"), [], "the failed run deletes nothing");
      assert.equal(emulator.getUser("alice@example.com")?.id, id);
      assert.deepEqual(
        (await stateUsers(stack)).map((u) => u.name),
        ["alice-renamed"],
      );
    },
  );

  story.step("adopting under the new name instead: the old resource's delete leaves the user to its new owner", async () => {
    declare(stack, [{ ...ALICE, name: "alice-again", adoptExisting: true }]);
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["create alice-again", "delete alice-renamed"], "create-before-delete, in one run");
    assert.deepEqual(emulator.calls("deleteUser"), [], "no DELETE");
    assert.equal(emulator.getUser("alice@example.com")?.id, id, "the user is still there");
    assert.deepEqual(
      (await stateUsers(stack)).map((u) => [u.name, u.outputs.userId]),
      [["alice-again", id]],
    );
  });

  story.step("in a later run, removing the resource deletes the user as usual (the memory lasts one run)", async () => {
    declare(stack, []);
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["delete alice-again"]);
    assert.deepEqual(
      emulator.calls("deleteUser").map((c) => c.status),
      [204],
    );
    assert.deepEqual(emulator.users(), []);
  });
});
