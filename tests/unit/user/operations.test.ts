/**
 * VectaraUser's create / read / update / delete in-process: the operations get a client of the
 * test's own (the seam providers/user.ts fills with the shared connection), against the
 * emulator. Fast, so every create and adopt path is covered here; the host and engine tiers
 * cover the same paths as the engine drives them.
 */
import assert from "node:assert/strict";
import { UsersClient } from "../../../provider/client";
import { checkUser } from "../../../provider/resources/user/check";
import { UserClaims } from "../../../provider/resources/user/claims";
import { userOperations } from "../../../provider/resources/user/operations";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";

const calls = (emulator: VectaraEmulator) => emulator.calls().map((c) => `${c.method} ${c.status}`);

describe("VectaraUser operations with an injected client", function () {
  this.timeout(20000);
  let emulator: VectaraEmulator;
  let client: UsersClient;
  /** The operations of one run: a provider host of its own, with nothing claimed yet. */
  const run = () => userOperations(() => client, undefined, new UserClaims());
  let ops = run();
  const inputs = (props: Record<string, unknown>) => {
    const checked = checkUser({}, props);
    assert.deepEqual(checked.failures, []);
    return checked.inputs;
  };

  before(async () => {
    emulator = await VectaraEmulator.start();
    client = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 2, retryBaseDelayMs: 1 }, {});
  });
  after(async () => {
    client?.close();
    await emulator?.stop();
  });
  beforeEach(() => {
    emulator.clearLog();
    emulator.clearFaults();
    ops = run();
  });

  it("create: one POST; the outputs are the table's, with the server's id and times", async () => {
    const created = await ops.create(
      inputs({ email: "ada@example.com", apiRoles: ["viewer"], corpusRoles: [{ corpusKey: "docs", role: "editor" }] }),
    );
    assert.deepEqual(calls(emulator), ["POST 201"]);
    assert.deepEqual(emulator.calls("createUser")[0].body, {
      email: "ada@example.com",
      username: "ada@example.com",
      api_roles: ["viewer"],
      corpus_roles: [{ corpus_key: "docs", role: "editor" }],
      agent_roles: [],
    });
    const user = emulator.getUser("ada@example.com")!;
    assert.deepEqual(created, {
      id: user.id,
      outs: {
        userId: user.id,
        email: "ada@example.com",
        username: "ada@example.com",
        description: "",
        apiRoles: ["viewer"],
        corpusRoles: [{ corpusKey: "docs", role: "editor" }],
        agentRoles: [],
        enabled: true,
        adoptExisting: false,
        createdAt: user.created_at,
        updatedAt: user.updated_at,
      },
    });
  });

  it("create of an existing user: 409, a message naming the likely causes in order, nothing changed", async () => {
    emulator.putUser({ email: "bea@example.com", api_roles: ["viewer"] });
    await assert.rejects(ops.create(inputs({ email: "bea@example.com", apiRoles: ["administrator"] })), (e: Error) => {
      assert.match(e.message, /^Vectara user "bea@example.com" already exists \(409\), and no resource of this stack manages it\./);
      const causes = [
        "(1) A duplicate in this program",
        "(2) A user that another Pulumi stack or a person manages",
        "(3) An earlier `pulumi up` was interrupted",
      ];
      const at = causes.map((cause) => e.message.indexOf(cause));
      assert.ok(
        at.every((i, n) => i > 0 && (n === 0 || i > at[n - 1])),
        `causes in order: ${at}`,
      );
      assert.match(e.message, /`aliases: \[\{ name: "old-name" \}\]`/);
      // Adopting is recommended only with the condition that makes it right.
      assert.deepEqual(
        [...e.message.matchAll(/adoptExisting: true`[^.]*/g)].map((m) => m[0]),
        [
          "adoptExisting: true` on this resource only if this stack should manage that user from now on: its roles, description and enabled state become what this program declares, and removing the resource deletes the user",
        ],
      );
      assert.match(
        e.message,
        /`pulumi config set vectara:adoptExactMatches true` and `pulumi up`.*match exactly.*`pulumi config rm vectara:adoptExactMatches`/,
      );
      return true;
    });
    assert.deepEqual(calls(emulator), ["POST 409", "GET 200"]);
    assert.deepEqual(emulator.getUser("bea@example.com")?.api_roles, ["viewer"]);
  });

  it("adoptExisting: looks first (no POST), takes the user over and PATCHes it to the declared state", async () => {
    const existing = emulator.putUser({ email: "cy@example.com", api_roles: ["viewer"], description: "by hand" });
    const created = await ops.create(inputs({ email: "cy@example.com", apiRoles: ["administrator"], adoptExisting: true }));
    assert.equal(created.id, existing.id);
    assert.deepEqual(calls(emulator), ["GET 200", "PATCH 200"]);
    assert.deepEqual(emulator.calls("updateUser")[0].body, { description: "", api_roles: ["administrator"] });
    assert.equal(created.outs.adoptExisting, true);
  });

  it("adoptExisting of a user already as declared: one GET, nothing written", async () => {
    const existing = emulator.putUser({ email: "cyd@example.com", username: "cyd", api_roles: ["viewer"], enabled: false });
    const created = await ops.create(
      inputs({ email: "cyd@example.com", username: "cyd", apiRoles: ["viewer"], enabled: false, adoptExisting: true }),
    );
    assert.deepEqual(calls(emulator), ["GET 200"]);
    assert.equal(created.id, existing.id);
    assert.equal(created.outs.enabled, false);
  });

  it("adoptExisting of a user that is not there: GET 404, then the usual POST", async () => {
    const created = await ops.create(inputs({ email: "cyn@example.com", apiRoles: ["viewer"], adoptExisting: true }));
    assert.deepEqual(calls(emulator), ["GET 404", "POST 201"]);
    assert.equal(created.id, emulator.getUser("cyn@example.com")?.id);
  });

  it("adoptExisting when the email belongs to another username: GET 404, POST 409, the same clear error", async () => {
    emulator.putUser({ email: "cyra@example.com", username: "cyra-old" });
    await assert.rejects(
      ops.create(inputs({ email: "cyra@example.com", username: "cyra-new", adoptExisting: true })),
      /Another user already has the email "cyra@example.com" under a different username/,
    );
    assert.deepEqual(calls(emulator), ["GET 404", "POST 409", "GET 404"]);
  });

  it("never adopts a user whose email differs, and never POSTs for it", async () => {
    emulator.putUser({ email: "other@example.com", username: "dee" });
    await assert.rejects(
      ops.create(inputs({ email: "dee@example.com", username: "dee", adoptExisting: true })),
      /Vectara user "dee" exists with email "other@example.com", not "dee@example.com"/,
    );
    assert.deepEqual(calls(emulator), ["GET 200"]);
    assert.equal(emulator.writes().length, 0);
  });

  it("an email taken under another username: says so", async () => {
    emulator.putUser({ email: "eve@example.com", username: "eve-old" });
    await assert.rejects(
      ops.create(inputs({ email: "eve@example.com", username: "eve-new" })),
      /Another user already has the email "eve@example.com"/,
    );
  });

  it("a POST whose answer is lost after it acted: reconciled by one GET, exactly one user", async () => {
    emulator.inject("createUser", { kind: "commitThenFail", then: "reset" });
    const created = await ops.create(inputs({ email: "fay@example.com" }));
    assert.deepEqual(calls(emulator), ["POST 0", "GET 200"], "the POST's socket was destroyed after it acted (status 0)");
    assert.equal(emulator.users().filter((u) => u.email === "fay@example.com").length, 1);
    assert.equal(created.id, emulator.getUser("fay@example.com")?.id);
  });

  it("a lost answer, and the username turns out to belong to another email: no second POST, a clear error", async () => {
    emulator.putUser({ email: "someone@example.com", username: "gus" });
    emulator.inject("createUser", { kind: "status", status: 503 });
    await assert.rejects(
      ops.create(inputs({ email: "gus@example.com", username: "gus" })),
      /Vectara user "gus" exists with email "someone@example.com"/,
    );
    assert.deepEqual(calls(emulator), ["POST 503", "GET 200"]);
  });

  it("POSTs that never act: each followed by a GET, at most maxRetries more POSTs, then a clear error", async () => {
    emulator.inject("createUser", { kind: "status", status: 500, times: 3 });
    await assert.rejects(
      ops.create(inputs({ email: "hal@example.com" })),
      /the POST failed 3 times and a GET after each found no such user/,
    );
    assert.deepEqual(calls(emulator), ["POST 500", "GET 404", "POST 500", "GET 404", "POST 500", "GET 404"]);
    assert.equal(emulator.getUser("hal@example.com"), undefined);
  });

  it("a server that creates users disabled: the POST, then one PATCH enabling the user", async () => {
    const disabled = await VectaraEmulator.start({ initialEnabled: false });
    const own = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: disabled.url }, {});
    try {
      const created = await userOperations(() => own).create(inputs({ email: "ida@example.com" }));
      assert.deepEqual(calls(disabled), ["POST 201", "PATCH 200"]);
      assert.equal(created.outs.enabled, true);
    } finally {
      own.close();
      await disabled.stop();
    }
  });

  it("read: one GET; update: a GET making sure the user is ours, then one PATCH; an update changing nothing in Vectara: no call", async () => {
    const { id, outs } = await ops.create(inputs({ email: "jo@example.com" }));
    emulator.clearLog();
    const read = await ops.read!(id, outs);
    assert.equal(read.id, id);
    assert.deepEqual(Object.keys(read.inputs ?? {}).sort(), [
      "adoptExisting",
      "agentRoles",
      "apiRoles",
      "corpusRoles",
      "description",
      "email",
      "enabled",
      "username",
    ]);
    const updated = await ops.update!(id, outs, inputs({ email: "jo@example.com", description: "now" }));
    assert.equal(updated.outs.description, "now");
    const unchanged = await ops.update!(id, updated.outs, inputs({ email: "jo@example.com", description: "now", adoptExisting: true }));
    assert.equal(unchanged.outs.adoptExisting, true, "adoptExisting changes nothing in Vectara, only in state");
    assert.deepEqual(calls(emulator), ["GET 200", "GET 200", "PATCH 200"]);
  });

  it("delete: a GET making sure the user is ours, then one DELETE; already gone: the GET alone", async () => {
    const { id, outs } = await ops.create(inputs({ email: "kit@example.com" }));
    emulator.clearLog();
    ops = run(); // a later run
    await ops.delete!(id, outs);
    assert.equal(emulator.getUser("kit@example.com"), undefined);
    await ops.delete!(id, outs); // already gone is what we wanted
    assert.deepEqual(calls(emulator), ["GET 200", "DELETE 204", "GET 404"]);
  });
});
