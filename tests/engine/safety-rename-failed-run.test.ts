/**
 * Issue 17, item 6 (second bullet), through the real Pulumi CLI: a rename without `aliases`
 * (`alice` → `alice-renamed` with `adoptExisting`) in an up where another resource fails. The
 * engine never reaches the old resource's delete in that run, so both resources stay in state
 * with the same user; the next up deletes the old resource. That delete must leave the user to
 * the resource that still declares it (the host knows: the renamed resource's diff claims it).
 * A replacement's delete still deletes, and so does removing the last resource that declares it.
 */
import assert from "node:assert/strict";
import type { VectaraEmulator } from "vectara-emulator";
import { describeEngineStory, vectaraSteps, type EngineStack } from "../support/engine";
import { storyHooks } from "./helpers";
import { declare, openSafetyStack, stateUsers, type DeclaredUser } from "./safety-support";

const ALICE: DeclaredUser = { name: "alice", email: "alice@example.com", apiRoles: ["viewer"] };
const BOB: DeclaredUser = { name: "bob", email: "bob@example.com" };
const CAROL: DeclaredUser = { name: "carol", email: "carol@example.com" };
const RENAMED: DeclaredUser = { ...ALICE, name: "alice-renamed", adoptExisting: true };

describeEngineStory("a rename in an up where another resource fails loses no user", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let id: string;
  storyHooks(
    story,
    (e) => openSafetyStack(e, [ALICE, BOB]),
    (e, s) => ([emulator, stack] = [e, s]),
  );

  story.step("alice and bob are created", async () => {
    const first = await stack.up();
    assert.equal(first.error, undefined, first.error);
    id = emulator.getUser("alice@example.com")!.id;
  });

  story.step("the renamed resource adopts the user, carol's create fails: the run ends before the old resource's delete", async () => {
    declare(stack, [RENAMED, BOB, CAROL]);
    emulator.inject("createUser", { kind: "status", status: 400, message: "refused for this test" });
    const run = await stack.up();
    assert.ok(run.error, "the up fails");
    assert.deepEqual(run.failed, ["create carol"]);
    assert.deepEqual(emulator.calls("deleteUser"), []);
    assert.deepEqual(
      (await stateUsers(stack)).map((u) => [u.name, u.outputs.userId]).sort(),
      [
        ["alice", id],
        ["alice-renamed", id],
        ["bob", emulator.getUser("bob@example.com")!.id],
      ],
      "both resources in state with the same user",
    );
  });

  story.step("the next up deletes the old resource and keeps the user: no DELETE, the renamed resource manages it", async () => {
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["create carol", "delete alice"]);
    assert.deepEqual(emulator.calls("deleteUser"), [], "no DELETE");
    assert.equal(emulator.getUser("alice@example.com")?.id, id, "the user is still there");
    assert.deepEqual((await stateUsers(stack)).map((u) => u.name).sort(), ["alice-renamed", "bob", "carol"]);
    assert.equal((await stateUsers(stack)).find((u) => u.name === "alice-renamed")?.outputs.userId, id);
    const rest = await stack.preview({ expectNoChanges: true });
    assert.equal(rest.error, undefined, rest.error);
  });

  story.step("a replacement (a new email) still deletes the old user first, then creates the new one", async () => {
    declare(stack, [{ ...RENAMED, email: "alice.new@example.com" }, BOB, CAROL]);
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(
      emulator.writes().map((c) => `${c.method} ${c.status} ${c.username ?? ""}`.trim()),
      ["DELETE 204 alice@example.com", "POST 201"],
    );
    assert.equal(emulator.getUser("alice@example.com"), undefined);
    assert.ok(emulator.getUser("alice.new@example.com"));
  });

  story.step("removing the last resource that declares a user deletes it", async () => {
    declare(stack, [BOB, CAROL]);
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), ["delete alice-renamed"]);
    assert.deepEqual(
      emulator.calls("deleteUser").map((c) => c.status),
      [204],
    );
    assert.equal(emulator.getUser("alice.new@example.com"), undefined);
  });
});
