import assert from "node:assert/strict";
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../../../provider/client";
import type { Checked as CheckResult } from "../../../provider/framework/check";
import { usernameProblem } from "../../../provider/vectara/username";
import { UNKNOWN } from "../../../provider/framework/values";
import { checkUser } from "../../../provider/resources/user/check";

const EMAIL = "alice@example.com";

function check(news: Record<string, unknown>): CheckResult {
  return checkUser({}, news);
}

/** Every path inside `value` that holds `undefined` (empty when there is none). */
function undefinedPaths(value: unknown, path = "$"): string[] {
  if (value === undefined) return [path];
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => undefinedPaths(v, `${path}[${i}]`));
  return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
}

function assertNoUndefined(result: CheckResult): void {
  assert.deepEqual(undefinedPaths(result), []);
  // The host encodes the inputs with Struct.fromJavaScript: JSON round trip must be lossless.
  assert.deepEqual(JSON.parse(JSON.stringify(result.inputs)), result.inputs);
}

function onlyFailure(news: Record<string, unknown>, property: string): string {
  const result = check(news);
  assertNoUndefined(result);
  assert.equal(result.failures.length, 1, `expected one failure, got ${JSON.stringify(result.failures)}`);
  assert.equal(result.failures[0].property, property);
  return result.failures[0].reason;
}

/** One line that leaves the property's name to the engine ("property email value {…} has a problem: <reason>"). */
function assertOneLine(reason: string, property: string): void {
  assert.equal(reason.includes("\n"), false, `one line: ${reason}`);
  assert.equal(reason.startsWith(property), false, `the engine names the property, the reason need not: ${reason}`);
  assert.doesNotMatch(reason, /[.;:];/, `no doubled punctuation: ${reason}`);
}

function assertContains(reason: string, ...parts: string[]): void {
  for (const part of parts) assert.ok(reason.includes(part), `reason ${JSON.stringify(reason)} lacks ${JSON.stringify(part)}`);
}

const API_LIST = API_ROLES.join(", ");
const CORPUS_LIST = CORPUS_ROLES.join(", ");
const AGENT_LIST = AGENT_ROLES.join(", ");

describe("checkUser", () => {
  describe("defaults", () => {
    it("fills every optional input", () => {
      const result = check({ email: EMAIL });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, {
        email: EMAIL,
        username: EMAIL,
        description: "",
        apiRoles: [],
        corpusRoles: [],
        agentRoles: [],
        enabled: true,
        adoptExisting: false,
      });
    });

    it("treats null like omitted for optional inputs", () => {
      const result = check({ email: EMAIL, username: null, description: null, apiRoles: null, enabled: null, adoptExisting: null });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.username, EMAIL);
      assert.equal(result.inputs.description, "");
      assert.deepEqual(result.inputs.apiRoles, []);
      assert.equal(result.inputs.enabled, true);
      assert.equal(result.inputs.adoptExisting, false);
    });

    it("keeps given values", () => {
      const news = {
        email: EMAIL,
        username: "alice",
        description: "Alice",
        apiRoles: ["viewer", "corpus_administrator"],
        corpusRoles: [{ corpusKey: "docs", role: "editor" }],
        agentRoles: [{ agentKey: "agt_1", role: "agent_user" }],
        enabled: false,
        adoptExisting: true,
      };
      const result = check(news);
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, news);
    });

    it("passes __provider (and any key the SDK adds, __…) through untouched", () => {
      const result = check({ email: EMAIL, __provider: "exports.handler = …", __other: { a: [1] } });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.__provider, "exports.handler = …");
      assert.deepEqual(result.inputs.__other, { a: [1] });
    });

    it("does not modify its arguments", () => {
      const news = { email: EMAIL, apiRoles: ["viewer"] };
      const copy = structuredClone(news);
      check(news);
      assert.deepEqual(news, copy);
    });

    it("strips undefined values", () => {
      const result = check({
        email: EMAIL,
        username: undefined,
        description: undefined,
        extra: undefined,
        corpusRoles: [{ corpusKey: "docs", role: "viewer", note: undefined }],
      });
      assert.deepEqual(result.failures, []);
      assertNoUndefined(result);
      assert.equal("extra" in result.inputs, false, "an undefined key is no typo: it is not there");
      assert.deepEqual(result.inputs.corpusRoles, [{ corpusKey: "docs", role: "viewer" }]);
      assert.equal(result.inputs.username, EMAIL);
    });
  });

  describe("valid values", () => {
    const usernames = [
      "slash/inside",
      "a+b@x.com",
      "percent%20",
      "with space",
      "o'neil@x.com",
      "名前@例え.jp",
      "x",
      "a/.b",
      "...",
      "a".repeat(128),
    ];
    for (const username of usernames) {
      it(`accepts username ${JSON.stringify(username.length > 20 ? `${username.slice(0, 10)}… (${username.length})` : username)}`, () => {
        const result = check({ email: EMAIL, username });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.username, username);
      });
    }

    const emails = [
      "alice@example.com",
      "a+b@x.com",
      "o'neil@x.com",
      "jose@xn--exmple-cua.com",
      "first.last@sub.example.co.uk",
      "x@my-host.io",
    ];
    for (const email of emails) {
      it(`accepts email ${JSON.stringify(email)} (and defaults username to it)`, () => {
        const result = check({ email });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.username, email);
      });
    }

    it("accepts every role the spec lists", () => {
      const result = check({
        email: EMAIL,
        apiRoles: [...API_ROLES],
        corpusRoles: CORPUS_ROLES.map((role) => ({ corpusKey: "docs", role })),
        agentRoles: AGENT_ROLES.map((role) => ({ agentKey: "agt_1", role })),
      });
      assert.deepEqual(result.failures, []);
    });

    it("accepts corpus keys of 50 characters and every allowed character", () => {
      const result = check({
        email: EMAIL,
        corpusRoles: [
          { corpusKey: "k".repeat(50), role: "viewer" },
          { corpusKey: "aZ09_=-", role: "viewer" },
        ],
      });
      assert.deepEqual(result.failures, []);
    });

    it("accepts a 255-character description", () => {
      assert.deepEqual(check({ email: EMAIL, description: "d".repeat(255) }).failures, []);
    });

    it("accepts the same corpusKey with two different roles", () => {
      const result = check({
        email: EMAIL,
        corpusRoles: [
          { corpusKey: "docs", role: "viewer" },
          { corpusKey: "docs", role: "editor" },
        ],
      });
      assert.deepEqual(result.failures, []);
    });
  });

  describe("bad emails", () => {
    const cases: [unknown, string][] = [
      ["", "empty"],
      ["no-at", 'no "@"'],
      ["a@b", "no dot"],
      ["a b@x.com", "space"],
      ["a@@x.com", '2 "@"'],
      ["@x.com", "before"],
      ["a@x.", "empty label"],
      ["a@.com", "empty label"],
      ["a.@x.com", "dot"],
      ["a@x.c", "top-level domain"],
      ["a\u0007@x.com", "control"],
      [`${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`, "at most 254"],
      [42, "a number, not a string"],
      [true, "a boolean, not a string"],
      [["a@x.com"], "a list, not a string"],
      [null, "null"],
    ];
    for (const [email, why] of cases) {
      it(`rejects ${JSON.stringify(email)} (${why})`, () => {
        const reason = onlyFailure({ email, username: "u" }, "email");
        const shown = typeof email === "string" ? JSON.stringify(email).slice(0, 30) : JSON.stringify(email);
        assertContains(reason, shown, why);
        assertOneLine(reason, "email");
      });
    }

    it("shows the shape of an address only where the shape is the problem", () => {
      assertContains(onlyFailure({ email: "no-at" }, "email"), 'local-part@domain, such as "alice@example.com"');
      assertContains(onlyFailure({ email: 42 }, "email"), 'local-part@domain, such as "alice@example.com"');
      assert.equal(onlyFailure({ email: "a@x.c" }, "email").includes("local-part@domain"), false);
    });

    it("rejects a missing email", () => {
      const reason = onlyFailure({ username: "u" }, "email");
      assertContains(reason, "required", "alice@example.com");
      assertOneLine(reason, "email");
    });

    // The spec says `format: email`: RFC 5321's Mailbox, ASCII (idn-email, RFC 6531, is another format).
    it("refuses a non-ASCII local part, saying Vectara takes ASCII addresses", () => {
      const reason = onlyFailure({ email: "josé@exämple.com" }, "email");
      assert.equal(
        reason,
        '"josé@exämple.com" is not a valid email address: the part before "@" has non-ASCII characters ("é"), which have no ASCII form; ' +
          'Vectara\'s API takes ASCII email addresses only (its spec says format "email", RFC 5321)',
      );
    });

    it("refuses an internationalized domain, offering its ASCII form (which it accepts)", () => {
      const reason = onlyFailure({ email: "jose@exämple.com" }, "email");
      assertContains(
        reason,
        'the domain "exämple.com" has non-ASCII characters ("ä")',
        'use the domain\'s ASCII form, "jose@xn--exmple-cua.com"',
      );
      assert.deepEqual(check({ email: "jose@xn--exmple-cua.com" }).failures, []);
    });

    it("reports a bad email once, not again as a bad default username", () => {
      const result = check({ email: "" });
      assert.deepEqual(
        result.failures.map((f) => f.property),
        ["email"],
      );
      assertNoUndefined(result);
    });

    it("does not invent a username when the email is not a string", () => {
      const result = check({ email: 42 });
      assert.equal("username" in result.inputs, false);
      assertNoUndefined(result);
    });
  });

  describe("bad usernames", () => {
    const cases: [unknown, string][] = [
      ["", "empty"],
      [".", "request path"],
      ["..", "request path"],
      ["../corpora", "segment"],
      ["a/../b", "segment"],
      ["a/.", "segment"],
      ["..\\corpora", "segment"],
      ["a".repeat(129), "129 characters"],
      ["a\u0007b", "control character"],
      ["a\nb", "control character"],
      ["\uD800x", "surrogate"],
      [7, "a number, not a string"],
    ];
    for (const [username, why] of cases) {
      it(`rejects ${JSON.stringify(username).slice(0, 30)} (${why})`, () => {
        const reason = onlyFailure({ email: EMAIL, username }, "username");
        const shown = JSON.stringify(username).slice(0, 30);
        assertContains(reason, shown, why);
        assertOneLine(reason, "username");
      });
    }

    it("says so on username when the defaulted email is too long to be a username", () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.example.com`;
      assert.equal(email.length > 128, true);
      const reason = onlyFailure({ email }, "username");
      assertContains(reason, "defaults to the email", `(${email.length} characters)`, "set username explicitly", "1-128");
    });

    it("accepts that long email when an explicit username is set", () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.example.com`;
      assert.deepEqual(check({ email, username: "short" }).failures, []);
    });
  });

  describe("bad description", () => {
    it("rejects 256 characters", () => {
      const reason = onlyFailure({ email: EMAIL, description: "d".repeat(256) }, "description");
      assertContains(reason, '"dddddddddd', "256 characters", "at most 255");
    });

    it("rejects a number", () => {
      const reason = onlyFailure({ email: EMAIL, description: 5 }, "description");
      assertContains(reason, "5 is a number", "string");
    });

    for (const [what, description] of [
      ["a lone high surrogate", "a\uD800b"],
      ["a lone low surrogate", "a\uDC00b"],
      ["a high surrogate at the end", "ab\uDBFF"],
    ]) {
      it(`rejects ${what} (not text: the SDK would change it on its way to the provider)`, () => {
        const reason = onlyFailure({ email: EMAIL, description }, "description");
        assertContains(reason, JSON.stringify(description), "unpaired UTF-16 surrogate", "cannot carry unchanged");
      });
    }

    it("accepts a surrogate pair, U+FFFF, U+FFFE and other noncharacters: the engine carries them unchanged", () => {
      for (const description of ["a\u{1F600}b", "a\uFFFFb", "a\uFFFEb", "a\uFDD0b", "a\u{10FFFF}b"]) {
        assert.deepEqual(check({ email: EMAIL, description }).failures, [], JSON.stringify(description));
      }
    });
  });

  describe("api roles", () => {
    const cases: [string, string[]][] = [
      ["corpus_admin", ['did you mean "corpus_administrator"?', "older Vectara docs"]],
      ["admin", ['did you mean "administrator"?']],
      ["agent_admin", ['did you mean "agent_administrator"?']],
      ["billing_admin", ['did you mean "billing_administrator"?']],
      ["query_writer", ["older Vectara docs", "no longer accepts", "no current role is equivalent"]],
      ["viewr", ['did you mean "viewer"?']],
      ["corpus_adminstrator", ['did you mean "corpus_administrator"?']],
      ["Viewer", ['did you mean "viewer"?']],
      ["CORPUS-ADMINISTRATOR", ['did you mean "corpus_administrator"?']],
      ["editor", ["corpus role", "corpusRoles"]],
      ["superuser", []],
      ["constructor", []],
      ["__proto__", []],
      ["toString", []],
    ];
    for (const [role, hints] of cases) {
      it(`rejects ${JSON.stringify(role)} with a hint`, () => {
        const reason = onlyFailure({ email: EMAIL, apiRoles: ["viewer", role] }, "apiRoles");
        assertContains(reason, `"${role}" at apiRoles[1] is not a Vectara API role`, `Valid roles: ${API_LIST}`, ...hints);
        if (hints.length === 0) assert.equal(reason.includes("did you mean"), false);
      });
    }

    it("matches the brief's example wording", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: ["viewer", "corpus_admin"] }, "apiRoles");
      assert.match(
        reason,
        /^"corpus_admin" at apiRoles\[1\] is not a Vectara API role .*did you mean "corpus_administrator"\? Valid roles: owner, administrator, /,
      );
    });

    it("reports each bad element as its own failure, one line each", () => {
      const { failures } = check({ email: EMAIL, apiRoles: ["corpus_admin", "viewer", "query_writer", 3] });
      assert.deepEqual(
        failures.map((f) => f.property),
        ["apiRoles", "apiRoles", "apiRoles"],
      );
      assert.ok(failures[0].reason.startsWith('"corpus_admin" at apiRoles[0] '));
      assert.ok(failures[1].reason.startsWith('"query_writer" at apiRoles[2] '));
      assert.ok(failures[2].reason.startsWith("3 at apiRoles[3] is a number"));
      for (const f of failures) assertOneLine(f.reason, "apiRoles");
    });

    it("rejects a string in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: "viewer" }, "apiRoles");
      assertContains(reason, '"viewer" is a string, not a list; apiRoles is a list of role names', API_LIST);
    });

    it("rejects an object in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: { viewer: true } }, "apiRoles");
      assertContains(reason, '{"viewer":true} is an object, not a list', API_LIST);
    });

    it("accepts repetitions and keeps the first of each (the list is a set)", () => {
      const result = check({ email: EMAIL, apiRoles: ["viewer", "owner", "viewer", "owner"] });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs.apiRoles, ["viewer", "owner"]);
    });

    it("rejects null elements", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: [null] }, "apiRoles");
      assertContains(reason, "null at apiRoles[0] is null, not a role name", API_LIST);
    });
  });

  describe("corpus roles", () => {
    const cases: [string, unknown, string[]][] = [
      ["missing corpusKey", { role: "viewer" }, ["missing corpusKey"]],
      ["missing role", { corpusKey: "docs" }, ["missing role"]],
      [
        "snake_case key",
        { corpus_key: "docs", role: "viewer" },
        ['unknown key "corpus_key"', 'did you mean "corpusKey"?', "missing corpusKey"],
      ],
      ["extra key", { corpusKey: "docs", role: "viewer", note: "x" }, ['unknown key "note"']],
      ["bad corpusKey", { corpusKey: "bad key!", role: "viewer" }, ["corpusKey", '"bad key!"', '" "', '"!"', "1-50 characters of a-z"]],
      ["51-character corpusKey", { corpusKey: "k".repeat(51), role: "viewer" }, ["corpusKey", "51 characters", "1-50 characters"]],
      ["empty corpusKey", { corpusKey: "", role: "viewer" }, ['"" at corpusRoles[1].corpusKey is empty']],
      ["numeric corpusKey", { corpusKey: 12, role: "viewer" }, ["12 at corpusRoles[1].corpusKey is a number"]],
      [
        "wrong role",
        { corpusKey: "docs", role: "reader" },
        ['"reader" at corpusRoles[1].role is not a Vectara corpus role', `Valid roles: ${CORPUS_LIST}`],
      ],
      [
        "API role name",
        { corpusKey: "docs", role: "corpus_administrator" },
        ['did you mean "administrator"?', `Valid roles: ${CORPUS_LIST}`],
      ],
      ["agent role name", { corpusKey: "docs", role: "agent_viewer" }, ["agent role", "agentRoles"]],
      ["not an object", "docs:viewer", ['"docs:viewer" at corpusRoles[1] is a string, not an object', "{corpusKey, role}"]],
      ["a list", ["docs", "viewer"], ["a list, not an object"]],
    ];
    for (const [name, element, parts] of cases) {
      it(`rejects ${name}`, () => {
        const reason = onlyFailure({ email: EMAIL, corpusRoles: [{ corpusKey: "ok", role: "viewer" }, element] }, "corpusRoles");
        assertContains(reason, "corpusRoles[1]", ...parts);
        // Each reason says what is valid: the key rule for a bad key, the roles otherwise.
        assertContains(reason, reason.includes(".corpusKey ") ? "1-50 characters of a-z, A-Z, 0-9" : CORPUS_LIST);
        assertOneLine(reason, "corpusRoles");
      });
    }

    it("reports a bad key and a bad role of one element as two failures", () => {
      const { failures } = check({ email: EMAIL, corpusRoles: [{ corpusKey: "bad key!", role: "corpus_admin" }] });
      assert.deepEqual(
        failures.map((f) => f.property),
        ["corpusRoles", "corpusRoles"],
      );
      assertContains(failures[0].reason, '"bad key!" at corpusRoles[0].corpusKey');
      assertContains(failures[1].reason, '"corpus_admin" at corpusRoles[0].role', 'did you mean "administrator"?', CORPUS_LIST);
    });

    it("accepts a repeated (corpusKey, role) pair, in any key order, and keeps the first", () => {
      const result = check({
        email: EMAIL,
        corpusRoles: [
          { corpusKey: "docs", role: "viewer" },
          { role: "viewer", corpusKey: "docs" },
        ],
      });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs.corpusRoles, [{ corpusKey: "docs", role: "viewer" }]);
    });

    it("rejects a string in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, corpusRoles: "docs" }, "corpusRoles");
      assertContains(reason, '"docs" is a string, not a list', CORPUS_LIST);
    });
  });

  describe("agent roles", () => {
    const cases: [string, unknown, string[]][] = [
      ["missing agentKey", { role: "agent_user" }, ["missing agentKey"]],
      ["missing role", { agentKey: "agt_1" }, ["missing role"]],
      ["snake_case key", { agent_key: "agt_1", role: "agent_user" }, ['unknown key "agent_key"', 'did you mean "agentKey"?']],
      ["extra key", { agentKey: "agt_1", role: "agent_user", corpusKey: "x" }, ['unknown key "corpusKey"']],
      ["empty agentKey", { agentKey: "", role: "agent_user" }, ['"" at agentRoles[0].agentKey is empty']],
      ["agentKey with a space", { agentKey: "my agent", role: "agent_user" }, ["agentKey", '"my agent"', "no spaces"]],
      [
        "wrong role",
        { agentKey: "agt_1", role: "owner" },
        ['"owner" at agentRoles[0].role is not a Vectara agent role', `Valid roles: ${AGENT_LIST}`],
      ],
      ["short role", { agentKey: "agt_1", role: "viewer" }, ['did you mean "agent_viewer"?']],
      ["legacy role", { agentKey: "agt_1", role: "agent_admin" }, ['did you mean "agent_administrator"?']],
      ["not an object", 5, ["5 at agentRoles[0] is a number, not an object", "{agentKey, role}"]],
    ];
    for (const [name, element, parts] of cases) {
      it(`rejects ${name}`, () => {
        const reason = onlyFailure({ email: EMAIL, agentRoles: [element] }, "agentRoles");
        assertContains(reason, "agentRoles[0]", ...parts);
        assertContains(reason, reason.includes(".agentKey ") ? "non-empty string with no spaces" : AGENT_LIST);
        assertOneLine(reason, "agentRoles");
      });
    }

    it("accepts a repeated (agentKey, role) pair and keeps one", () => {
      const pair = { agentKey: "agt_1", role: "agent_user" };
      const result = check({ email: EMAIL, agentRoles: [pair, { ...pair }, { agentKey: "agt_1", role: "agent_viewer" }] });
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs.agentRoles, [pair, { agentKey: "agt_1", role: "agent_viewer" }]);
    });
  });

  describe("booleans", () => {
    for (const property of ["enabled", "adoptExisting"]) {
      for (const value of ["yes", 1, "true", [true], {}]) {
        it(`rejects ${property} = ${JSON.stringify(value)}`, () => {
          const reason = onlyFailure({ email: EMAIL, [property]: value }, property);
          assertContains(reason, JSON.stringify(value), "not a boolean", "true or false");
          assertOneLine(reason, property);
        });
      }
    }
  });

  describe("one failure per problem", () => {
    it("reports each problem once, in table order, none starting with the property's name", () => {
      const result = check({
        email: "nope",
        username: "..",
        description: 1,
        apiRoles: ["x", "y"],
        corpusRoles: [{}, {}],
        agentRoles: "a",
        enabled: "no",
        adoptExisting: 0,
      });
      assert.deepEqual(
        result.failures.map((f) => f.property),
        [
          "email",
          "username",
          "description",
          "apiRoles",
          "apiRoles",
          "corpusRoles",
          "corpusRoles",
          "agentRoles",
          "enabled",
          "adoptExisting",
        ],
      );
      for (const failure of result.failures) assertOneLine(failure.reason, failure.property);
      assertNoUndefined(result);
    });
  });

  describe("keys that are not inputs (a JavaScript caller's typo)", () => {
    const INPUTS = "The inputs are email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting";
    for (const [typo, meant] of [
      ["apiRole", "apiRoles"],
      ["api_roles", "apiRoles"],
      ["Email", "email"],
      ["userName", "username"],
      ["corpusRole", "corpusRoles"],
      ["adopt_existing", "adoptExisting"],
      ["enable", "enabled"],
    ]) {
      it(`fails ${typo}, suggesting ${meant}`, () => {
        const reason = onlyFailure({ email: EMAIL, [typo]: ["viewer"] }, typo);
        assert.equal(reason, `not an input of this resource; did you mean "${meant}"? ${INPUTS}`);
      });
    }

    it("fails a key that is like no input, listing the inputs", () => {
      assert.equal(onlyFailure({ email: EMAIL, colour: "blue" }, "colour"), `not an input of this resource. ${INPUTS}`);
    });

    it("fails an output given as an input", () => {
      assert.equal(
        onlyFailure({ email: EMAIL, userId: "usr_1" }, "userId"),
        `an output, which Vectara sets; it cannot be given. ${INPUTS}`,
      );
    });

    it("fails it after the inputs' own failures, and still applies the defaults", () => {
      const result = check({ email: "nope", apiRole: ["viewer"] });
      assert.deepEqual(
        result.failures.map((f) => f.property),
        ["email", "apiRole"],
      );
      assert.deepEqual(result.inputs.apiRoles, []);
    });
  });

  describe("unknown values (preview)", () => {
    it("passes an unknown email and makes the default username unknown", () => {
      const result = check({ email: UNKNOWN });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.email, UNKNOWN);
      assert.equal(result.inputs.username, UNKNOWN);
    });

    it("keeps an explicit username when the email is unknown", () => {
      const result = check({ email: UNKNOWN, username: "bob" });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.username, "bob");
    });

    it("passes every input unknown as a whole, without defaulting it away", () => {
      const news = Object.fromEntries(
        ["email", "username", "description", "apiRoles", "corpusRoles", "agentRoles", "enabled", "adoptExisting"].map((k) => [k, UNKNOWN]),
      );
      const result = check(news);
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, news);
    });

    it("passes unknown list elements and unknown fields inside them", () => {
      const news = {
        email: EMAIL,
        apiRoles: ["viewer", UNKNOWN, UNKNOWN],
        corpusRoles: [{ corpusKey: UNKNOWN, role: "viewer" }, { corpusKey: "docs", role: UNKNOWN }, UNKNOWN],
        agentRoles: [{ agentKey: UNKNOWN, role: "agent_user" }, UNKNOWN],
      };
      const result = check(news);
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs.apiRoles, news.apiRoles);
      assert.deepEqual(result.inputs.corpusRoles, news.corpusRoles);
      assert.deepEqual(result.inputs.agentRoles, news.agentRoles);
    });

    it("still reports known bad elements next to unknown ones", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: [UNKNOWN, "corpus_admin"] }, "apiRoles");
      assertContains(reason, "at apiRoles[1]", "corpus_administrator");
    });
  });

  describe("the rule agrees with check", () => {
    it("usernameProblem is undefined exactly for the usernames check accepts", () => {
      for (const username of ["ok", "", "..", "a/b", "a/./b", "x".repeat(200)]) {
        const accepted = check({ email: EMAIL, username }).failures.length === 0;
        assert.equal(accepted, usernameProblem(username) === undefined, username);
      }
    });
  });
});
