/**
 * Issue 17, item 6, through the real Pulumi CLI: a description Vectara holds that is not
 * ordinary text never makes the first `up` of an adopted account write. What the engine
 * carries unchanged (U+FFFF, U+FFFE and the other noncharacters, astral characters) is
 * adopted with no write; an unpaired UTF-16 surrogate, which the SDK changes on its way (a
 * lone high one dropped, a lone low one refused by the engine), is refused at check, naming
 * the resource and the value, before any API call. tests/unit/user/carriable.test.ts holds
 * the marker that gets it to check.
 */
import assert from "node:assert/strict";
import { VectaraUser } from "pulumi-vectara";
import { VectaraEmulator } from "vectara-emulator";
import { UNPAIRED_SURROGATE } from "../../provider/framework/values";
import { describeEngineStory, EngineStack } from "../support/engine";
import { apiKeyTarget, assertFailed } from "./helpers";

/** Resource name -> a description Vectara holds. */
const CARRIED: Record<string, string> = {
  ffff: "ends in U+FFFF \uFFFF",
  fffe: "U+FFFE \uFFFE here",
  fdd0: "noncharacter \uFDD0",
  astral: "a pair \u{1F600} and U+10FFFF \u{10FFFF}",
};
const UNCARRIABLE: Record<string, string> = {
  high: "a lone high \uD800 surrogate",
  low: "a lone low \uDC00 surrogate",
};

describeEngineStory("descriptions that are not ordinary text never cause a write", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let declared: Record<string, string> = {};

  before(async () => {
    emulator = await VectaraEmulator.start();
    for (const [name, description] of Object.entries({ ...CARRIED, ...UNCARRIABLE })) {
      emulator.putUser({ email: `${name}@example.com`, description });
    }
    // What `pulumi-vectara import` writes for the account: each user, adopted, with its description.
    stack = await EngineStack.open({
      project: "vectara-description-text",
      ...apiKeyTarget(emulator),
      program: async () => {
        for (const [name, description] of Object.entries(declared)) {
          new VectaraUser(name, { email: `${name}@example.com`, description, adoptExisting: true });
        }
      },
    });
  });
  after(async () => emulator?.stop());
  story.beforeEachStep(() => emulator.clearLog());

  for (const [name, description] of Object.entries(UNCARRIABLE)) {
    story.step(`a lone ${name} surrogate fails the preview and the up on its resource, naming the value; nothing written`, async () => {
      declared = { ...CARRIED, [name]: description };
      for (const run of [() => stack.preview(), () => stack.up()]) {
        const result = await run();
        assertFailed(result);
        assert.deepEqual(
          result.errors.map((e) => e.name),
          [name],
          "the engine stops at the first resource check refuses",
        );
        const quoted = JSON.stringify(description).replace(/\\/g, "\\\\");
        assert.match(
          result.errors[0].message,
          new RegExp(`resource '${name}' has a problem: description ${quoted} contains an unpaired UTF-16 surrogate`),
        );
        assert.ok(result.errors[0].message.endsWith(`${UNPAIRED_SURROGATE}.`), result.errors[0].message);
      }
      assert.deepEqual(emulator.writes(), []);
      assert.equal(emulator.getUser(`${name}@example.com`)?.description, description, "unchanged in Vectara");
    });
  }

  story.step("U+FFFF, U+FFFE, a noncharacter and astral characters are carried unchanged: adopted with no write", async () => {
    declared = { ...CARRIED };
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
    // (the failed ups may have adopted some already: the engine ran their creates before it stopped)
    assert.deepEqual(
      (await stack.resources())
        .filter((r) => r.type === "pulumi-nodejs:dynamic/vectara:User")
        .map((r) => r.urn.split("::").pop())
        .sort(),
      Object.keys(CARRIED).sort(),
    );
    assert.deepEqual(emulator.writes(), [], "one GET per user, no PATCH");
    for (const [name, description] of Object.entries(CARRIED)) {
      assert.equal(emulator.getUser(`${name}@example.com`)?.description, description);
      const state = (await stack.resources()).find((r) => r.urn.endsWith(`::${name}`))!;
      assert.equal(state.outputs?.description, description, `${name} in state`);
    }
    emulator.clearLog();
    const again = await stack.preview({ expectNoChanges: true });
    assert.equal(again.error, undefined, again.error);
    assert.deepEqual(emulator.requests, []);
  });
});
