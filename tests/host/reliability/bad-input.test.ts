/**
 * Bad input is refused at Check, through the real provider host, naming the property, the
 * value and what is valid, with ZERO API calls (not even a token request: the stack uses OAuth
 * client credentials so that one would show in the emulator's log). Valid but awkward usernames
 * (Unicode, `+`, `%`, `/`, spaces) round-trip exactly through create → read → delete.
 *
 * Not repeated here (tests/unit/user/properties.test.ts has them): diff(x, x) has no changes, role
 * order never matters, check is idempotent, and usernames from arbitrary Unicode pass check
 * and form a single path segment. The property below adds the server round trip.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, VectaraEmulator } from "vectara-emulator";
import { UsersClient } from "../../../provider/client";
import { usernameProblem } from "../../../provider/vectara/username";
import { withProvider, type ProviderStack } from "../../support/stack";
import { assertAgree, oauthConfig, startFastStack, tally } from "./helpers";
import { MiniEngine } from "../../support/mini-engine";

const EMAIL_SHAPE = 'an email address is local-part@domain, such as "alice@example.com"';
const USERNAME_RULE = "a username is 1-128 characters with no control characters";
const API_ROLES_LIST = "owner, administrator, billing_administrator, corpus_administrator";
const CORPUS_SHAPE = "a corpus role is {corpusKey, role}";
const CORPUS_KEY_RULE = 'a corpusKey is 1-50 characters of a-z, A-Z, 0-9, "_", "=" and "-"';

interface BadCase {
  what: string;
  props: Record<string, unknown>;
  property: string;
  /** Each must appear in the reason: the value as shown, and what is valid. */
  mentions: string[];
}

const ok = { email: "ok@example.com" };
const longValidEmail = `${"a".repeat(60)}@${"b".repeat(60)}.${"c".repeat(60)}.com`; // 186 characters

const BAD: BadCase[] = [
  // emails
  { what: "no @", props: { email: "not-an-email" }, property: "email", mentions: ['"not-an-email"', 'has no "@"', EMAIL_SHAPE] },
  { what: "a space", props: { email: "a b@example.com" }, property: "email", mentions: ['"a b@example.com"', "contains a space"] },
  {
    what: "no domain",
    props: { email: "alice@" },
    property: "email",
    mentions: ['"alice@"', 'the domain after "@" is empty', EMAIL_SHAPE],
  },
  { what: "two @", props: { email: "a@@example.com" }, property: "email", mentions: ['"a@@example.com"', "exactly one is allowed"] },
  { what: "no dot in the domain", props: { email: "alice@example" }, property: "email", mentions: ['"alice@example"', "has no dot"] },
  {
    what: "a 1-letter TLD",
    props: { email: "alice@example.c" },
    property: "email",
    mentions: ['"alice@example.c"', "top-level domain", "shorter than 2 characters"],
  },
  {
    what: "a NUL",
    props: { email: "x\u0000y@example.com" },
    property: "email",
    mentions: ['"x\\u0000y@example.com"', "control character"],
  },
  {
    what: "a 65-character local part",
    props: { email: `${"x".repeat(65)}@example.com` },
    property: "email",
    mentions: ["(77 characters)", "65 characters long (at most 64)"],
  },
  { what: "empty", props: { email: "" }, property: "email", mentions: ['""', "is empty", EMAIL_SHAPE] },
  {
    what: "missing",
    props: { description: "no email" },
    property: "email",
    mentions: ["required", 'the user\'s email address, such as "alice@example.com"'],
  },
  { what: "a number", props: { email: 42 }, property: "email", mentions: ["42 is a number, not a string", EMAIL_SHAPE] },
  // usernames
  { what: "empty", props: { ...ok, username: "" }, property: "username", mentions: ['"" is empty', "1-128 characters"] },
  {
    what: '"."',
    props: { ...ok, username: "." },
    property: "username",
    mentions: ['"." would change the request path', 'cannot be "." or ".."'],
  },
  {
    what: '".."',
    props: { ...ok, username: ".." },
    property: "username",
    mentions: ['".." would change the request path', 'cannot be "." or ".."'],
  },
  {
    what: '"../corpora"',
    props: { ...ok, username: "../corpora" },
    property: "username",
    mentions: ['"../corpora"', "would change the request path"],
  },
  { what: '"a/./b"', props: { ...ok, username: "a/./b" }, property: "username", mentions: ['"a/./b"', "request path"] },
  {
    what: "129 characters",
    props: { ...ok, username: "u".repeat(129) },
    property: "username",
    mentions: ["(129 characters)", "at most 128"],
  },
  { what: "a BEL", props: { ...ok, username: "bad\u0007name" }, property: "username", mentions: ['"bad\\u0007name"', "control character"] },
  { what: "a newline", props: { ...ok, username: "line\nbreak" }, property: "username", mentions: ['"line\\nbreak"', "control character"] },
  { what: "DEL", props: { ...ok, username: "del\u007f" }, property: "username", mentions: ["control character"] },
  { what: "a number", props: { ...ok, username: 7 }, property: "username", mentions: ["7 is a number, not a string", USERNAME_RULE] },
  {
    what: "defaulted from a 186-character email",
    props: { email: longValidEmail },
    property: "username",
    mentions: ["(186 characters)", "set username explicitly", USERNAME_RULE],
  },
  // descriptions
  {
    what: "256 characters",
    props: { ...ok, description: "d".repeat(256) },
    property: "description",
    mentions: ["(256 characters)", "at most 255 characters"],
  },
  {
    what: "a number",
    props: { ...ok, description: 5 },
    property: "description",
    mentions: ["5 is a number, not a string", "at most 255 characters"],
  },
  // API roles
  {
    what: "older-doc corpus_admin",
    props: { ...ok, apiRoles: ["corpus_admin"] },
    property: "apiRoles",
    mentions: ['"corpus_admin" at apiRoles[0]', 'did you mean "corpus_administrator"', API_ROLES_LIST],
  },
  {
    what: "older-doc query_writer",
    props: { ...ok, apiRoles: ["query_writer"] },
    property: "apiRoles",
    mentions: ['"query_writer"', "no longer accepts", API_ROLES_LIST],
  },
  {
    what: "unknown superuser",
    props: { ...ok, apiRoles: ["superuser"] },
    property: "apiRoles",
    mentions: ['"superuser" at apiRoles[0] is not a Vectara API role', API_ROLES_LIST],
  },
  {
    what: "wrong case",
    props: { ...ok, apiRoles: ["viewer", "Administrator"] },
    property: "apiRoles",
    mentions: ['"Administrator" at apiRoles[1]', 'did you mean "administrator"', API_ROLES_LIST],
  },
  {
    what: "a string, not a list",
    props: { ...ok, apiRoles: "administrator" },
    property: "apiRoles",
    mentions: ['"administrator" is a string, not a list', API_ROLES_LIST],
  },
  {
    what: "a number element",
    props: { ...ok, apiRoles: [3] },
    property: "apiRoles",
    mentions: ["3 at apiRoles[0] is a number", API_ROLES_LIST],
  },
  // corpus roles
  {
    what: "unknown role",
    props: { ...ok, corpusRoles: [{ corpusKey: "docs", role: "reader" }] },
    property: "corpusRoles",
    mentions: ['"reader" at corpusRoles[0].role', "owner, administrator, viewer, editor"],
  },
  {
    what: "snake_case key",
    props: { ...ok, corpusRoles: [{ corpus_key: "docs", role: "editor" }] },
    property: "corpusRoles",
    mentions: ['"corpus_key"', 'did you mean "corpusKey"', CORPUS_SHAPE],
  },
  {
    what: "a corpus key with a space and !",
    props: { ...ok, corpusRoles: [{ corpusKey: "bad key!", role: "editor" }] },
    property: "corpusRoles",
    mentions: ['"bad key!"', '" ", "!"', CORPUS_KEY_RULE],
  },
  {
    what: "a 51-character corpus key",
    props: { ...ok, corpusRoles: [{ corpusKey: "k".repeat(51), role: "viewer" }] },
    property: "corpusRoles",
    mentions: ["51 characters long", CORPUS_KEY_RULE],
  },
  {
    what: "an empty corpus key",
    props: { ...ok, corpusRoles: [{ corpusKey: "", role: "viewer" }] },
    property: "corpusRoles",
    mentions: ['"" at corpusRoles[0].corpusKey is empty', CORPUS_KEY_RULE],
  },
  {
    what: "a string element",
    props: { ...ok, corpusRoles: ["docs"] },
    property: "corpusRoles",
    mentions: ['"docs" at corpusRoles[0] is a string, not an object', CORPUS_SHAPE],
  },
  {
    what: "no role",
    props: { ...ok, corpusRoles: [{ corpusKey: "docs" }] },
    property: "corpusRoles",
    mentions: ["is missing role", CORPUS_SHAPE],
  },
  {
    what: "an API role on a corpus",
    props: { ...ok, corpusRoles: [{ corpusKey: "docs", role: "corpus_admin" }] },
    property: "corpusRoles",
    mentions: ['"corpus_admin"', '"administrator"'],
  },
  {
    what: "an object, not a list",
    props: { ...ok, corpusRoles: { corpusKey: "docs", role: "viewer" } },
    property: "corpusRoles",
    mentions: ["is an object, not a list", CORPUS_SHAPE],
  },
  // agent roles
  {
    what: "a space in the agent key",
    props: { ...ok, agentRoles: [{ agentKey: "a b", role: "agent_user" }] },
    property: "agentRoles",
    mentions: ['"a b"', "an agentKey is a non-empty string with no spaces"],
  },
  {
    what: "older-doc agent_admin",
    props: { ...ok, agentRoles: [{ agentKey: "bot", role: "agent_admin" }] },
    property: "agentRoles",
    mentions: ['"agent_admin"', 'did you mean "agent_administrator"', "agent_administrator, agent_viewer, agent_developer, agent_user"],
  },
  {
    what: "a corpus role on an agent",
    props: { ...ok, agentRoles: [{ agentKey: "bot", role: "owner" }] },
    property: "agentRoles",
    mentions: ['"owner" at agentRoles[0].role is not a Vectara agent role', "put it in corpusRoles"],
  },
  {
    what: "no role",
    props: { ...ok, agentRoles: [{ agentKey: "bot" }] },
    property: "agentRoles",
    mentions: ["is missing role", "an agent role is {agentKey, role}"],
  },
  // keys that are no input (a JavaScript caller's typo, a stray output)
  {
    what: "apiRole for apiRoles",
    props: { ...ok, apiRole: ["viewer"] },
    property: "apiRole",
    mentions: ['not an input of this resource; did you mean "apiRoles"?', "The inputs are email, username"],
  },
  { what: "userId (an output)", props: { ...ok, userId: "usr_1" }, property: "userId", mentions: ["an output, which Vectara sets"] },
  // non-ASCII addresses (the spec's format "email" is RFC 5321's ASCII Mailbox)
  {
    what: "a non-ASCII local part",
    props: { email: "josé@exämple.com" },
    property: "email",
    mentions: ['"josé@exämple.com"', '("é")', "ASCII email addresses only"],
  },
  { what: "an internationalized domain", props: { email: "jose@exämple.com" }, property: "email", mentions: ['"jose@xn--exmple-cua.com"'] },
  // other wrong types
  {
    what: "a string",
    props: { ...ok, enabled: "yes" },
    property: "enabled",
    mentions: ['"yes" is a string, not a boolean', "use true or false"],
  },
  {
    what: "a number",
    props: { ...ok, adoptExisting: 1 },
    property: "adoptExisting",
    mentions: ["1 is a number, not a boolean", "use true or false"],
  },
];

/** Valid usernames that are awkward in a URL path or in JSON. */
const AWKWARD_USERNAMES = [
  "alice+tag@example.com",
  "plus+sign",
  "100%",
  "%41%2F", // must not be decoded twice
  "a/b",
  "with space",
  " leading and trailing ",
  "名前",
  "Ünïcødé-ß",
  "emoji😀",
  "...",
  ".hidden",
  "back\\slash",
  "?query#frag",
  "semi;colon=equals&amp",
  "😀".repeat(64), // 128 UTF-16 code units: the limit
  "x".repeat(128),
];

describe("reliability: bad input is refused at Check, with zero API calls", function () {
  this.timeout(30000);
  let stack: ProviderStack;
  let engine: MiniEngine;

  before(async () => {
    stack = await startFastStack({ config: (emu) => oauthConfig(emu, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET) });
    engine = new MiniEngine(stack);
    stack.emulator.clearLog();
  });
  after(async () => stack?.stop());

  describe("VectaraUser", () => {
    for (const c of BAD) {
      it(`${c.property}: ${c.what}`, async () => {
        tally.badInputs++;
        const checked = await stack.host.check(stack.userUrn("bad"), {}, withProvider(stack.userProvider, c.props));
        const failure = checked.failures.find((f) => f.property === c.property);
        assert.ok(failure, `no failure on ${c.property}: ${JSON.stringify(checked.failures)}`);
        assert.equal(checked.failures.length, 1, JSON.stringify(checked.failures));
        assert.ok(
          !failure.reason.startsWith(c.property),
          `the engine names the property, the reason does not repeat it: ${failure.reason}`,
        );
        assert.ok(!failure.reason.includes("\n") && !/[.;:];/.test(failure.reason), `one clean line: ${failure.reason}`);
        for (const m of c.mentions) assert.ok(failure.reason.includes(m), `reason lacks ${JSON.stringify(m)}: ${failure.reason}`);
        assert.deepEqual(stack.emulator.requests, [], "no API call, not even a token request");
      });
    }

    it("several problems at once: one failure per problem, all reported", async () => {
      tally.badInputs++;
      const checked = await stack.host.check(
        stack.userUrn("bad"),
        {},
        withProvider(stack.userProvider, {
          email: "nope",
          username: "..",
          apiRoles: ["query_writer", "superuser"],
          enabled: "no",
          apiRole: [],
        }),
      );
      assert.deepEqual(
        checked.failures.map((f) => f.property),
        ["email", "username", "apiRoles", "apiRoles", "enabled", "apiRole"],
      );
      assert.deepEqual(stack.emulator.requests, []);
    });
  });

  describe("PasswordReset", () => {
    for (const [what, props, property, mention] of [
      ["username '..'", { username: ".." }, "username", "would change the request path"],
      ["no username", {}, "username", "required"],
      ["a userId that is not usr_…", { username: "a@example.com", userId: "alice" }, "userId", "not a Vectara user id"],
      ["negative rotateAfterDays", { username: "a@example.com", rotateAfterDays: -1 }, "rotateAfterDays", "-1"],
      ["triggers not a map", { username: "a@example.com", triggers: "always" }, "triggers", '"always" is not a map'],
    ] as const) {
      it(`${property}: ${what}`, async () => {
        tally.badInputs++;
        const checked = await stack.host.check(stack.resetUrn("bad"), {}, withProvider(stack.resetProvider, props));
        const failure = checked.failures.find((f) => f.property === property);
        assert.ok(failure, JSON.stringify(checked.failures));
        assert.ok(failure.reason.includes(mention), failure.reason);
        assert.deepEqual(stack.emulator.requests, []);
      });
    }
  });

  describe("awkward but valid usernames round-trip exactly: create → read → delete", () => {
    afterEach(() => assertAgree(stack.emulator, engine.state.values()));

    AWKWARD_USERNAMES.forEach((username, i) => {
      it(JSON.stringify(username.length > 30 ? `${username.slice(0, 12)}… (${username.length})` : username), async () => {
        const email = `roundtrip-${i}@example.com`;
        const name = `rt-${i}`;
        const created = await engine.up(name, { email, username });
        assert.equal(created.props.username, username);
        assert.equal(stack.emulator.getUser(username)?.id, created.id, "the emulator stores exactly this username");
        assert.equal(
          stack.emulator.calls("createUser").at(-1)?.body && (stack.emulator.calls("createUser").at(-1)!.body as any).username,
          username,
        );

        stack.emulator.clearLog();
        const read = await engine.refresh(name);
        assert.equal(read?.id, created.id);
        assert.equal(read?.props.username, username);
        const get = stack.emulator.calls("getUser");
        assert.equal(get.length, 1);
        assert.equal(get[0].path, `/v2/users/${encodeURIComponent(username)}`, "one percent-encoded path segment");
        assert.equal(get[0].username, username, "decoded once, exactly");

        await engine.destroy(name);
        assert.equal(stack.emulator.getUser(username), undefined);
        assert.equal(stack.emulator.calls("deleteUser")[0].username, username);
        assert.deepEqual(stack.emulator.calls("unknown" as never), [], "no request missed its route");
      });
    });
  });
});

describe("reliability: any valid username survives encode → emulator → decode (fast-check)", function () {
  this.timeout(30000);
  let emulator: VectaraEmulator;
  let client: UsersClient;
  before(async () => {
    emulator = await VectaraEmulator.start();
    client = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 0 }, {});
  });
  after(async () => {
    client?.close();
    await emulator?.stop();
  });

  const username = fc
    .oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 128 }),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(..."aZ09 +%/\\.?#&=;@名😀é\u00a0\u2028"), minLength: 1, maxLength: 30 }),
    )
    .filter((u) => usernameProblem(u) === undefined);

  it("create, get and delete see exactly the username that was sent (50 runs)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(username, async (u) => {
        const email = `prop-${n++}@example.com`;
        const created = await client.create({ email, username: u });
        assert.equal(created.username, u);
        assert.equal(emulator.getUser(u)?.email, email, "stored under exactly that username");
        const got = await client.get(u);
        assert.equal(got.username, u);
        assert.equal(got.id, created.id);
        await client.delete(u);
        assert.equal(emulator.getUser(u), undefined);
      }),
      { numRuns: 50 },
    );
    assert.equal(emulator.users().length, 0);
    assert.deepEqual(emulator.calls("unknown" as never), []);
  });
});
