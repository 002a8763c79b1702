/**
 * examples/basic as users run it, plain `pulumi` in its folder through the real engine: create,
 * no-change, drift found by refresh and repaired, destroy.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_API_KEY, type VectaraEmulator } from "vectara-emulator";
import { EXAMPLES, vectaraSteps } from "../support/engine";
import { describePlainStory, type PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertNoChanges, assertNoneIn, describeCall, openPlain, storyHooks, usernames, writeLog } from "./helpers";

describePlainStory("examples/basic with plain `pulumi` in its folder, through the real engine: one stack's story", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  let adaId: string;
  storyHooks(
    story,
    (emulator) => openPlain(path.join(EXAMPLES, "basic"), apiKeyTarget(emulator)),
    (e, s) => ((emulator = e), (stack = s)),
  );

  story.step("preview makes no API call and lists the two creates", async () => {
    const result = await stack.preview();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace"]);
    assert.deepEqual(emulator.requests, []);
  });

  story.step("up creates exactly the two declared users", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace"]);
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace"]);
    const ada = emulator.getUser("ada@example.com")!;
    assert.deepEqual([ada.api_roles, ada.description, ada.enabled], [["administrator"], "Platform team lead", true]);
    assert.deepEqual(emulator.getUser("grace")?.corpus_roles, [{ corpus_key: "handbook", role: "viewer" }]);
    assert.deepEqual(
      writeLog(emulator).sort(),
      ["POST createUser ada@example.com", "POST createUser grace@example.com"],
      "one POST per user",
    );
    assert.deepEqual(result.outputs, { adminId: ada.id, viewerUsername: "grace" });
    adaId = ada.id;
  });

  story.step("then: preview --expect-no-changes passes, and a second up makes no API call at all", async () => {
    await assertNoChanges(stack, emulator);
  });

  story.step("then: a user edited and one deleted outside Pulumi are found by refresh, and the next up restores them", async () => {
    emulator.putUser({ ...emulator.getUser("ada@example.com")!, api_roles: ["viewer"], description: "Changed in the console" });
    emulator.removeUser("grace");

    const refreshed = await stack.refresh();
    assert.equal(refreshed.error, undefined);
    assert.deepEqual(vectaraSteps(refreshed), ["delete grace", "update ada"]);
    assert.deepEqual(refreshed.steps.find((s) => s.name === "ada")?.diffs, ["apiRoles", "description"]);
    assert.match(refreshed.stdout, /ada updated .*\[diff: ~apiRoles,description\]/);
    assert.deepEqual(emulator.calls().map(describeCall).sort(), ["GET getUser ada@example.com", "GET getUser grace"], "refresh only reads");
    const inState = await stack.resources();
    assert.equal(
      inState.some((r) => r.urn.endsWith("::grace")),
      false,
      "grace is gone from state",
    );
    assert.deepEqual(inState.find((r) => r.urn.endsWith("::ada"))?.outputs?.apiRoles, ["viewer"]);

    emulator.clearLog();
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), ["create grace", "update ada"]);
    assert.deepEqual(writeLog(emulator).sort(), ["PATCH updateUser ada@example.com", "POST createUser grace@example.com"]);
    assert.deepEqual(
      emulator.calls("updateUser")[0].body,
      { api_roles: ["administrator"], description: "Platform team lead" },
      "the PATCH carries only what drifted",
    );
    const ada = emulator.getUser("ada@example.com")!;
    assert.deepEqual([ada.id, ada.api_roles, ada.description], [adaId, ["administrator"], "Platform team lead"]);
    assert.deepEqual(emulator.getUser("grace")?.corpus_roles, [{ corpus_key: "handbook", role: "viewer" }]);
    assert.deepEqual(result.outputs, { adminId: adaId, viewerUsername: "grace" });
  });

  story.step("the exported state (and every file of the backend) holds no API key", async () => {
    assertNoneIn(await stack.exportText(), [DEFAULT_API_KEY], "pulumi stack export");
    assertNoneIn(stack.backendText(), [DEFAULT_API_KEY], "the file backend");
  });

  story.step("destroy leaves the emulator empty", async () => {
    const result = await stack.destroy();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), ["delete ada", "delete grace"]);
    assert.deepEqual(emulator.users(), []);
    assert.deepEqual(await stack.resources(), []);
  });
});
