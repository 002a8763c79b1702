/**
 * One Vectara user, one resource (issue 17): what the provider host refuses with what the
 * resources of a run claim (claims.ts), the stack-wide `vectara:adoptExactMatches`, and the pure
 * parts (the keys two resources may not share, the message naming both, the diff that claims).
 * The operations run in-process against the emulator; the same stories run through the real
 * engine in tests/engine/safety-duplicates.test.ts and safety-killed-host.test.ts.
 */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { UsersClient, VectaraConfigError } from "../../../provider/client";
import { resolve } from "../../../provider/client/settings";
import { checkUser } from "../../../provider/resources/user/check";
import { claimingDiff, UserClaims } from "../../../provider/resources/user/claims";
import { diffUser } from "../../../provider/resources/user/diff";
import { userOperations } from "../../../provider/resources/user/operations";
import { UNKNOWN } from "../../../provider/framework/values";
import { DUPLICATE_INPUT, duplicateMessage, uniqueKeys, usernameOf } from "../../../provider/resources/user/uniqueness";

const inputs = (props: Record<string, unknown>) => {
  const checked = checkUser({}, props);
  assert.deepEqual(checked.failures, []);
  return checked.inputs;
};

describe("one Vectara user, one resource: the pure parts", () => {
  it("a user is unique by username and by email, without regard to case; the username defaults to the email", () => {
    assert.equal(usernameOf("Ada@example.com", undefined), "Ada@example.com");
    assert.equal(usernameOf("ada@example.com", "ada"), "ada");
    assert.deepEqual(uniqueKeys({ email: "Ada@Example.com", username: "ADA" }), ["username:ada", "email:ada@example.com"]);
    // A username that looks like another user's email is not that email.
    const a = uniqueKeys({ email: "a@example.com", username: "alice" });
    const b = uniqueKeys({ email: "b@example.com", username: "a@example.com" });
    assert.deepEqual(
      a.filter((key) => b.includes(key)),
      [],
    );
  });

  it("the message names both resources and what they share, and hides secret values", () => {
    const first = { name: "alice", email: "alice@example.com", username: "alice@example.com" };
    assert.match(
      duplicateMessage(first, { name: "alice-admin", email: "Alice@example.com", username: "Alice@example.com" }),
      /^VectaraUser resources "alice" and "alice-admin" both declare the Vectara user "Alice@example.com" \(the same username and email, compared without regard to case\)\. One Vectara user can be managed by one resource only/,
    );
    assert.match(
      duplicateMessage(first, { name: "al", email: "alice@example.com", username: "al" }),
      /"alice" and "al" both declare the email "alice@example.com", which Vectara gives to one user only/,
    );
    const secret = duplicateMessage(first, { name: "s", email: "alice@example.com", username: "alice@example.com" }, true);
    assert.ok(!secret.includes("alice@example.com"), secret);
    assert.match(secret, /both declare the same Vectara user \(its username or email is a secret, not shown here\)\./);
  });

  it("check refuses a resource the program marked as a duplicate, as a problem of the resource; the marker never reaches the inputs", () => {
    const message = 'VectaraUser resources "a" and "b" both declare …';
    const checked = checkUser({}, { email: "a@example.com", apiRoles: ["bogus"], [DUPLICATE_INPUT]: message });
    assert.deepEqual(checked.failures[0], { property: "", reason: message });
    assert.equal(checked.failures.length, 2, "the other problems are still reported");
    assert.equal(DUPLICATE_INPUT in checked.inputs, false);
    // Unknown in a preview (an output not known yet): checked when it is known, by the up.
    assert.deepEqual(checkUser({}, { email: "a@example.com", [DUPLICATE_INPUT]: UNKNOWN }).failures, []);
  });

  it("a diff claims the user it keeps; a replacement's diff claims nothing (its delete must delete)", () => {
    const claims = new UserClaims();
    const diff = claimingDiff(diffUser, claims);
    const olds = { userId: "usr_1", ...inputs({ email: "a@example.com" }) };
    assert.equal(diff("usr_1", olds, inputs({ email: "a@example.com", description: "x" })).changes, true);
    assert.ok(claims.claimed("usr_1"), "an update keeps the user");
    const replacing = { userId: "usr_2", ...inputs({ email: "b@example.com" }) };
    assert.deepEqual(diff("usr_2", replacing, inputs({ email: "b2@example.com" })).replaces, ["email", "username"]);
    assert.equal(claims.claimed("usr_2"), false);
    // A create whose answer was lost names no user yet: nothing to claim.
    diff("unconfirmed-create:c@example.com", { ...inputs({ email: "c@example.com" }), userId: "" }, inputs({ email: "c@example.com" }));
    assert.equal(claims.claimed(""), false);
  });

  it("vectara:adoptExactMatches is true or false (absent: false), and says how to set it otherwise", () => {
    const resolveAdoptExactMatches = (value: string | undefined) =>
      resolve({ config: (key) => (key === "vectara:adoptExactMatches" ? value : undefined), env: {} }).adoptExactMatches;
    assert.equal(resolveAdoptExactMatches(undefined), false);
    assert.equal(resolveAdoptExactMatches("false"), false);
    assert.equal(resolveAdoptExactMatches("true"), true);
    assert.throws(
      () => resolveAdoptExactMatches("yes"),
      (e: Error) =>
        e instanceof VectaraConfigError &&
        e.message ===
          'vectara:adoptExactMatches must be true or false, got "yes". Set it with `pulumi config set vectara:adoptExactMatches true`, or remove it for the default (false).',
    );
  });
});

describe("one Vectara user, one resource: what the provider host refuses", function () {
  this.timeout(20000);
  let emulator: VectaraEmulator;
  let client: UsersClient;
  let claims: UserClaims;
  const calls = () => emulator.calls().map((c) => `${c.method} ${c.status}`);
  const ops = (adoptExactMatches = false) =>
    userOperations(
      () => client,
      () => ({ adoptExactMatches }),
      claims,
    );

  before(async () => {
    emulator = await VectaraEmulator.start();
    client = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 1, retryBaseDelayMs: 1 }, {});
  });
  after(async () => {
    client?.close();
    await emulator?.stop();
  });
  beforeEach(() => {
    for (const user of emulator.users()) emulator.removeUser(user.username);
    emulator.clearLog();
    claims = new UserClaims();
  });

  it("adoptExisting never takes over a user another resource of the run keeps: one GET, nothing written", async () => {
    const viewer = emulator.putUser({ email: "vi@example.com", api_roles: ["viewer"] });
    claims.claim(viewer.id); // e.g. the diff of the resource that manages it
    await assert.rejects(
      ops().create(inputs({ email: "vi@example.com", apiRoles: ["administrator"], adoptExisting: true })),
      /Vectara user "vi@example.com" \(usr_\w+\) is managed by another VectaraUser of this stack, and is never taken over from it.*remove one of them/s,
    );
    assert.deepEqual(calls(), ["GET 200"]);
    assert.deepEqual(emulator.getUser("vi@example.com")?.api_roles, ["viewer"], "still a viewer");
  });

  it("a 409 for a user another resource keeps says so, not how to adopt", async () => {
    const kept = emulator.putUser({ email: "kay@example.com" });
    claims.claim(kept.id);
    await assert.rejects(ops().create(inputs({ email: "kay@example.com" })), (e: Error) => {
      assert.match(e.message, /is managed by another VectaraUser of this stack/);
      assert.doesNotMatch(e.message, /adoptExisting: true/);
      return true;
    });
    assert.deepEqual(calls(), ["POST 409", "GET 200"]);
  });

  it("a delete leaves a user that a declared resource keeps (the resource leaves the stack, the user stays)", async () => {
    const { id, outs } = await ops().create(inputs({ email: "ren@example.com" }));
    claims = new UserClaims(); // the next run: the renamed resource's diff keeps the user
    claims.claim(id);
    emulator.clearLog();
    await ops().delete!(id, outs);
    assert.deepEqual(calls(), ["GET 200"], "no DELETE");
    assert.equal(emulator.getUser("ren@example.com")?.id, id);
  });

  it("two creates of one user in one run (same email, another case): the second sends nothing", async () => {
    await ops().create(inputs({ email: "twin@example.com" }));
    emulator.clearLog();
    await assert.rejects(
      ops().create(inputs({ email: "Twin@example.com", username: "twin-2" })),
      /Another VectaraUser of this program creates the Vectara user "twin-2" \(or one with the email "Twin@example.com", compared without regard to case\) in this run; nothing was sent/,
    );
    assert.deepEqual(calls(), []);
  });

  describe("vectara:adoptExactMatches", () => {
    it("a create looks first and takes over a user whose username and email match exactly: GET, then a PATCH of what differs", async () => {
      const orphan = emulator.putUser({ email: "orphan@example.com", api_roles: [] });
      const created = await ops(true).create(inputs({ email: "orphan@example.com", apiRoles: ["viewer"] }));
      assert.equal(created.id, orphan.id);
      assert.deepEqual(calls(), ["GET 200", "PATCH 200"]);
      assert.ok(claims.claimed(orphan.id));
    });

    it("no such user: GET 404, then the POST", async () => {
      const created = await ops(true).create(inputs({ email: "fresh@example.com" }));
      assert.deepEqual(calls(), ["GET 404", "POST 201"]);
      assert.equal(created.id, emulator.getUser("fresh@example.com")?.id);
    });

    it("never takes over a user whose email or username differs, even only in case: nothing written", async () => {
      emulator.putUser({ email: "Case@example.com", username: "case" });
      await assert.rejects(
        ops(true).create(inputs({ email: "case@example.com", username: "case" })),
        /Vectara user "case" exists with username "case" and email "Case@example.com", not exactly this resource's \("case", "case@example.com"\), so vectara:adoptExactMatches does not take it over; nothing was changed/,
      );
      emulator.putUser({ email: "other@example.com", username: "taken" });
      await assert.rejects(
        ops(true).create(inputs({ email: "mine@example.com", username: "taken" })),
        /exists with email "other@example.com"/,
      );
      assert.deepEqual(calls(), ["GET 200", "GET 200"]);
    });

    it("never takes over a user another resource of the run keeps", async () => {
      const kept = emulator.putUser({ email: "held@example.com" });
      claims.claim(kept.id);
      await assert.rejects(ops(true).create(inputs({ email: "held@example.com" })), /managed by another VectaraUser of this stack/);
      assert.deepEqual(calls(), ["GET 200"]);
    });
  });
});
