/**
 * The roster's checks, as a user meets them: each problem on its own line, naming the file,
 * the line and column, the person and the key, with a did-you-mean where one fits; every
 * problem at once; and the people as written when there is none.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadRoster, parseRoster, RosterError } from "../../../provider/roster";

/** A roster of these people, one per line (so line N+2 holds people[N]). */
function roster(...people: unknown[]): string {
  return `{\n  "people": [\n${people.map((p) => `    ${JSON.stringify(p)}`).join(",\n")}\n  ]\n}\n`;
}

function problems(text: string): string[] {
  try {
    parseRoster(text, "team/roster.json");
  } catch (e) {
    assert.ok(e instanceof RosterError, String(e));
    assert.equal(e.message, e.problems.join("\n"));
    return [...e.problems];
  }
  assert.fail("the roster was taken");
}

const ADA = { name: "ada", email: "ada@example.com" };

describe("roster checks", () => {
  it("takes a valid roster as written, every key of a person included", () => {
    const full = {
      name: "grace",
      email: "grace@example.com",
      username: "grace",
      description: "Search",
      apiRoles: ["corpus_developer"],
      corpusRoles: [{ corpusKey: "handbook", role: "editor" }],
      agentRoles: [{ agentKey: "bot", role: "agent_user" }],
      enabled: false,
      adoptExisting: true,
      passwordResetTrigger: "2026-11",
    };
    assert.deepEqual(parseRoster(roster(ADA, full), "r.json"), [ADA, full]);
    assert.deepEqual(parseRoster('{"people": []}', "r.json"), []);
    // Role names are not the loader's business: VectaraUser's check refuses unknown ones at preview, naming the person.
    assert.deepEqual(parseRoster(roster({ ...ADA, apiRoles: ["query_writer"] }), "r.json"), [{ ...ADA, apiRoles: ["query_writer"] }]);
  });

  const table: [string, string, string[]][] = [
    [
      'a typo\'d key ("apiRole"): the did-you-mean, the person and the key',
      roster(ADA, { name: "linus", email: "linus@example.com", apiRole: ["viewer"] }),
      [
        'team/roster.json:4:49: person "linus" (people[1]): "apiRole" is not a key of a person; did you mean "apiRoles"? Its keys: name, email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting, passwordResetTrigger',
      ],
    ],
    [
      "a key in another spelling",
      roster({ ...ADA, api_roles: ["viewer"], Enabled: false }),
      [
        'team/roster.json:3:45: person "ada" (people[0]): "api_roles" is not a key of a person; did you mean "apiRoles"? Its keys: name, email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting, passwordResetTrigger',
        'team/roster.json:3:68: person "ada" (people[0]): "Enabled" is not a key of a person; did you mean "enabled"? Its keys: name, email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting, passwordResetTrigger',
      ],
    ],
    [
      "a key nothing resembles: no guess",
      roster({ ...ADA, team: "search" }),
      [
        'team/roster.json:3:45: person "ada" (people[0]): "team" is not a key of a person. Its keys: name, email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting, passwordResetTrigger',
      ],
    ],
    [
      "wrong types, each with the value and its type",
      roster({ ...ADA, apiRoles: "viewer", enabled: "no", adoptExisting: 1, description: null, passwordResetTrigger: 7 }),
      [
        'team/roster.json:3:45: person "ada" (people[0]): "apiRoles" must be a list of role names such as ["viewer"], got "viewer" (a string)',
        'team/roster.json:3:65: person "ada" (people[0]): "enabled" must be true or false, got "no" (a string)',
        'team/roster.json:3:80: person "ada" (people[0]): "adoptExisting" must be true or false, got 1 (a number)',
        'team/roster.json:3:98: person "ada" (people[0]): "description" must be a string, got null (leave the key out to use its default)',
        'team/roster.json:3:117: person "ada" (people[0]): "passwordResetTrigger" must be a string, got 7 (a number)',
      ],
    ],
    [
      "inside role lists: elements, their keys and types",
      roster({
        ...ADA,
        apiRoles: ["viewer", 3],
        corpusRoles: [{ corpuskey: "h", role: "editor" }, "editor"],
        agentRoles: [{ agentKey: "b" }],
      }),
      [
        'team/roster.json:3:66: person "ada" (people[0]): apiRoles[1] must be a role name (a string), got 3 (a number)',
        'team/roster.json:3:84: person "ada" (people[0]): corpusRoles[0] needs "corpusKey": it must be {"corpusKey": "…", "role": "…"}',
        'team/roster.json:3:85: person "ada" (people[0]): corpusRoles[0]: "corpuskey" is not a key of a corpus role; did you mean "corpusKey"? Its keys: corpusKey, role',
        'team/roster.json:3:118: person "ada" (people[0]): corpusRoles[1] must be {"corpusKey": "…", "role": "…"}, got "editor" (a string)',
        'team/roster.json:3:142: person "ada" (people[0]): agentRoles[0] needs "role": it must be {"agentKey": "…", "role": "…"}',
      ],
    ],
    [
      "a person without a name or an email, or empty, or not an object",
      roster({ email: "x@example.com" }, { name: "", email: "y@example.com" }, { name: "z" }, "ada"),
      [
        'team/roster.json:3:5: people[0]: "name" is missing; each person needs a "name" (their stable resource name) and an "email"',
        'team/roster.json:4:6: people[1]: "name" must not be empty: it is the user\'s Pulumi resource name',
        'team/roster.json:5:5: person "z" (people[2]): "email" is missing; each person needs a "name" (their stable resource name) and an "email"',
        'team/roster.json:6:5: people[3] must be an object such as {"name": "ada", "email": "ada@example.com"}, got "ada" (a string)',
      ],
    ],
    [
      "null for a required key is no default",
      roster({ name: "ada", email: null }),
      ['team/roster.json:3:19: person "ada" (people[0]): "email" must be a string, got null'],
    ],
    [
      "two people with one name",
      roster(ADA, { name: "ada", email: "ada.l@example.com" }),
      [
        'team/roster.json:4:6: person "ada" (people[1]): the name "ada" is also people[0]\'s; names must be unique (each is a Pulumi resource name)',
      ],
    ],
    [
      "one user twice: the same email, in another case, where the username defaults to it",
      roster(ADA, { name: "ada2", email: "ADA@example.com" }),
      [
        'team/roster.json:4:20: person "ada2" (people[1]): the Vectara user "ADA@example.com" is also declared by person "ada" (people[0]); a user can be declared once (usernames compare without regard to case, and a person without "username" has their email as username)',
      ],
    ],
    [
      "one user twice: a username that is another person's email",
      roster(ADA, { name: "impostor", email: "other@example.com", username: "Ada@Example.com" }),
      [
        'team/roster.json:4:52: person "impostor" (people[1]): the Vectara user "Ada@Example.com" is also declared by person "ada" (people[0]); a user can be declared once (usernames compare without regard to case, and a person without "username" has their email as username)',
      ],
    ],
    [
      "a key given twice in one person (JSON.parse would silently keep the last)",
      '{"people": [\n  {"name": "ada", "email": "ada@example.com", "apiRoles": ["administrator"], "apiRoles": []}\n]}',
      ['team/roster.json:2:78: person "ada" (people[0]): "apiRoles" is given twice (first at 2:47); only one of them would count'],
    ],
    [
      "the document's own keys",
      '{"peple": []}',
      [
        'team/roster.json:1:1: "people" is missing: a roster is {"people": [{"name": "ada", "email": "ada@example.com"}, ...]}; write "people": [] for none',
        'team/roster.json:1:2: "peple" is not a key of a roster; did you mean "people"? Its keys: people',
      ],
    ],
    ["not an object", "[]", ['team/roster.json:1:1: a roster is an object {"people": [...]}, got [] (a list)']],
    [
      "people not a list",
      '{"people": {"ada": {}}}',
      [
        'team/roster.json:1:2: "people" must be a list of people such as {"name": "ada", "email": "ada@example.com"}, got {"ada":{}} (an object)',
      ],
    ],
    [
      "a syntax error: file, line and column, once",
      '{\n  "people": [\n    { "name": "ada", "email": "ada@example.com", }\n  ]\n}\n',
      ["team/roster.json:3:48: not valid JSON: a comma before '}': JSON allows no comma after the last member"],
    ],
  ];
  for (const [what, text, expected] of table) {
    it(what, () => assert.deepEqual(problems(text), expected));
  }

  it("reports every problem at once, in the order of the file", () => {
    const found = problems(
      roster(
        { name: "a", email: "a@x.com", apiRole: [] },
        { name: "a", email: "b@x.com" },
        { name: "c", email: "A@X.COM", enabled: "yes" },
      ),
    );
    assert.deepEqual(
      found.map((line) => line.split(": ")[0]),
      // apiRole; the name "a" again; the user a@x.com again; enabled.
      ["team/roster.json:3:35", "team/roster.json:4:6", "team/roster.json:5:17", "team/roster.json:5:35"],
    );
  });

  it("is a pulumi.RunError, which the Pulumi CLI prints without a stack trace", () => {
    assert.throws(
      () => parseRoster("{", "r.json"),
      (e: unknown) => pulumi.RunError.isInstance(e) && e instanceof RosterError && e.file === "r.json",
    );
  });

  it("loadRoster: the file it cannot read is named, and so is why", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-"));
    try {
      assert.throws(() => loadRoster(path.join(dir, "missing.json")), {
        name: "RosterError",
        message: `${path.join(dir, "missing.json")}: cannot read the roster: there is no such file`,
      });
      assert.throws(() => loadRoster(dir), { message: `${dir}: cannot read the roster: it is a folder` });
      fs.writeFileSync(path.join(dir, "r.json"), roster(ADA));
      assert.deepEqual(loadRoster(path.join(dir, "r.json")), [ADA]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
