/** examples/team through the real engine: the roster file is the whole workflow. */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, type VectaraEmulator } from "vectara-emulator";
import { type EngineStack, vectaraSteps, describeEngineStory } from "../support/engine";
import { assertNoChanges, assertNoneIn, isEncryptedSecret, openTeam, RosterCopy, storyHooks, usernames, writeLog } from "./helpers";

const { person } = RosterCopy;

describeEngineStory("examples/team through the real engine: one stack's story", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let roster: RosterCopy;
  storyHooks(
    story,
    (emulator) => {
      // Ada and Linus get resets too: Ada's trigger will change, Linus will be recreated.
      roster = new RosterCopy((people) => {
        person(people, "ada").passwordResetTrigger = "2026-11";
        person(people, "linus").passwordResetTrigger = "welcome";
      });
      return openTeam(emulator, roster);
    },
    (e, s) => ((emulator = e), (stack = s)),
  );

  story.step("preview makes no API call, not even the unmanaged-users lookup, and lists one user per person and their resets", async () => {
    const result = await stack.preview();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), [
      "create ada",
      "create ada-password-reset",
      "create declared-users",
      "create grace",
      "create grace-password-reset",
      "create linus",
      "create linus-password-reset",
      "create margaret",
    ]);
    assert.deepEqual(emulator.requests, [], "no request at all, token included");
  });

  story.step("up creates one user per person, and sends each reset once, after its user exists", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
    assert.equal(emulator.getUser("margaret@example.com")?.enabled, false);
    assert.deepEqual(emulator.getUser("linus@example.com")?.agent_roles, [{ agent_key: "support-bot", role: "agent_user" }]);
    assert.deepEqual(emulator.getUser("grace")?.corpus_roles, [{ corpus_key: "handbook", role: "editor" }]);
    const writes = writeLog(emulator);
    for (const [email, username] of [
      ["ada@example.com", "ada@example.com"],
      ["grace@example.com", "grace"],
      ["linus@example.com", "linus@example.com"],
    ]) {
      const created = writes.indexOf(`POST createUser ${email}`);
      assert.ok(
        created >= 0 && created < writes.indexOf(`POST resetPassword ${username}`),
        `${username}: created before its reset\n${writes.join("\n")}`,
      );
    }
    assert.deepEqual(emulator.resets.map((r) => r.username).sort(), ["ada@example.com", "grace", "linus@example.com"]);
    assert.deepEqual(result.outputs.unmanagedUsers, []);
    const summary = result.outputs.summary as { username: string; enabled: boolean }[];
    assert.deepEqual(
      summary.map((s) => `${s.username} ${s.enabled}`),
      ["ada@example.com true", "grace true", "linus@example.com true", "margaret@example.com false"],
    );
  });

  story.step("then: preview --expect-no-changes passes, and a second up writes nothing (the lookup only reads)", async () => {
    await assertNoChanges(stack, emulator, ["listUsers"]);
  });

  story.step(
    "then: a roster edit applies exactly its update, replacement (old user deleted first) and delete, one reset for the changed trigger and one for the recreated user",
    async () => {
      roster.edit((people) => {
        person(people, "grace").apiRoles = ["corpus_developer", "corpus_administrator"]; // grace has a reset: it must not move
        person(people, "ada").passwordResetTrigger = "2026-12";
        person(people, "linus").email = "linus.t@example.com";
        return people.filter((p) => p.name !== "margaret");
      });
      emulator.putUser({ email: "walkin@example.com", api_roles: ["viewer"] }); // added by hand in the console

      // A replacement is three steps; Linus's is delete-before-create, so his reset (which
      // depends on him) is replaced with him. Grace's update leaves her reset alone.
      const expected = [
        "create-replacement ada-password-reset",
        "create-replacement linus",
        "create-replacement linus-password-reset",
        "delete margaret",
        "delete-replaced ada-password-reset",
        "delete-replaced linus",
        "delete-replaced linus-password-reset",
        "replace ada-password-reset",
        "replace linus",
        "replace linus-password-reset",
        "update declared-users",
        "update grace",
      ];
      const planned = await stack.preview();
      assert.equal(planned.error, undefined);
      assert.deepEqual(vectaraSteps(planned), expected);
      assert.deepEqual(planned.steps.find((s) => s.op === "replace" && s.name === "linus")?.replaceKeys.sort(), ["email", "username"]);
      assert.deepEqual(planned.steps.find((s) => s.op === "replace" && s.name === "ada-password-reset")?.replaceKeys, ["triggers"]);
      assert.deepEqual(emulator.requests, [], "the preview is free");

      const result = await stack.up();
      assert.equal(result.error, undefined);
      assert.deepEqual(vectaraSteps(result), expected, "up does what the preview showed");
      const writes = writeLog(emulator);
      assert.deepEqual([...writes].sort(), [
        "DELETE deleteUser linus@example.com",
        "DELETE deleteUser margaret@example.com",
        "PATCH updateUser grace",
        "POST createUser linus.t@example.com",
        "POST resetPassword ada@example.com",
        "POST resetPassword linus.t@example.com",
      ]);
      const at = (w: string) => writes.indexOf(w);
      assert.ok(
        at("DELETE deleteUser linus@example.com") < at("POST createUser linus.t@example.com") &&
          at("POST createUser linus.t@example.com") < at("POST resetPassword linus.t@example.com"),
        `the old Linus is deleted before the new one is created, and his reset follows:\n${writes.join("\n")}`,
      );
      assert.deepEqual(emulator.getUser("grace")?.api_roles, ["corpus_developer", "corpus_administrator"]);
      assert.deepEqual(usernames(emulator), ["ada@example.com", "grace", "linus.t@example.com", "walkin@example.com"]);
      // Margaret is being deleted by this very run: she is not "unmanaged"; the hand-made user is.
      assert.deepEqual(result.outputs.unmanagedUsers, ["walkin@example.com"]);
    },
  );

  story.step("then: the stack has converged: the next up changes nothing and still names only the hand-made user", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(writeLog(emulator), []);
    assert.deepEqual(result.outputs.unmanagedUsers, ["walkin@example.com"]);
  });

  story.step("then: someone added back by hand, whom an earlier run removed from the roster, is flagged as unmanaged", async () => {
    emulator.putUser({ email: "margaret@example.com", api_roles: ["administrator"] });
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(result.outputs.unmanagedUsers, ["margaret@example.com", "walkin@example.com"]);
  });

  story.step(
    "the exported state (and every file of the backend) holds no API key, token or one-time code; the reset codes are encrypted secrets",
    async () => {
      const secrets = [DEFAULT_API_KEY, ...emulator.issuedTokens(), ...emulator.issuedCodes()];
      assertNoneIn(await stack.exportText(), secrets, "pulumi stack export");
      assertNoneIn(stack.backendText(), secrets, "the file backend");
      assert.equal(emulator.issuedCodes().length, 5, "the emulator answered each reset with a one-time code");
      const resets = (await stack.resources()).filter((r) => r.type.endsWith(":PasswordReset"));
      assert.equal(resets.length, 3);
      for (const r of resets) assert.ok(isEncryptedSecret(r.outputs?.oneTimeCode) && isEncryptedSecret(r.outputs?.oneTimeCodeLink), r.urn);
    },
  );

  story.step("destroy deletes every managed user and leaves the hand-made ones alone", async () => {
    const result = await stack.destroy();
    assert.equal(result.error, undefined);
    assert.deepEqual(usernames(emulator), ["margaret@example.com", "walkin@example.com"]);
    assert.deepEqual(emulator.calls("resetPassword"), [], "a destroy sends no reset");
    const order = result.steps.map((s) => s.name);
    for (const name of ["ada", "grace", "linus"])
      assert.ok(order.indexOf(`${name}-password-reset`) < order.indexOf(name), `${name}'s reset goes first: ${order.join(", ")}`);
    assert.deepEqual(await stack.resources(), []);
  });
});
