/**
 * Issue 17, item 3, through the real Pulumi CLI: credentials rotate. Without `--run-program`,
 * `pulumi refresh` and `pulumi destroy` configure the provider from the config the last
 * `pulumi up` saved in state, so after a key is rotated in the stack config they still send
 * the old one. Their 401 says so, and names the two ways out; `--run-program` uses the
 * current config and works.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { VectaraEmulator } from "vectara-emulator";
import { SAVED_CREDENTIALS_NOTE } from "../../provider/vectara/provider";
import { describeEngineStory, EngineStack, EXAMPLES, type RunResult } from "../support/engine";
import { assertFailed, usernames } from "./helpers";

const OLD_KEY = "zut_rotated_out_key_0001";
const NEW_KEY = "zut_rotated_in_key_0002";

/** The command failed on each user with the 401 and the note, on the user's resource and nowhere else. */
function assertRefusedWithNote(result: RunResult, route: RegExp): void {
  const error = assertFailed(result);
  const perUser = result.errors.filter((e) => e.name !== "");
  assert.ok(perUser.length >= 1, error);
  for (const e of perUser) {
    assert.match(e.message, route, e.name);
    assert.match(e.message, /: Invalid API key; the API key was rejected or has expired/, e.name);
    assert.ok(e.message.endsWith(SAVED_CREDENTIALS_NOTE), `${e.name}: ${e.message}`);
  }
  assert.doesNotMatch(error, /\n\s+at |VectaraApiError|VectaraError/, "no stack trace, no class name: the message alone");
  assert.deepEqual(
    result.errors.filter((e) => e.name === "").map((e) => e.message),
    ["update failed"],
    "the engine's summary only: no echo of the error at the stack level",
  );
  assert.ok(!error.includes(OLD_KEY) && !error.includes(NEW_KEY), "no key in the output");
}

describeEngineStory("a key rotated in the stack config: refresh and destroy say how to use it", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;

  before(async () => {
    emulator = await VectaraEmulator.start({ apiKeys: { [OLD_KEY]: ["administrator"], [NEW_KEY]: ["administrator"] } });
    stack = await EngineStack.open({
      projectDir: path.join(EXAMPLES, "basic"),
      config: { "vectara:baseUrl": emulator.url, "vectara:maxRetries": "0" },
      secretConfig: { "vectara:apiKey": OLD_KEY },
    });
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
    // The rotation: a new key in the stack config, the old one deleted in Vectara's console.
    await stack.setConfig("vectara:apiKey", NEW_KEY, true);
    emulator.revokeApiKey(OLD_KEY);
  });
  after(async () => emulator?.stop());
  story.beforeEachStep(() => emulator.clearLog());

  story.step("`pulumi refresh` sends the saved (old) key: it fails with the 401 and the note", async () => {
    assertRefusedWithNote(await stack.refresh(), /^Vectara API 401 Unauthorized on GET \/v2\/users\//);
    assert.ok(emulator.calls().length > 0 && emulator.calls().every((c) => c.status === 401));
  });

  story.step("`pulumi destroy` too, and deletes nothing", async () => {
    assertRefusedWithNote(await stack.destroy(), /^Vectara API 401 Unauthorized on GET \/v2\/users\//);
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace"]);
    assert.deepEqual(emulator.writes(), []);
  });

  story.step("`pulumi refresh --run-program` uses the current (new) key and succeeds", async () => {
    const refresh = await stack.refresh({ runProgram: true });
    assert.equal(refresh.error, undefined, refresh.error);
    assert.ok(emulator.calls("getUser").length >= 2);
    assert.ok(emulator.calls().every((c) => c.status === 200));
  });

  story.step("`pulumi destroy --run-program` uses it too: both users are deleted", async () => {
    const destroy = await stack.destroy({ runProgram: true });
    assert.equal(destroy.error, undefined, destroy.error);
    assert.deepEqual(usernames(emulator), []);
    assert.deepEqual(
      (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
      [],
    );
  });
});
