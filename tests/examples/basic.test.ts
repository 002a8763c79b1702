import assert from "node:assert/strict";
import { VectaraEmulator } from "../emulator";
import * as runner from "../support/runner";
import { exampleStack, vectaraSteps } from "./support";

describe("examples/basic end to end (offline runner, real host, emulator)", function () {
  this.timeout(60000);
  let emulator: VectaraEmulator;
  let stack: runner.StackOptions;
  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = exampleStack("basic", emulator);
  });
  after(async () => emulator?.stop());
  beforeEach(() => emulator.clearLog());

  it("preview makes no API call", async () => {
    const result = await runner.preview(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace"]);
    assert.deepEqual(emulator.calls(), []);
  });

  it("up creates exactly the two declared users", async () => {
    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace"]);
    const users = Object.fromEntries(emulator.users().map((u) => [u.username, u]));
    assert.deepEqual(Object.keys(users).sort(), ["ada@example.com", "grace"]);
    assert.deepEqual(users["ada@example.com"].api_roles, ["administrator"]);
    assert.deepEqual(users.grace.corpus_roles, [{ corpus_key: "handbook", role: "viewer" }]);
    assert.equal(result.outputs.viewerUsername, "grace");
    assert.equal(result.outputs.adminId, users["ada@example.com"].id);
  });

  it("a second up makes no API call at all", async () => {
    const result = await runner.up(stack);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(emulator.calls(), []);
  });

  it("destroy leaves the emulator empty", async () => {
    const result = await runner.destroy(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(emulator.users(), []);
    assert.deepEqual(runner.readState(stack.stateFile).resources, []);
  });
});
