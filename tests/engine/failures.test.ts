/**
 * Failing runs through the real engine: a non-zero exit with a clear message, never a hang,
 * and state and Vectara agreeing afterwards. Each case has its own stack and emulator.
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import { describeEngine, vectaraSteps } from "../support/engine";
import { assertFailed, openExample, openTeam, RosterCopy, usernames, writeLog } from "./helpers";

describeEngine("failing runs through the real engine end with a clear error, never a hang", () => {
  let emulator: VectaraEmulator;
  afterEach(async () => emulator?.stop());

  it("a wrong API key: the team's up fails with the 401 message (not the key), creates nothing, and ends though resets wait on the users", async () => {
    emulator = await VectaraEmulator.start();
    const wrongKey = "zut_not_a_known_key_4242";
    const stack = await openTeam(emulator, new RosterCopy(), wrongKey);
    const result = await stack.up();
    const error = assertFailed(result);
    assert.match(error, /Vectara API 401 Unauthorized .*the API key was rejected/);
    const perUser = result.errors.filter((e) => e.name !== "");
    assert.ok(perUser.length >= 1, error);
    for (const e of perUser)
      assert.match(e.message, /^Vectara API 401 Unauthorized on POST \/v2\/users: .*the API key was rejected/, e.name);
    assert.ok(!error.includes(wrongKey), "the key is not in the message");
    assert.ok(!result.steps.some((s) => s.name === "grace-password-reset"), "the reset waiting on Grace is never attempted");
    assert.deepEqual(emulator.users(), []);
    assert.deepEqual(
      emulator.calls().map((c) => c.status),
      emulator.calls().map(() => 401),
      "every call refused, none retried into a write",
    );
    assert.deepEqual(
      (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
      [],
    );
  });

  it("a bad role: the preview fails naming the person's resource, the value and the valid roles, with no API call", async () => {
    emulator = await VectaraEmulator.start();
    const roster = new RosterCopy((people) => {
      RosterCopy.person(people, "linus").apiRoles = ["corpus_admin"];
    });
    const stack = await openTeam(emulator, roster);
    const result = await stack.preview();
    const error = assertFailed(result);
    const said = result.errors.find((e) => e.name === "linus")?.message ?? "";
    assert.match(
      said,
      /property apiRoles value \{\[\{corpus_admin\}\]\} has a problem: "corpus_admin" at apiRoles\[0\] is not a Vectara API role.*did you mean "corpus_administrator"\?.*Valid roles: owner, administrator/s,
    );
    assert.ok(error.includes('"corpus_admin" at apiRoles[0] is not a Vectara API role'), "the user sees it");
    assert.deepEqual(emulator.requests, [], "no request at all");
  });

  it("a create whose follow-up PATCH fails is kept in state as a partial failure, and the next up finishes it with a PATCH, no second POST", async () => {
    // The server creates users disabled: creating an enabled user takes POST + PATCH.
    emulator = await VectaraEmulator.start({ initialEnabled: false });
    emulator.inject("updateUser", { kind: "status", status: 500, times: 1 });
    const stack = await openExample("basic", emulator);
    const first = await stack.up();
    assert.match(assertFailed(first), /Vectara API 500/);
    assert.equal(emulator.calls("createUser").length, 2);
    const failedOne = emulator.calls("updateUser").find((c) => c.status === 500)!.username!;
    const users = await stack.resources();
    const partial = users.find((r) => r.outputs?.username === failedOne);
    assert.ok(partial, `${failedOne} was created: it is in state`);
    assert.equal(partial.id, emulator.getUser(failedOne)?.id);
    assert.ok(partial.initErrors?.length, "recorded as a partial failure");
    assert.equal(emulator.getUser(failedOne)?.enabled, false);

    emulator.clearLog();
    const second = await stack.up();
    assert.equal(second.error, undefined);
    assert.deepEqual(vectaraSteps(second), [`update ${partial.urn.split("::").pop()}`]);
    assert.deepEqual(writeLog(emulator), [`PATCH updateUser ${failedOne}`]);
    assert.deepEqual(
      emulator.users().map((u) => u.enabled),
      [true, true],
    );
    assert.deepEqual(usernames(emulator), ["ada@example.com", "grace"]);
    assert.deepEqual(
      (await stack.resources()).filter((r) => r.initErrors?.length),
      [],
    );
  });
});
