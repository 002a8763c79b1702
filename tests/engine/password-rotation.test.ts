/** examples/password-rotation as users run it, plain `pulumi` in its folder through the real engine, with OAuth client credentials. */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_CLIENT_SECRET, type VectaraEmulator } from "vectara-emulator";
import { EXAMPLES, vectaraSteps } from "../support/engine";
import { describePlainStory, type PlainStack } from "../support/plain-cli";
import {
  assertNoChanges,
  assertNoneIn,
  describeCall,
  isEncryptedSecret,
  oauthTarget,
  openPlain,
  storyHooks,
  usernames,
  writeLog,
} from "./helpers";

const DAY = 24 * 60 * 60 * 1000;

describePlainStory(
  "examples/password-rotation with plain `pulumi` in its folder, through the real engine: one stack's story",
  function (story) {
    let emulator: VectaraEmulator;
    let stack: PlainStack;
    const resetsSent = () => emulator.calls("resetPassword").map((c) => c.username);
    storyHooks(
      story,
      (emulator) => openPlain(path.join(EXAMPLES, "password-rotation"), oauthTarget(emulator)),
      (e, s) => ((emulator = e), (stack = s)),
    );

    story.step("preview sends nothing; the first up sends one reset to each user, after that user exists", async () => {
      const planned = await stack.preview();
      assert.equal(planned.error, undefined);
      assert.deepEqual(vectaraSteps(planned), [
        "create linus",
        "create linus-password-reset",
        "create margaret",
        "create margaret-password-reset",
      ]);
      assert.deepEqual(emulator.requests, [], "no request at all, token included");

      const result = await stack.up();
      assert.equal(result.error, undefined);
      assert.deepEqual(usernames(emulator), ["linus@example.com", "margaret@example.com"]);
      const writes = writeLog(emulator);
      for (const who of ["linus@example.com", "margaret@example.com"]) {
        assert.ok(writes.indexOf(`POST createUser ${who}`) < writes.indexOf(`POST resetPassword ${who}`), writes.join("\n"));
      }
      assert.deepEqual(resetsSent().sort(), ["linus@example.com", "margaret@example.com"]);
      const lastResets = result.outputs.lastResets as Record<string, string>;
      assert.ok(
        Date.parse(lastResets.linus) > Date.now() - DAY && Date.parse(lastResets.margaret) > Date.now() - DAY,
        JSON.stringify(lastResets),
      );
    });

    story.step("then: preview --expect-no-changes passes, and an up with nothing due sends none", async () => {
      await assertNoChanges(stack, emulator);
    });

    story.step("then: a new trigger value sends exactly one reset, to Linus", async () => {
      await stack.setConfig("vectara-password-rotation:resetWave", "2");
      const planned = await stack.preview();
      assert.deepEqual(vectaraSteps(planned), [
        "create-replacement linus-password-reset",
        "delete-replaced linus-password-reset",
        "replace linus-password-reset",
      ]);
      assert.deepEqual(emulator.requests, []);
      const result = await stack.up();
      assert.equal(result.error, undefined);
      assert.deepEqual(writeLog(emulator), ["POST resetPassword linus@example.com"]);
    });

    story.step(
      "then: once 90 days have passed, the preview shows Margaret's reset coming, up sends it, and it is not due again",
      async () => {
        // Age her last reset in state, as 91 days of calendar would.
        await stack.editState((resources) => {
          const reset = resources.find((r) => r.urn.endsWith("::margaret-password-reset"))!;
          reset.outputs!.resetAt = new Date(Date.now() - 91 * DAY).toISOString();
        });
        const planned = await stack.preview();
        assert.deepEqual(vectaraSteps(planned), [
          "create-replacement margaret-password-reset",
          "delete-replaced margaret-password-reset",
          "replace margaret-password-reset",
        ]);
        assert.deepEqual(planned.steps.find((s) => s.op === "replace")?.replaceKeys, ["resetAt"]);
        assert.deepEqual(emulator.requests, [], "the preview sends nothing");
        const result = await stack.up();
        assert.equal(result.error, undefined);
        assert.deepEqual(writeLog(emulator), ["POST resetPassword margaret@example.com"]);
        const again = await stack.preview({ expectNoChanges: true });
        assert.equal(again.error, undefined, "rotated: not due again");
      },
    );

    story.step(
      "the one-time codes are encrypted secrets; the exported state (and every file of the backend) holds no client secret, token or code",
      async () => {
        const resets = (await stack.resources()).filter((r) => r.type.endsWith(":PasswordReset"));
        assert.equal(resets.length, 2);
        for (const r of resets)
          assert.ok(isEncryptedSecret(r.outputs?.oneTimeCode) && isEncryptedSecret(r.outputs?.oneTimeCodeLink), r.urn);
        assert.equal(emulator.issuedCodes().length, 4, "the emulator answered each reset with a code");
        assert.ok(emulator.issuedTokens().length >= 1);
        const secrets = [DEFAULT_CLIENT_SECRET, ...emulator.issuedTokens(), ...emulator.issuedCodes()];
        assertNoneIn(await stack.exportText(), secrets, "pulumi stack export");
        assertNoneIn(stack.backendText(), secrets, "the file backend");
        // With secrets shown, they are the codes the emulator sent.
        const shown = (await stack.resources({ showSecrets: true })).filter((r) => r.type.endsWith(":PasswordReset"));
        for (const r of shown) {
          const code = r.outputs?.oneTimeCode as { plaintext: string };
          assert.ok(emulator.issuedCodes().includes(JSON.parse(code.plaintext)), r.urn);
        }
      },
    );

    story.step("refresh finds no drift: one read per user, no write, nothing changed (a reset has nothing to read)", async () => {
      const refreshed = await stack.refresh();
      assert.equal(refreshed.error, undefined);
      assert.deepEqual(vectaraSteps(refreshed), []);
      assert.deepEqual(writeLog(emulator), []);
      assert.deepEqual(emulator.calls().map(describeCall).sort(), ["GET getUser linus@example.com", "GET getUser margaret@example.com"]);
    });

    story.step("destroy sends no reset and deletes the users", async () => {
      const result = await stack.destroy();
      assert.equal(result.error, undefined);
      assert.deepEqual(resetsSent(), []);
      assert.deepEqual(emulator.users(), []);
    });
  },
);
