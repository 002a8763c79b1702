import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { VectaraEmulator } from "../emulator";
import * as runner from "../support/runner";
import { EXAMPLES, exampleStack, vectaraSteps } from "./support";

interface Roster {
  people: Record<string, any>[];
}

describe("examples/team end to end: the roster file is the whole workflow", function () {
  this.timeout(60000);
  let emulator: VectaraEmulator;
  let stack: runner.StackOptions;
  let rosterFile: string;
  const roster = (): Roster => JSON.parse(fs.readFileSync(rosterFile, "utf8"));
  const editRoster = (edit: (r: Roster) => void) => {
    const r = roster();
    edit(r);
    fs.writeFileSync(rosterFile, JSON.stringify(r, null, 2));
  };
  const person = (r: Roster, name: string) => r.people.find((p) => p.name === name)!;

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = exampleStack("team", emulator);
    rosterFile = path.join(path.dirname(stack.stateFile), "roster.json");
    fs.copyFileSync(path.join(EXAMPLES, "team", "roster.json"), rosterFile);
    stack.config = { ...stack.config, "vectara-team:roster": rosterFile };
  });
  after(async () => emulator?.stop());
  beforeEach(() => emulator.clearLog());

  it("preview makes no API call, not even the unmanaged-users lookup", async () => {
    const result = await runner.preview(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(vectaraSteps(result), ["create ada", "create grace", "create grace-password-reset", "create linus", "create margaret"]);
    assert.deepEqual(emulator.calls(), []);
    assert.equal(result.outputs.unmanagedUsers, "[unknown]");
  });

  it("up creates one user per person and sends the one reset the roster asks for", async () => {
    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(emulator.users().map((u) => u.username).sort(), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
    assert.equal(emulator.getUser("margaret@example.com")?.enabled, false);
    assert.deepEqual(emulator.getUser("linus@example.com")?.agent_roles, [{ agent_key: "support-bot", role: "agent_user" }]);
    assert.deepEqual(emulator.resets.map((r) => r.username), ["grace"]);
    assert.deepEqual(result.outputs.unmanagedUsers, []);
    const summary = result.outputs.summary as { username: string; apiRoles: string[] }[];
    assert.deepEqual(summary.map((s) => s.username), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
  });

  it("a second up writes nothing (the lookup only reads)", async () => {
    const result = await runner.up(stack);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(emulator.writes(), []);
    assert.deepEqual(emulator.calls().map((c) => c.route), ["listUsers"]);
  });

  it("an edited roster applies exactly the edit: update, replace, delete, new reset", async () => {
    editRoster((r) => {
      person(r, "ada").apiRoles = ["administrator", "billing_administrator"];
      person(r, "linus").email = "linus.t@example.com";
      person(r, "grace").passwordResetTrigger = "2026-12-rotation";
      r.people = r.people.filter((p) => p.name !== "margaret");
    });
    emulator.putUser({ email: "walkin@example.com", api_roles: ["viewer"] }); // added by hand in the console

    const planned = await runner.preview(stack);
    assert.deepEqual(vectaraSteps(planned), ["delete margaret", "replace grace-password-reset", "replace linus", "update ada"]);
    assert.deepEqual(emulator.calls(), [], "preview is free");

    const result = await runner.up(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    // The reset is replaced create-before-delete: its old half is deleted after the program (no API call).
    assert.deepEqual(vectaraSteps(result), ["delete grace-password-reset", "delete margaret", "replace grace-password-reset", "replace linus", "update ada"]);
    assert.deepEqual(
      emulator.writes().map((c) => `${c.method} ${c.route} ${c.username ?? (c.body as any)?.email}`).sort(),
      [
        "DELETE deleteUser linus@example.com",
        "DELETE deleteUser margaret@example.com",
        "PATCH updateUser ada@example.com",
        "POST createUser linus.t@example.com",
        "POST resetPassword grace",
      ],
    );
    assert.deepEqual(emulator.getUser("ada@example.com")?.api_roles, ["administrator", "billing_administrator"]);
    // Margaret is deleted after the program ends (as the engine does), so she is still listed once.
    assert.deepEqual(result.outputs.unmanagedUsers, ["margaret@example.com", "walkin@example.com"]);
    const next = await runner.up(stack);
    assert.deepEqual(vectaraSteps(next), []);
    assert.deepEqual(next.outputs.unmanagedUsers, ["walkin@example.com"]);
  });

  it("teardown deletes every managed user and leaves the hand-made one alone", async () => {
    const result = await runner.destroy(stack);
    assert.equal(result.failed, false, result.errors.join("\n"));
    assert.deepEqual(emulator.users().map((u) => u.username), ["walkin@example.com"]);
    emulator.removeUser("walkin@example.com");
    assert.deepEqual(emulator.users(), []);
  });
});
