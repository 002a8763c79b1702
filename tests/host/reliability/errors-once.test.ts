/**
 * Issue 17, items 3 and 4, through the SDK's provider host: an error reaches the user once.
 * The host prints every error that check, diff, read or delete throws to its stderr (which the
 * engine shows at the stack level, with the stack trace) before returning it to the engine
 * (which shows it on the resource). An expected error is said only where it belongs, on the
 * resource: the host prints nothing of it. A bug keeps the host's print and its stack.
 * A refused credential in a read or delete (refresh, destroy) says which credentials those
 * commands use. tests/engine/errors-once.test.ts shows the same through the real engine.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { SAVED_CREDENTIALS_NOTE } from "../../../provider/vectara/provider";
import { HostError, urn, type Props } from "../../support/host";
import { withProvider, withoutProvider, type ProviderStack } from "../../support/stack";
import { startFastStack } from "./helpers";

const DIST_PROVIDER = path.resolve(__dirname, "../../../dist/vectara/provider.js");

/**
 * A `__provider` built on the package's provider adapter whose read has a bug (a TypeError)
 * and whose delete fails the way an operation means to (a plain Error with a message).
 */
const FAILING_PROVIDER = `exports.handler = () => require(${JSON.stringify(DIST_PROVIDER)}).vectaraProvider({
  check: (olds, news) => ({ inputs: news }),
  diff: () => ({}),
  operations: () => ({
    async create(inputs) { return { id: "fixture", outs: {} }; },
    async read() { return undefined.bug; },
    async delete() { throw new Error("Fixture refuses to delete: an expected failure."); },
  }),
});`;
const FIXTURE_URN = urn("pulumi-nodejs:dynamic/fixture:Failing", "one");

async function rejection(call: Promise<unknown>): Promise<HostError> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof HostError, String(e));
    return e;
  }
  assert.fail("expected the call to fail");
}

describe("an error reaches the user once: on its resource, never echoed by the provider host", function () {
  this.timeout(30000);
  let stack: ProviderStack;
  before(async () => (stack = await startFastStack()));
  after(async () => stack?.stop());
  beforeEach(() => {
    stack.emulator.clearFaults();
    stack.emulator.clearLog();
  });

  async function createUser(email: string): Promise<{ urn: string; id: string; properties: Props }> {
    const userUrn = stack.userUrn(email);
    const { inputs } = await stack.host.check(userUrn, {}, withProvider(stack.userProvider, { email }));
    const created = await stack.host.create(userUrn, inputs);
    return { urn: userUrn, ...created };
  }

  /**
   * Everything the host printed once a bug's print (which it does not keep back) has arrived:
   * its stderr is one pipe, so whatever it printed before is there too.
   */
  async function stderrAfterABug(): Promise<string> {
    const marker = `marker-${Date.now()}`;
    const bug = await rejection(stack.host.read(FIXTURE_URN, marker, { __provider: FAILING_PROVIDER }));
    assert.match(bug.message, /Cannot read properties of undefined \(reading 'bug'\)/);
    return stack.host.waitForStderr(/TypeError: Cannot read properties of undefined \(reading 'bug'\)[^]*\n\s+at /);
  }

  it("a failed read and a failed delete come back with their message; the host prints neither, a bug still with its stack", async () => {
    const { urn: userUrn, id, properties } = await createUser("once@example.com");
    stack.emulator.inject("getUser", { kind: "status", status: 500, message: "Read fault once." });
    const read = await rejection(stack.host.read(userUrn, id, properties));
    assert.match(read.message, /^Vectara API 500 Internal Server Error on GET \/v2\/users\/once%40example\.com: Read fault once\./);
    stack.emulator.inject("deleteUser", { kind: "status", status: 500, message: "Delete fault once." });
    const removed = await rejection(stack.host.delete(userUrn, id, properties));
    assert.match(removed.message, /^Vectara API 500 Internal Server Error on DELETE \/v2\/users\/once%40example\.com: Delete fault once\./);
    const fixtureDelete = await rejection(stack.host.delete(FIXTURE_URN, "fixture", { __provider: FAILING_PROVIDER }));
    assert.equal(fixtureDelete.message, "Fixture refuses to delete: an expected failure.");

    const stderr = await stderrAfterABug();
    assert.doesNotMatch(stderr, /Read fault once|Delete fault once|Fixture refuses/, "the expected errors are not printed");
    assert.doesNotMatch(stderr, /VectaraApiError/);
    assert.match(stderr, /TypeError: Cannot read properties of undefined \(reading 'bug'\)[^]*\n\s+at /, "the bug is, with its stack");
  });

  it("a failed create comes back the same way, unprinted", async () => {
    stack.emulator.inject("createUser", { kind: "status", status: 400, message: "Create refused once." });
    const create = await rejection(createUser("refused@example.com"));
    assert.match(create.message, /^Vectara API 400 Bad Request on POST \/v2\/users: Create refused once\./);
    const stderr = await stderrAfterABug();
    assert.doesNotMatch(stderr, /Create refused once/);
  });

  describe("a refused credential in a read or delete says which credentials refresh and destroy use", () => {
    it("401 (a key deleted in Vectara): read and delete add the note; create and update do not (an up uses the current config)", async () => {
      const { urn: userUrn, id, properties } = await createUser("rotated@example.com");
      stack.emulator.revokeApiKey(DEFAULT_API_KEY);
      try {
        for (const call of [stack.host.read(userUrn, id, properties), stack.host.delete(userUrn, id, properties)]) {
          const e = await rejection(call);
          assert.match(e.message, /^Vectara API 401 Unauthorized on GET \/v2\/users\/rotated%40example\.com: Invalid API key/);
          assert.ok(e.message.endsWith(` ${SAVED_CREDENTIALS_NOTE}`), e.message);
        }
        const news = { ...withoutProvider(properties), description: "changed" };
        const { inputs } = await stack.host.check(userUrn, properties, withProvider(stack.userProvider, news));
        const update = await rejection(stack.host.update(userUrn, id, properties, inputs));
        assert.match(update.message, /^Vectara API 401 Unauthorized/);
        const create = await rejection(createUser("new@example.com"));
        assert.match(create.message, /^Vectara API 401 Unauthorized on POST \/v2\/users/);
        for (const e of [update, create]) assert.ok(!e.message.includes(SAVED_CREDENTIALS_NOTE), e.message);
        assert.ok(stack.emulator.getUser("rotated@example.com"), "nothing deleted");
        assert.doesNotMatch(await stderrAfterABug(), /401 Unauthorized/);
      } finally {
        stack.emulator.setPrincipalRoles(DEFAULT_API_KEY, ["administrator"]);
      }
    });

    it("403 (the key lost its role): the read adds the note too", async () => {
      const { urn: userUrn, id, properties } = await createUser("demoted@example.com");
      stack.emulator.setPrincipalRoles(DEFAULT_API_KEY, ["viewer"]);
      try {
        stack.emulator.inject("getUser", { kind: "status", status: 403, message: "Forbidden once." });
        const e = await rejection(stack.host.read(userUrn, id, properties));
        assert.match(e.message, /^Vectara API 403 Forbidden on GET .*the API key may not do this/);
        assert.ok(e.message.endsWith(` ${SAVED_CREDENTIALS_NOTE}`), e.message);
      } finally {
        stack.emulator.setPrincipalRoles(DEFAULT_API_KEY, ["administrator"]);
      }
    });
  });
});
