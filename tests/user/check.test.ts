import assert from "node:assert/strict";
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../../provider/client/types";
import type { Checked as CheckResult } from "../../provider/runtime/schema";
import { usernameProblem } from "../../provider/runtime/username";
import { UNKNOWN } from "../../provider/runtime/values";
import { checkUser } from "../../provider/user/check";

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

    it("passes __provider and other extra keys through untouched", () => {
      const result = check({ email: EMAIL, __provider: "exports.handler = …", somethingElse: { a: [1] } });
      assert.deepEqual(result.failures, []);
      assert.equal(result.inputs.__provider, "exports.handler = …");
      assert.deepEqual(result.inputs.somethingElse, { a: [1] });
    });

    it("does not modify its arguments", () => {
      const news = { email: EMAIL, apiRoles: ["viewer"] };
      const copy = structuredClone(news);
      check(news);
      assert.deepEqual(news, copy);
    });

    it("strips undefined values", () => {
      const result = check({ email: EMAIL, username: undefined, description: undefined, extra: undefined, nested: { a: undefined } });
      assert.deepEqual(result.failures, []);
      assertNoUndefined(result);
      assert.equal("extra" in result.inputs, false);
      assert.equal(result.inputs.username, EMAIL);
    });
  });

  describe("valid values", () => {
    const usernames = ["slash/inside", "a+b@x.com", "percent%20", "with space", "o'neil@x.com", "名前@例え.jp", "x", "a/.b", "...", "a".repeat(128)];
    for (const username of usernames) {
      it(`accepts username ${JSON.stringify(username.length > 20 ? `${username.slice(0, 10)}… (${username.length})` : username)}`, () => {
        const result = check({ email: EMAIL, username });
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs.username, username);
      });
    }

    const emails = ["alice@example.com", "a+b@x.com", "o'neil@x.com", "名前@例え.jp", "first.last@sub.example.co.uk", "x@my-host.io"];
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
      const result = check({ email: EMAIL, corpusRoles: [{ corpusKey: "k".repeat(50), role: "viewer" }, { corpusKey: "aZ09_=-", role: "viewer" }] });
      assert.deepEqual(result.failures, []);
    });

    it("accepts a 255-character description", () => {
      assert.deepEqual(check({ email: EMAIL, description: "d".repeat(255) }).failures, []);
    });

    it("accepts the same corpusKey with two different roles", () => {
      const result = check({ email: EMAIL, corpusRoles: [{ corpusKey: "docs", role: "viewer" }, { corpusKey: "docs", role: "editor" }] });
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
        assertContains(reason, "email", shown, why, "alice@example.com");
      });
    }

    it("rejects a missing email", () => {
      const reason = onlyFailure({ username: "u" }, "email");
      assertContains(reason, "email", "required", "alice@example.com");
    });

    it("reports a bad email once, not again as a bad default username", () => {
      const result = check({ email: "" });
      assert.deepEqual(result.failures.map((f) => f.property), ["email"]);
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
        assertContains(reason, "username", shown, why, "1-128 characters", '"." or ".."');
      });
    }

    it("says so on username when the defaulted email is too long to be a username", () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.example.com`;
      assert.equal(email.length > 128, true);
      const reason = onlyFailure({ email }, "username");
      assertContains(reason, "username", "defaults to the email", `(${email.length} characters)`, "set username explicitly", "1-128");
    });

    it("accepts that long email when an explicit username is set", () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.example.com`;
      assert.deepEqual(check({ email, username: "short" }).failures, []);
    });
  });

  describe("bad description", () => {
    it("rejects 256 characters", () => {
      const reason = onlyFailure({ email: EMAIL, description: "d".repeat(256) }, "description");
      assertContains(reason, "description", '"dddddddddd', "256 characters", "at most 255");
    });

    it("rejects a number", () => {
      const reason = onlyFailure({ email: EMAIL, description: 5 }, "description");
      assertContains(reason, "description", "5 is a number", "string");
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
        assertContains(reason, `apiRoles[1]: "${role}" is not a Vectara API role`, `Valid roles: ${API_LIST}`, ...hints);
        if (hints.length === 0) assert.equal(reason.includes("did you mean"), false);
      });
    }

    it("matches the brief's example wording", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: ["viewer", "corpus_admin"] }, "apiRoles");
      assert.match(reason, /^apiRoles\[1\]: "corpus_admin" is not a Vectara API role .*did you mean "corpus_administrator"\? Valid roles: owner, administrator, /);
    });

    it("combines several bad elements into one failure, one line each", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: ["corpus_admin", "viewer", "query_writer", 3] }, "apiRoles");
      const lines = reason.split("\n");
      assert.equal(lines.length, 3);
      assert.ok(lines[0].startsWith("apiRoles[0]: "));
      assert.ok(lines[1].startsWith("apiRoles[2]: "));
      assert.ok(lines[2].startsWith("apiRoles[3]: 3 is a number"));
    });

    it("rejects a string in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: "viewer" }, "apiRoles");
      assertContains(reason, "apiRoles", '"viewer" is a string, not a list', API_LIST);
    });

    it("rejects an object in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: { viewer: true } }, "apiRoles");
      assertContains(reason, "apiRoles", '{"viewer":true} is an object, not a list', API_LIST);
    });

    it("rejects duplicates, naming them", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: ["viewer", "owner", "viewer"] }, "apiRoles");
      assertContains(reason, "apiRoles", '"viewer" appears more than once', "[0], [2]");
    });

    it("rejects null elements", () => {
      const reason = onlyFailure({ email: EMAIL, apiRoles: [null] }, "apiRoles");
      assertContains(reason, "apiRoles[0]: null", API_LIST);
    });
  });

  describe("corpus roles", () => {
    const cases: [string, unknown, string[]][] = [
      ["missing corpusKey", { role: "viewer" }, ["missing corpusKey"]],
      ["missing role", { corpusKey: "docs" }, ["missing role"]],
      ["snake_case key", { corpus_key: "docs", role: "viewer" }, ['unknown key "corpus_key"', 'did you mean "corpusKey"?', "missing corpusKey"]],
      ["extra key", { corpusKey: "docs", role: "viewer", note: "x" }, ['unknown key "note"']],
      ["bad corpusKey", { corpusKey: "bad key!", role: "viewer" }, ["corpusKey", '"bad key!"', '" "', '"!"', "1-50 characters of a-z"]],
      ["51-character corpusKey", { corpusKey: "k".repeat(51), role: "viewer" }, ["corpusKey", "51 characters", "1-50 characters"]],
      ["empty corpusKey", { corpusKey: "", role: "viewer" }, ["corpusKey", '"" is empty']],
      ["numeric corpusKey", { corpusKey: 12, role: "viewer" }, ["corpusKey", "12 is a number"]],
      ["wrong role", { corpusKey: "docs", role: "reader" }, ['"reader" is not a Vectara corpus role', `Valid roles: ${CORPUS_LIST}`]],
      ["API role name", { corpusKey: "docs", role: "corpus_administrator" }, ['did you mean "administrator"?', `Valid roles: ${CORPUS_LIST}`]],
      ["agent role name", { corpusKey: "docs", role: "agent_viewer" }, ["agent role", "agentRoles"]],
      ["not an object", "docs:viewer", ['"docs:viewer" is a string, not an object', "{corpusKey, role}"]],
      ["a list", ["docs", "viewer"], ["a list, not an object"]],
    ];
    for (const [name, element, parts] of cases) {
      it(`rejects ${name}`, () => {
        const reason = onlyFailure({ email: EMAIL, corpusRoles: [{ corpusKey: "ok", role: "viewer" }, element] }, "corpusRoles");
        assertContains(reason, "corpusRoles[1]", ...parts);
        // Each reason says what is valid: the key rule for a bad key, the roles otherwise.
        assertContains(reason, reason.includes(".corpusKey:") ? "1-50 characters of a-z, A-Z, 0-9" : CORPUS_LIST);
      });
    }

    it("reports a bad key and a bad role of one element together", () => {
      const reason = onlyFailure({ email: EMAIL, corpusRoles: [{ corpusKey: "bad key!", role: "corpus_admin" }] }, "corpusRoles");
      const lines = reason.split("\n");
      assert.equal(lines.length, 2);
      assertContains(lines[0], "corpusRoles[0].corpusKey:", '"bad key!"');
      assertContains(lines[1], "corpusRoles[0].role:", '"corpus_admin"', 'did you mean "administrator"?', CORPUS_LIST);
    });

    it("rejects duplicate (corpusKey, role) pairs", () => {
      const reason = onlyFailure(
        { email: EMAIL, corpusRoles: [{ corpusKey: "docs", role: "viewer" }, { role: "viewer", corpusKey: "docs" }] },
        "corpusRoles",
      );
      assertContains(reason, 'corpusRoles: {corpusKey: "docs", role: "viewer"} appears more than once', "[0], [1]");
    });

    it("rejects a string in place of the list", () => {
      const reason = onlyFailure({ email: EMAIL, corpusRoles: "docs" }, "corpusRoles");
      assertContains(reason, "corpusRoles", '"docs" is a string, not a list', CORPUS_LIST);
    });
  });

  describe("agent roles", () => {
    const cases: [string, unknown, string[]][] = [
      ["missing agentKey", { role: "agent_user" }, ["missing agentKey"]],
      ["missing role", { agentKey: "agt_1" }, ["missing role"]],
      ["snake_case key", { agent_key: "agt_1", role: "agent_user" }, ['unknown key "agent_key"', 'did you mean "agentKey"?']],
      ["extra key", { agentKey: "agt_1", role: "agent_user", corpusKey: "x" }, ['unknown key "corpusKey"']],
      ["empty agentKey", { agentKey: "", role: "agent_user" }, ["agentKey", '"" is empty']],
      ["agentKey with a space", { agentKey: "my agent", role: "agent_user" }, ["agentKey", '"my agent"', "no spaces"]],
      ["wrong role", { agentKey: "agt_1", role: "owner" }, ['"owner" is not a Vectara agent role', `Valid roles: ${AGENT_LIST}`]],
      ["short role", { agentKey: "agt_1", role: "viewer" }, ['did you mean "agent_viewer"?']],
      ["legacy role", { agentKey: "agt_1", role: "agent_admin" }, ['did you mean "agent_administrator"?']],
      ["not an object", 5, ["5 is a number, not an object", "{agentKey, role}"]],
    ];
    for (const [name, element, parts] of cases) {
      it(`rejects ${name}`, () => {
        const reason = onlyFailure({ email: EMAIL, agentRoles: [element] }, "agentRoles");
        assertContains(reason, "agentRoles[0]", ...parts);
        assertContains(reason, reason.includes(".agentKey:") ? "non-empty string with no spaces" : AGENT_LIST);
      });
    }

    it("rejects duplicate (agentKey, role) pairs", () => {
      const pair = { agentKey: "agt_1", role: "agent_user" };
      const reason = onlyFailure({ email: EMAIL, agentRoles: [pair, pair] }, "agentRoles");
      assertContains(reason, 'agentRoles: {agentKey: "agt_1", role: "agent_user"} appears more than once');
    });
  });

  describe("booleans", () => {
    for (const property of ["enabled", "adoptExisting"]) {
      for (const value of ["yes", 1, "true", [true], {}]) {
        it(`rejects ${property} = ${JSON.stringify(value)}`, () => {
          const reason = onlyFailure({ email: EMAIL, [property]: value }, property);
          assertContains(reason, property, JSON.stringify(value), "not a boolean", "true or false");
        });
      }
    }
  });

  describe("one failure per property", () => {
    it("reports each bad property once, in a stable order", () => {
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
        ["email", "username", "description", "apiRoles", "corpusRoles", "agentRoles", "enabled", "adoptExisting"],
      );
      for (const failure of result.failures) {
        assert.ok(failure.reason.startsWith(failure.property), failure.reason);
      }
      assertNoUndefined(result);
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
      assertContains(reason, "apiRoles[1]", "corpus_administrator");
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
