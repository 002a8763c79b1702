/**
 * examples/team through the real engine when people already exist in Vectara: the create fails
 * with the 409 message (and the run ends, though a reset waits on one of those users), then
 * `adoptExisting` in the roster takes them over.
 */
import assert from "node:assert/strict";
import type { EmulatorUser, VectaraEmulator } from "vectara-emulator";
import { type EngineStack, vectaraSteps, describeEngineStory } from "../support/engine";
import { assertFailed, openTeam, RosterCopy, storyHooks, usernames, writeLog } from "./helpers";

describeEngineStory("examples/team through the real engine: people who already exist, then adoptExisting", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let roster: RosterCopy;
  /** Made by hand before the stack's first run. */
  let existing: Record<string, EmulatorUser>;

  storyHooks(
    story,
    (emulator) => {
      existing = {
        // Differs from the roster: adopting her takes one PATCH.
        ada: emulator.putUser({ email: "ada@example.com", description: "Set up by hand", api_roles: ["viewer"] }),
        // As the roster declares them: adopting takes no write. Grace has a password reset.
        grace: emulator.putUser({
          email: "grace@example.com",
          username: "grace",
          description: "Search relevance",
          api_roles: ["corpus_developer"],
          corpus_roles: [{ corpus_key: "handbook", role: "editor" }],
        }),
        linus: emulator.putUser({
          email: "linus@example.com",
          description: "Support, read-only",
          api_roles: ["viewer"],
          corpus_roles: [{ corpus_key: "handbook", role: "viewer" }],
          agent_roles: [{ agent_key: "support-bot", role: "agent_user" }],
        }),
      };
      roster = new RosterCopy();
      return openTeam(emulator, roster);
    },
    (e, s) => ((emulator = e), (stack = s)),
  );

  story.step(
    "up fails with the 409 message for those people and ends (no hang on Grace's reset); nothing of theirs is touched",
    async () => {
      const result = await stack.up();
      const error = assertFailed(result);
      // The engine stops starting steps at the first failure: each of them whose POST was sent got
      // the 409 and an error naming them, the likely causes, and when to adopt.
      const refused = emulator.calls("createUser").filter((c) => c.status === 409);
      assert.ok(refused.length >= 1, error);
      for (const call of refused) {
        const email = (call.body as { email: string }).email;
        const name = email.split("@")[0];
        const username = existing[name].username;
        const said = result.errors.find((e) => e.name === name)?.message ?? "";
        assert.ok(
          said.includes(`Vectara user "${username}" already exists (409), and no resource of this stack manages it. Likely causes`) &&
            said.includes("Set `adoptExisting: true` on this resource only if this stack should manage that user from now on"),
          `${name}: ${said}`,
        );
        assert.ok(error.includes(`Vectara user "${username}" already exists (409)`), "the user sees it");
      }
      assert.ok(!result.steps.some((s) => s.name === "grace-password-reset"), "Grace's reset is never attempted");
      assert.deepEqual(emulator.calls("resetPassword"), []);
      assert.deepEqual(
        writeLog(emulator).filter((w) => !w.startsWith("POST createUser") && !w.endsWith("margaret@example.com")),
        [],
        "only creates were tried on them",
      );
      for (const [name, user] of Object.entries(existing)) assert.deepEqual(emulator.getUser(user.username), user, `${name} untouched`);
      const inState = (await stack.resources()).filter((r) => r.type.endsWith(":User"));
      assert.ok(
        inState.every((r) => r.urn.endsWith("::margaret")),
        "only Margaret (created) can be in state",
      );
    },
  );

  story.step(
    "with adoptExisting on those people, the next up adopts them: nothing created for them, a PATCH only for the one who differs, then Grace's reset",
    async () => {
      roster.edit((people) => {
        for (const name of ["ada", "grace", "linus"]) RosterCopy.person(people, name).adoptExisting = true;
      });
      const result = await stack.up();
      assert.equal(result.error, undefined);
      // With adoptExisting the provider looks first (GET) and POSTs only on a 404: nothing is
      // created or refused for them, and only Ada, who differs, is written.
      const theirs = writeLog(emulator).filter((w) => !w.endsWith("margaret@example.com"));
      assert.deepEqual(theirs.sort(), ["PATCH updateUser ada@example.com", "POST resetPassword grace"]);
      const adaPatch = emulator.calls("updateUser").find((c) => c.username === "ada@example.com");
      assert.deepEqual(adaPatch?.body, { description: "Platform team lead", api_roles: ["administrator"] });
      assert.deepEqual(usernames(emulator), ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"]);
      const ids = Object.fromEntries(
        (await stack.resources()).filter((r) => r.type.endsWith(":User")).map((r) => [r.urn.split("::").pop(), r.id]),
      );
      for (const [name, user] of Object.entries(existing)) assert.equal(ids[name], user.id, `${name} adopted, not recreated`);
      assert.deepEqual(emulator.getUser("ada@example.com")?.api_roles, ["administrator"]);
      assert.deepEqual(result.outputs.unmanagedUsers, []);
    },
  );

  story.step("then: it has converged: a second up makes no write", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(writeLog(emulator), []);
  });

  story.step("destroy deletes the adopted users too: the emulator is empty", async () => {
    const result = await stack.destroy();
    assert.equal(result.error, undefined);
    assert.deepEqual(emulator.users(), []);
  });
});
