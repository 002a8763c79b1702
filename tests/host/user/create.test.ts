/**
 * The create paths that matter when Vectara does not simply answer 201: a user created
 * disabled, a username that exists already, and a POST whose outcome is unknown.
 */
import assert from "node:assert/strict";
import { HostError, type Props } from "../../support/host";
import { startProviderStack, withProvider, type ProviderStack } from "../../support/stack";

const calls = (stack: ProviderStack) => stack.emulator.calls().map((c) => `${c.method} ${c.route}`);

async function checked(stack: ProviderStack, props: Props): Promise<Props> {
  const result = await stack.host.check(stack.userUrn(String(props.email)), {}, withProvider(stack.userProvider, props));
  assert.deepEqual(result.failures, []);
  return result.inputs;
}

describe("VectaraUser create paths", function () {
  this.timeout(30000);

  describe("on a server that creates users disabled", () => {
    let stack: ProviderStack;
    before(async () => (stack = await startProviderStack({ emulator: { initialEnabled: false } })));
    after(async () => stack?.stop());
    beforeEach(() => stack.emulator.clearLog());

    it("follows the POST with one PATCH enabling the user", async () => {
      const inputs = await checked(stack, { email: "dana@example.com" });
      const created = await stack.host.create(stack.userUrn("dana"), inputs);
      assert.deepEqual(calls(stack), ["POST createUser", "PATCH updateUser"]);
      assert.deepEqual(stack.emulator.calls("updateUser")[0].body, { enabled: true });
      assert.equal(created.properties.enabled, true);
      assert.equal(stack.emulator.getUser("dana@example.com")?.enabled, true);
    });

    it("makes no PATCH when the desired state is disabled", async () => {
      const inputs = await checked(stack, { email: "erin@example.com", enabled: false });
      await stack.host.create(stack.userUrn("erin"), inputs);
      assert.deepEqual(calls(stack), ["POST createUser"]);
    });

    it("records a created user in state even when the PATCH after it fails", async () => {
      stack.emulator.inject("updateUser", { kind: "status", status: 400, message: "rejected" });
      const inputs = await checked(stack, { email: "fay@example.com" });
      const error = await stack.host.create(stack.userUrn("fay"), inputs).then(
        () => assert.fail("create should report the failed PATCH"),
        (e: HostError) => e,
      );
      assert.ok(error instanceof HostError);
      assert.match(error.message, /Created Vectara user "fay@example.com"/);
      assert.ok(error.initFailure, "a partial failure, so the engine keeps the id");
      assert.equal(error.initFailure.id, stack.emulator.getUser("fay@example.com")?.id);
      assert.equal(error.initFailure.properties.enabled, false);
      assert.equal(stack.emulator.users().filter((u) => u.email === "fay@example.com").length, 1);
    });
  });

  describe("when the user already exists", () => {
    let stack: ProviderStack;
    before(async () => (stack = await startProviderStack()));
    after(async () => stack?.stop());
    beforeEach(() => stack.emulator.clearLog());

    it("fails with a message that names the likely causes and when to adopt, and changes nothing", async () => {
      stack.emulator.putUser({ email: "gail@example.com", api_roles: ["viewer"], description: "by hand" });
      const inputs = await checked(stack, { email: "gail@example.com", apiRoles: ["administrator"] });
      await assert.rejects(stack.host.create(stack.userUrn("gail"), inputs), (e: HostError) => {
        assert.match(e.message, /already exists/);
        assert.match(e.message, /adoptExisting: true/);
        assert.match(e.message, /import/);
        assert.equal(e.initFailure, undefined, "nothing enters state");
        return true;
      });
      assert.equal(stack.emulator.writes().length, 1, "only the refused POST");
      assert.deepEqual(stack.emulator.getUser("gail@example.com")?.api_roles, ["viewer"]);
    });

    it("with adoptExisting (the next run), reads the user and patches it to the declared state", async () => {
      await stack.nextRun();
      const existing = stack.emulator.getUser("gail@example.com")!;
      const inputs = await checked(stack, { email: "gail@example.com", apiRoles: ["administrator"], adoptExisting: true });
      const created = await stack.host.create(stack.userUrn("gail"), inputs);
      assert.equal(created.id, existing.id);
      assert.deepEqual(calls(stack), ["GET getUser", "PATCH updateUser"], "looks first: no POST");
      assert.deepEqual(stack.emulator.calls("updateUser")[0].body, { api_roles: ["administrator"], description: "" });
      assert.deepEqual(stack.emulator.getUser("gail@example.com")?.api_roles, ["administrator"]);
      assert.equal(created.properties.adoptExisting, true);
    });

    it("refuses to adopt a user whose email differs", async () => {
      stack.emulator.putUser({ email: "other@example.com", username: "hank" });
      const inputs = await checked(stack, { email: "hank@example.com", username: "hank", adoptExisting: true });
      await assert.rejects(stack.host.create(stack.userUrn("hank"), inputs), /exists with email "other@example.com"/);
      assert.equal(stack.emulator.writes().length, 0);
    });
  });

  describe("on a server that lowercases emails", () => {
    let stack: ProviderStack;
    before(async () => (stack = await startProviderStack()));
    after(async () => stack?.stop());

    it("keeps the declared spelling, so later previews do not turn into replacements", async () => {
      const inputs = await checked(stack, { email: "Mixed.Case@Example.com", username: "mixed" });
      const created = await stack.host.create(stack.userUrn("mixed"), inputs);
      const user = stack.emulator.getUser("mixed")!;
      stack.emulator.putUser({ ...user, email: user.email.toLowerCase() });
      const read = await stack.host.read(stack.userUrn("mixed"), created.id, created.properties);
      assert.equal(read.properties.email, "Mixed.Case@Example.com");
      const diff = await stack.host.diff(stack.userUrn("mixed"), created.id, read.properties, inputs);
      assert.equal(diff.changes, "none");
    });
  });

  describe("when the POST's outcome is unknown", () => {
    let stack: ProviderStack;
    before(async () => (stack = await startProviderStack()));
    after(async () => stack?.stop());
    beforeEach(() => {
      stack.emulator.clearLog();
      stack.emulator.clearFaults();
    });

    for (const then of ["status", "reset"] as const) {
      it(`commit then fail (${then}): exactly one user, and the resource points at it`, async () => {
        const email = `commit-${then}@example.com`;
        stack.emulator.inject("createUser", { kind: "commitThenFail", then });
        const inputs = await checked(stack, { email });
        const created = await stack.host.create(stack.userUrn(email), inputs);
        const users = stack.emulator.users().filter((u) => u.email === email);
        assert.equal(users.length, 1);
        assert.equal(created.id, users[0].id);
        assert.deepEqual(calls(stack), ["POST createUser", "GET getUser"], "reconciled with a GET, never a second POST");
      });
    }

    it("a POST that failed before the server acted is sent once more, after a GET shows no user", async () => {
      stack.emulator.inject("createUser", { kind: "status", status: 500 });
      const inputs = await checked(stack, { email: "ivy@example.com" });
      const created = await stack.host.create(stack.userUrn("ivy"), inputs);
      assert.deepEqual(calls(stack), ["POST createUser", "GET getUser", "POST createUser"]);
      assert.equal(stack.emulator.users().filter((u) => u.email === "ivy@example.com").length, 1);
      assert.equal(created.id, stack.emulator.getUser("ivy@example.com")?.id);
    });
  });
});
