/** UserPasswordReset in whole `up`s (offline runner, real host, emulator). */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY, VectaraEmulator } from "../emulator";
import * as runner from "../support/runner";

describe("UserPasswordReset across ups", function () {
  this.timeout(60000);
  let emulator: VectaraEmulator;
  let email = "nora@example.com";
  let stack: runner.StackOptions;

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = {
      program: async () => {
        const { VectaraUser, UserPasswordReset } = require("pulumi-vectara");
        const user = new VectaraUser("nora", { email, apiRoles: ["viewer"] });
        const reset = new UserPasswordReset("nora-password", { user, triggers: { onboarding: "1" } });
        return { resetAt: reset.resetAt };
      },
      stateFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "reset-stack-")), "state.json"),
      config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": emulator.url },
      secretConfigKeys: ["vectara:apiKey"],
      passphrase: "test",
    };
  });
  after(async () => emulator?.stop());

  const resets = () => emulator.resets.map((r) => r.username);

  it("the first up sends exactly one reset, after the user exists", async () => {
    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(resets(), ["nora@example.com"]);
    const order = emulator.writes().map((w) => w.route);
    assert.deepEqual(order, ["createUser", "resetPassword"]);
  });

  it("preview and a no-change up send none", async () => {
    await runner.preview(stack);
    await runner.up(stack);
    assert.deepEqual(resets(), ["nora@example.com"]);
  });

  it("changing the user's email recreates the user and sends one reset, to the new user, after it exists", async () => {
    email = "nora.new@example.com";
    emulator.clearLog();
    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(resets(), ["nora@example.com", "nora.new@example.com"]);
    const writes = emulator.writes().map((w) => `${w.route} ${w.username ?? (w.body as { email?: string }).email}`);
    assert.deepEqual(writes, ["deleteUser nora@example.com", "createUser nora.new@example.com", "resetPassword nora.new@example.com"]);
  });
});
