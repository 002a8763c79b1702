/**
 * examples/team as users run it, plain `pulumi` through the real engine: the roster file is the
 * whole workflow. The whole story in the example's folder; at the repository's root, whose
 * Pulumi.yaml runs the same program (`main: examples/team/index.ts`), its lifecycle: preview,
 * up, no changes, refresh, destroy, with the same steps, calls and users.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_API_KEY, type VectaraEmulator } from "vectara-emulator";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { EXAMPLES, vectaraSteps } from "../support/engine";
import { describePlainStory, type PlainStack } from "../support/plain-cli";
import type { Story } from "../support/story";
import {
  apiKeyTarget,
  assertNoChanges,
  assertNoneIn,
  describeCall,
  isEncryptedSecret,
  openPlain,
  RosterCopy,
  storyHooks,
  usernames,
  writeLog,
} from "./helpers";

const { person } = RosterCopy;
/** A user added by hand in the console, whom the stack never manages. */
const WALK_IN = "walkin@example.com";

/** The emulator, stack and roster of the story running; set before its first step. */
interface Team {
  emulator: VectaraEmulator;
  stack: PlainStack;
  roster: RosterCopy;
  /** Users made by hand in the console, whom the stack never manages. */
  handMade: string[];
}

/** The team example's project in `dir` against a fresh emulator, reading a copy of its roster. */
function teamStack(story: Story, dir: string): Team {
  const team = {} as Team;
  storyHooks(
    story,
    (emulator) => {
      // Ada and Linus get resets too: Ada's trigger will change, Linus will be recreated.
      team.roster = new RosterCopy((people) => {
        person(people, "ada").passwordResetTrigger = "2026-11";
        person(people, "linus").passwordResetTrigger = "welcome";
      });
      return openPlain(dir, apiKeyTarget(emulator), { "vectara-team:roster": team.roster.file });
    },
    (emulator, stack) => Object.assign(team, { emulator, stack, handMade: [] }),
  );
  return team;
}

const STEPS = {
  preview: [
    "preview makes no API call, not even the unmanaged-users lookup, and lists one user per person and their resets",
    async ({ stack, emulator }: Team) => {
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
    },
  ],
  up: [
    "up creates one user per person, and sends each reset once, after its user exists",
    async ({ stack, emulator }: Team) => {
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
    },
  ],
  noChanges: [
    "then: preview --expect-no-changes passes, and a second up writes nothing (the lookup only reads)",
    async ({ stack, emulator }: Team) => {
      await assertNoChanges(stack, emulator, ["listUsers"]);
    },
  ],
  refresh: [
    "refresh finds no drift: one read per managed user, no write, nothing changed",
    async (team: Team) => {
      const { stack, emulator } = team;
      const refreshed = await stack.refresh();
      assert.equal(refreshed.error, undefined);
      assert.deepEqual(vectaraSteps(refreshed), []);
      assert.deepEqual(
        emulator.calls().map(describeCall).sort(),
        usernames(emulator)
          .filter((u) => !team.handMade.includes(u))
          .map((u) => `GET getUser ${u}`),
      );
    },
  ],
  destroy: [
    "destroy deletes every managed user, sends no reset, and leaves the hand-made ones alone",
    async ({ stack, emulator, handMade }: Team) => {
      const result = await stack.destroy();
      assert.equal(result.error, undefined);
      assert.deepEqual(usernames(emulator), [...handMade].sort());
      assert.deepEqual(emulator.calls("resetPassword"), [], "a destroy sends no reset");
      const order = result.steps.map((s) => s.name);
      for (const name of ["ada", "grace", "linus"])
        assert.ok(order.indexOf(`${name}-password-reset`) < order.indexOf(name), `${name}'s reset goes first: ${order.join(", ")}`);
      assert.deepEqual(await stack.resources(), []);
    },
  ],
} satisfies Record<string, [string, (team: Team) => Promise<void>]>;

function step(story: Story, team: Team, [name, body]: [string, (team: Team) => Promise<void>]): void {
  story.step(name, () => body(team));
}

describePlainStory("examples/team with plain `pulumi` in its folder, through the real engine: one stack's story", function (story) {
  const team = teamStack(story, path.join(EXAMPLES, "team"));
  step(story, team, STEPS.preview);
  step(story, team, STEPS.up);
  step(story, team, STEPS.noChanges);

  story.step(
    "then: a roster edit applies exactly its update, replacement (old user deleted first) and delete, one reset for the changed trigger and one for the recreated user",
    async () => {
      team.roster.edit((people) => {
        person(people, "grace").apiRoles = ["corpus_developer", "corpus_administrator"]; // grace has a reset: it must not move
        person(people, "ada").passwordResetTrigger = "2026-12";
        person(people, "linus").email = "linus.t@example.com";
        return people.filter((p) => p.name !== "margaret");
      });
      team.emulator.putUser({ email: WALK_IN, api_roles: ["viewer"] }); // added by hand in the console
      team.handMade.push(WALK_IN);

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
      const planned = await team.stack.preview();
      assert.equal(planned.error, undefined);
      assert.deepEqual(vectaraSteps(planned), expected);
      assert.deepEqual(planned.steps.find((s) => s.op === "replace" && s.name === "linus")?.replaceKeys.sort(), ["email", "username"]);
      assert.deepEqual(planned.steps.find((s) => s.op === "replace" && s.name === "ada-password-reset")?.replaceKeys, ["triggers"]);
      assert.deepEqual(team.emulator.requests, [], "the preview is free");

      const result = await team.stack.up();
      assert.equal(result.error, undefined);
      assert.deepEqual(vectaraSteps(result), expected, "up does what the preview showed");
      const writes = writeLog(team.emulator);
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
      assert.deepEqual(team.emulator.getUser("grace")?.api_roles, ["corpus_developer", "corpus_administrator"]);
      assert.deepEqual(usernames(team.emulator), ["ada@example.com", "grace", "linus.t@example.com", "walkin@example.com"]);
      // Margaret is being deleted by this very run: she is not "unmanaged"; the hand-made user is.
      assert.deepEqual(result.outputs.unmanagedUsers, ["walkin@example.com"]);
    },
  );

  story.step("then: the stack has converged: the next up changes nothing and still names only the hand-made user", async () => {
    const result = await team.stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(writeLog(team.emulator), []);
    assert.deepEqual(result.outputs.unmanagedUsers, ["walkin@example.com"]);
  });

  story.step("then: someone added back by hand, whom an earlier run removed from the roster, is flagged as unmanaged", async () => {
    team.emulator.putUser({ email: "margaret@example.com", api_roles: ["administrator"] });
    team.handMade.push("margaret@example.com");
    const result = await team.stack.up();
    assert.equal(result.error, undefined);
    assert.deepEqual(vectaraSteps(result), []);
    assert.deepEqual(result.outputs.unmanagedUsers, ["margaret@example.com", "walkin@example.com"]);
  });

  story.step(
    "the exported state (and every file of the backend) holds no API key, token or one-time code; the reset codes are encrypted secrets",
    async () => {
      const secrets = [DEFAULT_API_KEY, ...team.emulator.issuedTokens(), ...team.emulator.issuedCodes()];
      assertNoneIn(await team.stack.exportText(), secrets, "pulumi stack export");
      assertNoneIn(team.stack.backendText(), secrets, "the file backend");
      assert.equal(team.emulator.issuedCodes().length, 5, "the emulator answered each reset with a one-time code");
      const resets = (await team.stack.resources()).filter((r) => r.type.endsWith(":PasswordReset"));
      assert.equal(resets.length, 3);
      for (const r of resets) assert.ok(isEncryptedSecret(r.outputs?.oneTimeCode) && isEncryptedSecret(r.outputs?.oneTimeCodeLink), r.urn);
    },
  );

  step(story, team, STEPS.refresh);
  step(story, team, STEPS.destroy);
});

describePlainStory(
  "the repository's root project (Pulumi.yaml: the team example) with plain `pulumi`, through the real engine",
  function (story) {
    const team = teamStack(story, REPO_ROOT);
    for (const s of [STEPS.preview, STEPS.up, STEPS.noChanges, STEPS.refresh, STEPS.destroy]) step(story, team, s);
  },
);
