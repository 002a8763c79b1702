/**
 * Issue 11 at the provider level, through the SDK's real provider host as the engine drives
 * it: every write to an existing user first makes sure the username still names the
 * resource's user; a create whose outcome stayed unknown is recorded as unconfirmed and
 * settled by the next Update, Read or Delete; a user taken over in a run is not deleted by
 * another resource's Delete in that run. Stack-level scenarios: tests/engine/safety-*.test.ts.
 */
import assert from "node:assert/strict";
import type { Props } from "../../support/host";
import { withProvider, type ProviderStack } from "../../support/stack";
import { failure, startFastStack } from "../reliability/helpers";

const calls = (stack: ProviderStack) => stack.emulator.calls().map((c) => `${c.method} ${c.route} ${c.status}`);

describe("VectaraUser: whose user a username names now (provider host)", function () {
  this.timeout(30000);
  let stack: ProviderStack;
  const program = (props: Props) => withProvider(stack.userProvider, props);
  const checked = async (name: string, props: Props) => {
    const result = await stack.host.check(stack.userUrn(name), {}, program(props));
    assert.deepEqual(result.failures, []);
    return result.inputs;
  };
  /** The POST acts, its answer is lost, and the GET that checks fails past the 3 retries. */
  const loseCreate = (then: "commit" | "nothing") => {
    if (then === "commit") stack.emulator.inject("createUser", { kind: "commitThenFail", then: "reset" });
    else stack.emulator.inject("createUser", { kind: "status", status: 500 });
    stack.emulator.inject("getUser", { kind: "status", status: 503, times: 4 });
  };

  before(async () => (stack = await startFastStack()));
  after(async () => stack?.stop());
  beforeEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.clearLog();
  });
  afterEach(() => {
    const paths = stack.emulator.calls().map((c) => c.path);
    assert.deepEqual(
      paths.filter((p) => /unconfirmed/.test(p)),
      [],
      "a placeholder id never reaches a request",
    );
  });

  describe("the user was deleted by hand and its username given to another person", () => {
    let inputs: Props;
    let created: { id: string; properties: Props };
    let theirs: string;
    before(async () => {
      inputs = await checked("grace", { email: "grace@example.com", username: "grace" });
      created = await stack.host.create(stack.userUrn("grace"), inputs);
      stack.emulator.removeUser("grace");
      theirs = stack.emulator.putUser({ email: "other@example.com", username: "grace", api_roles: ["viewer"] }).id;
    });

    it("update: one GET, no PATCH, an error naming both ids and what to do", async () => {
      const news = await checked("grace", { email: "grace@example.com", username: "grace", apiRoles: ["administrator"] });
      const error = await failure(stack.host.update(stack.userUrn("grace"), created.id, created.properties, news), "update");
      assert.match(
        error.message,
        new RegExp(`"grace" is now ${theirs}, not ${created.id}.*deleted outside Pulumi.*Nothing was changed.*pulumi refresh`, "s"),
      );
      assert.equal(error.initFailure, undefined, "state keeps the old outputs");
      assert.deepEqual(calls(stack), ["GET getUser 200"]);
      assert.deepEqual(stack.emulator.getUser("grace")?.api_roles, ["viewer"]);
    });

    it("delete: one GET, no DELETE; the other person stays", async () => {
      await stack.host.delete(stack.userUrn("grace"), created.id, created.properties);
      assert.deepEqual(calls(stack), ["GET getUser 200"]);
      assert.equal(stack.emulator.getUser("grace")?.id, theirs);
    });

    it("a password reset for our user's id: one GET, no email, an error naming both ids", async () => {
      const urn = stack.resetUrn("grace-reset");
      const reset = await stack.host.check(urn, {}, withProvider(stack.resetProvider, { username: "grace", userId: created.id }));
      const error = await failure(stack.host.create(urn, reset.inputs), "reset");
      assert.match(error.message, new RegExp(`Cannot send a password reset: Vectara user "grace" is now ${theirs}, not ${created.id}`));
      assert.deepEqual(calls(stack), ["GET getUser 200"]);
      assert.deepEqual(stack.emulator.resets, []);
    });

    it("a reset by username only (a user managed elsewhere) is not checked: one POST", async () => {
      const urn = stack.resetUrn("by-name");
      const reset = await stack.host.check(urn, {}, withProvider(stack.resetProvider, { username: "grace" }));
      await stack.host.create(urn, reset.inputs);
      assert.deepEqual(calls(stack), ["POST resetPassword 200"]);
    });
  });

  describe("a create whose answer was lost and whose check failed", () => {
    it("fails as a partial failure: a placeholder id, no userId, the declared inputs and the __provider refresh and destroy need", async () => {
      const inputs = await checked("ann", { email: "ann@example.com", apiRoles: ["viewer"] });
      loseCreate("commit");
      const error = await failure(stack.host.create(stack.userUrn("ann"), inputs), "create");
      assert.match(
        error.message,
        /Vectara user "ann@example.com" may have been created: the answer to POST \/v2\/users was lost .* and the GET that checks for the user failed too .*503/s,
      );
      assert.match(error.message, /The next `pulumi up` resolves this/);
      assert.equal(error.initFailure?.id, "unconfirmed-create:ann@example.com");
      const props = error.initFailure!.properties;
      assert.equal(props.userId, "");
      assert.deepEqual(props.apiRoles, ["viewer"]);
      assert.equal(props.__provider, stack.userProvider);
      assert.deepEqual(stack.emulator.calls("createUser").length, 1, "never a second POST");
    });

    it("update, the GET failing again: still unconfirmed (same placeholder), no POST", async () => {
      const inputs = await checked("bo", { email: "bo@example.com" });
      loseCreate("commit");
      const first = (await failure(stack.host.create(stack.userUrn("bo"), inputs))).initFailure!;
      stack.emulator.clearLog();
      stack.emulator.inject("getUser", { kind: "status", status: 503, times: 4 });
      const again = await failure(stack.host.update(stack.userUrn("bo"), first.id, first.properties, inputs), "update");
      assert.match(again.message, /Still not known whether Vectara user "bo@example.com" was created; nothing was changed/);
      assert.equal(again.initFailure?.id, first.id);
      assert.equal(again.initFailure?.properties.userId, "");
      assert.equal(again.initFailure?.properties.__provider, stack.userProvider);
      assert.deepEqual(stack.emulator.writes(), []);

      // Once the service answers: the user its POST made is taken over, with its id in userId.
      stack.emulator.clearLog();
      const settled = await stack.host.update(stack.userUrn("bo"), first.id, first.properties, inputs);
      assert.equal(settled.properties.userId, stack.emulator.getUser("bo@example.com")!.id);
      assert.deepEqual(calls(stack), ["GET getUser 200"]);
    });

    it("update settles to the declared state: the user taken over is PATCHed where it differs", async () => {
      const inputs = await checked("cal", { email: "cal@example.com", enabled: false });
      loseCreate("commit");
      const first = (await failure(stack.host.create(stack.userUrn("cal"), inputs))).initFailure!;
      stack.emulator.clearLog();
      const settled = await stack.host.update(stack.userUrn("cal"), first.id, first.properties, inputs);
      assert.deepEqual(calls(stack), ["GET getUser 200", "PATCH updateUser 200"]);
      assert.equal(settled.properties.enabled, false);
      assert.equal(stack.emulator.getUser("cal@example.com")?.enabled, false);
    });

    it("read: the user its POST made gives the real id; another email reads as gone", async () => {
      const inputs = await checked("dot", { email: "dot@example.com", username: "dot" });
      loseCreate("commit");
      const first = (await failure(stack.host.create(stack.userUrn("dot"), inputs))).initFailure!;
      const read = await stack.host.read(stack.userUrn("dot"), first.id, first.properties);
      const user = stack.emulator.getUser("dot")!;
      assert.equal(read.id, user.id);
      assert.equal(read.properties.userId, user.id);

      stack.emulator.removeUser("dot");
      stack.emulator.putUser({ email: "not-dot@example.com", username: "dot" });
      assert.equal((await stack.host.read(stack.userUrn("dot"), first.id, first.properties)).id, "");
    });

    it("delete: the user its POST made is deleted; another email under that username is left alone", async () => {
      const inputs = await checked("eli", { email: "eli@example.com", username: "eli" });
      loseCreate("commit");
      const first = (await failure(stack.host.create(stack.userUrn("eli"), inputs))).initFailure!;
      stack.emulator.clearLog();
      await stack.host.delete(stack.userUrn("eli"), first.id, first.properties);
      assert.deepEqual(calls(stack), ["GET getUser 200", "DELETE deleteUser 204"]);

      stack.emulator.putUser({ email: "not-eli@example.com", username: "eli" });
      stack.emulator.clearLog();
      await stack.host.delete(stack.userUrn("eli"), first.id, first.properties);
      assert.deepEqual(calls(stack), ["GET getUser 200"]);
      assert.equal(stack.emulator.getUser("eli")?.email, "not-eli@example.com");
    });

    it("the PATCH after a create failing is a partial failure that carries __provider too", async () => {
      const inputs = await checked("fin", { email: "fin@example.com", enabled: false });
      stack.emulator.inject("updateUser", { kind: "status", status: 400 });
      const error = await failure(stack.host.create(stack.userUrn("fin"), inputs), "create");
      assert.match(
        error.message,
        /Created Vectara user "fin@example.com" \(usr_\w+\) but could not bring it to the desired state \(enabled\)/,
      );
      assert.equal(error.initFailure?.properties.__provider, stack.userProvider);
    });
  });

  describe("a user another declared resource keeps (a rename without aliases)", () => {
    it("taken over in this run: the old resource's Delete leaves it to the resource that adopted it; a later run deletes it", async () => {
      const old = await stack.host.create(stack.userUrn("gil"), await checked("gil", { email: "gil@example.com" }));
      await stack.nextRun();
      stack.emulator.clearLog();
      const renamed = await stack.host.create(
        stack.userUrn("gil-renamed"),
        await checked("gil-renamed", { email: "gil@example.com", adoptExisting: true }),
      );
      assert.equal(renamed.id, old.id, "adopted");
      await stack.host.delete(stack.userUrn("gil"), old.id, old.properties);
      assert.deepEqual(calls(stack), ["GET getUser 200", "GET getUser 200"], "the adoption's GET, the delete's GET, no DELETE");
      assert.equal(stack.emulator.getUser("gil@example.com")?.id, old.id);

      // The next run is another host process: deleting the resource deletes the user.
      await stack.nextRun();
      await stack.host.delete(stack.userUrn("gil-renamed"), renamed.id, renamed.properties);
      assert.equal(stack.emulator.getUser("gil@example.com"), undefined);
    });

    it("after a run that failed before the old resource's Delete: the renamed resource's Diff keeps the user from it", async () => {
      const old = await stack.host.create(stack.userUrn("gus"), await checked("gus", { email: "gus@example.com" }));
      await stack.nextRun();
      const renamed = await stack.host.create(
        stack.userUrn("gus-renamed"),
        await checked("gus-renamed", { email: "gus@example.com", adoptExisting: true }),
      );
      // The run failed here (another resource); both are in state. The next run diffs the
      // declared one, then deletes the one gone from the program.
      await stack.nextRun();
      stack.emulator.clearLog();
      const inputs = await checked("gus-renamed", { email: "gus@example.com", adoptExisting: true });
      assert.equal((await stack.host.diff(stack.userUrn("gus-renamed"), renamed.id, renamed.properties, inputs)).changes, "none");
      await stack.host.delete(stack.userUrn("gus"), old.id, old.properties);
      assert.deepEqual(calls(stack), ["GET getUser 200"], "no DELETE");
      assert.equal(stack.emulator.getUser("gus@example.com")?.id, old.id);
    });
  });
});
