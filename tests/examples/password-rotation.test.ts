import assert from "node:assert/strict";
import * as fs from "node:fs";
import { VectaraEmulator } from "../emulator";
import * as runner from "../support/runner";
import { exampleStack, vectaraSteps } from "./support";

const DAY = 24 * 60 * 60 * 1000;

describe("examples/password-rotation end to end", function () {
  this.timeout(60000);
  let emulator: VectaraEmulator;
  let stack: runner.StackOptions;
  const resets = () => emulator.resets.map((r) => r.username);

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = exampleStack("password-rotation", emulator);
  });
  after(async () => emulator?.stop());
  beforeEach(() => emulator.resets.splice(0));

  it("preview sends nothing; the first up sends one reset to each user", async () => {
    await runner.preview(stack);
    assert.deepEqual(emulator.calls(), []);
    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(resets().sort(), ["linus@example.com", "margaret@example.com"]);
  });

  it("an up with nothing due sends none", async () => {
    const result = await runner.up(stack);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(resets(), []);
  });

  it("a new trigger value sends exactly one reset, to Linus", async () => {
    stack.config = { ...stack.config, "vectara-password-rotation:resetWave": "2" };
    const planned = await runner.preview(stack);
    assert.deepEqual(vectaraSteps(planned), ["replace linus-password-reset"]);
    await runner.up(stack);
    assert.deepEqual(resets(), ["linus@example.com"]);
  });

  it("once 90 days have passed, the next preview shows Margaret's reset coming and up sends it", async () => {
    // Age the last reset in state, as 91 days of calendar would.
    const state = JSON.parse(fs.readFileSync(stack.stateFile, "utf8"));
    const reset = state.resources.find((r: any) => r.name === "margaret-password-reset");
    reset.outputs.resetAt = new Date(Date.now() - 91 * DAY).toISOString();
    fs.writeFileSync(stack.stateFile, JSON.stringify(state));

    const planned = await runner.preview(stack);
    assert.deepEqual(vectaraSteps(planned), ["replace margaret-password-reset"]);
    assert.deepEqual(resets(), [], "the preview sends nothing");
    await runner.up(stack);
    assert.deepEqual(resets(), ["margaret@example.com"]);
    const again = await runner.up(stack);
    assert.deepEqual(vectaraSteps(again), [], "rotated: not due again");
  });

  it("the one-time codes are secret: encrypted in state, never in plain text", async () => {
    const text = fs.readFileSync(stack.stateFile, "utf8");
    const decrypted = runner.readState(stack.stateFile, stack.passphrase);
    const resetResources = decrypted.resources.filter((r) => r.type.endsWith(":PasswordReset"));
    assert.equal(resetResources.length, 2);
    for (const r of resetResources) {
      const code = (r.outputs.oneTimeCode as { value: string }).value;
      const link = (r.outputs.oneTimeCodeLink as { value: string }).value;
      assert.ok(code.length >= 8 && link.includes(code), `${r.name} holds the code the emulator sent`);
      assert.ok(!text.includes(code) && !text.includes(link), `${r.name}: the code is not in the state file in plain text`);
    }
    assert.doesNotMatch(text, /one-time-code\?code=/);
  });

  it("destroy sends no reset and deletes the users", async () => {
    await runner.destroy(stack);
    assert.deepEqual(resets(), []);
    assert.deepEqual(emulator.users(), []);
  });
});
