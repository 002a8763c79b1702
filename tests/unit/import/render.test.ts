/**
 * What the import writes for a given account, as text: people (defaults left out, roles sorted,
 * problems found by the provider's own check), the roster JSON and the TypeScript program.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { User } from "../../../provider/client";
import { importPeople } from "../../../provider/cli/import/people";
import { renderRoster } from "../../../provider/cli/import/roster";
import { renderTypeScript } from "../../../provider/cli/import/typescript";
import { UNPAIRED_SURROGATE } from "../../../provider/framework/values";
import { loadRoster, parseRoster } from "../../../provider/roster";
import fc from "fast-check";

function user(fields: Partial<User> & { email: string }): User {
  return {
    id: `usr_${fields.email}`,
    username: fields.email,
    apiRoles: [],
    corpusRoles: [],
    agentRoles: [],
    enabled: true,
    description: "",
    ...fields,
  };
}

const ACCOUNT: User[] = [
  user({
    email: "grace@example.com",
    username: "grace",
    apiRoles: ["viewer", "corpus_developer"],
    corpusRoles: [
      { corpusKey: "zeta", role: "viewer" },
      { corpusKey: "alpha", role: "editor" },
    ],
  }),
  user({ email: "ada@example.com", description: "Lead", apiRoles: ["administrator"] }),
  user({ email: "margaret@example.com", enabled: false, agentRoles: [{ agentKey: "bot", role: "agent_user" }] }),
];
const SOURCE = { baseUrl: "https://api.vectara.io" };

describe("import: what is written for an account", () => {
  it("people: sorted by resource name, defaults left out, role lists sorted, adoptExisting on each", () => {
    assert.deepEqual(
      importPeople(ACCOUNT).map((i) => i.person),
      [
        { name: "ada", email: "ada@example.com", description: "Lead", apiRoles: ["administrator"], adoptExisting: true },
        {
          name: "grace",
          email: "grace@example.com",
          username: "grace",
          apiRoles: ["corpus_developer", "viewer"],
          corpusRoles: [
            { corpusKey: "alpha", role: "editor" },
            { corpusKey: "zeta", role: "viewer" },
          ],
          adoptExisting: true,
        },
        {
          name: "margaret",
          email: "margaret@example.com",
          agentRoles: [{ agentKey: "bot", role: "agent_user" }],
          enabled: false,
          adoptExisting: true,
        },
      ],
    );
    assert.ok(importPeople(ACCOUNT).every((i) => i.problems.length === 0));
  });

  it("a role name the provider does not know is kept, and the provider's check says why it would refuse it", () => {
    const [imported] = importPeople([
      user({
        email: "old@example.com",
        apiRoles: ["viewer", "query_writer" as never],
        corpusRoles: [{ corpusKey: "docs", role: "superuser" as never }],
      }),
    ]);
    assert.deepEqual(imported.person.apiRoles, ["query_writer", "viewer"]);
    assert.deepEqual(imported.person.corpusRoles, [{ corpusKey: "docs", role: "superuser" }]);
    assert.equal(imported.problems.length, 2);
    assert.match(imported.problems[0], /^"query_writer" at apiRoles\[0\] is not a Vectara API role/);
    assert.match(imported.problems[1], /^"superuser" at corpusRoles\[0\]\.role is not a Vectara corpus role/);
  });

  it("a description with an unpaired surrogate is kept as Vectara holds it (escaped in the file) and flagged: the preview refuses it", () => {
    const [imported] = importPeople([user({ email: "odd@example.com", description: "a\uD800b" })]);
    assert.equal(imported.person.description, "a\uD800b");
    assert.deepEqual(imported.problems, [`"a\\ud800b" ${UNPAIRED_SURROGATE}`]);
    const text = renderTypeScript([imported], SOURCE, "v");
    assert.match(text, /description: "a\\ud800b",/);
    assert.equal(Buffer.from(text, "utf8").toString("utf8"), text, "the file is valid UTF-8");
  });

  it("roster: the package's loadRoster reads what the import writes, unchanged, unknown role names included", () => {
    const account = [
      ...ACCOUNT,
      user({
        email: "O'Brien@example.com",
        username: 'obrien "the" admin',
        description: 'Ünïcode, quotes " and a backslash \\',
        apiRoles: ["query_writer" as never],
        corpusRoles: [{ corpusKey: "docs", role: "superuser" as never }],
      }),
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-roster-"));
    try {
      const file = path.join(dir, "roster.json");
      fs.writeFileSync(file, renderRoster(importPeople(account)));
      assert.deepEqual(
        loadRoster(file),
        importPeople(account).map((i) => i.person),
      );
      fs.writeFileSync(file, renderRoster([]));
      assert.deepEqual(loadRoster(file), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("roster: any account the import can read gives a roster that parseRoster takes as it is (property)", () => {
    const role = fc.oneof(fc.constantFrom("viewer", "administrator", "corpus_developer"), fc.string({ minLength: 1, maxLength: 12 }));
    const key = fc.string({ minLength: 1, maxLength: 10 });
    const someUser = fc.record({
      local: fc.string({ minLength: 1, maxLength: 12 }),
      username: fc.option(fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }), { nil: undefined }),
      description: fc.string({ unit: "binary", maxLength: 40 }),
      apiRoles: fc.array(role, { maxLength: 3 }),
      corpusRoles: fc.array(fc.record({ corpusKey: key, role }), { maxLength: 3 }),
      agentRoles: fc.array(fc.record({ agentKey: key, role }), { maxLength: 3 }),
      enabled: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(someUser, { maxLength: 8 }), (drafts) => {
        // An account: emails and usernames unique (without regard to case, as Vectara compares them).
        const seen = new Set<string>();
        const account = drafts.flatMap((d, i) => {
          const email = `${encodeURIComponent(d.local)}.${i}@example.com`;
          const username = d.username ?? email;
          if (seen.has(username.toLowerCase()) || seen.has(email.toLowerCase())) return [];
          seen.add(username.toLowerCase()).add(email.toLowerCase());
          return [user({ ...(d as unknown as Partial<User>), email, username })];
        });
        const imported = importPeople(account);
        assert.deepEqual(
          parseRoster(renderRoster(imported), "roster.json"),
          imported.map((i) => i.person),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("roster: one person per block, one value per line", () => {
    const text = renderRoster(importPeople(ACCOUNT.slice(0, 1)));
    assert.equal(
      text,
      [
        "{",
        '  "people": [',
        "    {",
        '      "name": "grace",',
        '      "email": "grace@example.com",',
        '      "username": "grace",',
        '      "apiRoles": ["corpus_developer", "viewer"],',
        '      "corpusRoles": [{ "corpusKey": "alpha", "role": "editor" }, { "corpusKey": "zeta", "role": "viewer" }],',
        '      "adoptExisting": true',
        "    }",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("typescript: a header saying what to do next, then one VectaraUser per person", () => {
    const text = renderTypeScript(importPeople(ACCOUNT), SOURCE, "pulumi-vectara 9.9.9");
    assert.match(
      text,
      /^\/\/ Generated by `pulumi-vectara import` \(pulumi-vectara 9\.9\.9\) from https:\/\/api\.vectara\.io:\n\/\/ 3 users, 1 with corpus roles, 1 disabled\.\n/,
    );
    assert.match(text, /\/\/ Next:\n\/\/ {3}1\. Review\./);
    assert.match(
      text,
      /renaming a resource deletes its user in Vectara unless you give the new one the\n\/\/ {6}`aliases` resource option/,
    );
    assert.doesNotMatch(text, /NEEDS ATTENTION/);
    const body = text.slice(text.indexOf('import { VectaraUser } from "pulumi-vectara";'));
    assert.equal(
      body,
      [
        'import { VectaraUser } from "pulumi-vectara";',
        "",
        'new VectaraUser("ada", {',
        '  email: "ada@example.com",',
        '  description: "Lead",',
        '  apiRoles: ["administrator"],',
        "  adoptExisting: true,",
        "});",
        "",
        'new VectaraUser("grace", {',
        '  email: "grace@example.com",',
        '  username: "grace",',
        '  apiRoles: ["corpus_developer", "viewer"],',
        "  corpusRoles: [",
        '    { corpusKey: "alpha", role: "editor" },',
        '    { corpusKey: "zeta", role: "viewer" },',
        "  ],",
        "  adoptExisting: true,",
        "});",
        "",
        'new VectaraUser("margaret", {',
        '  email: "margaret@example.com",',
        "  agentRoles: [",
        '    { agentKey: "bot", role: "agent_user" },',
        "  ],",
        "  enabled: false,",
        "  adoptExisting: true,",
        "});",
        "",
      ].join("\n"),
    );
  });

  it("typescript: unknown roles keep their value behind a type assertion, marked NEEDS ATTENTION with the check's reason", () => {
    const text = renderTypeScript(
      importPeople([
        user({
          email: "old@example.com",
          apiRoles: ["query_writer" as never],
          agentRoles: [{ agentKey: "bot", role: "agent_boss" as never }],
        }),
      ]),
      { ...SOURCE, corpusKey: "docs" },
      "pulumi-vectara 9.9.9",
    );
    assert.match(text, /from https:\/\/api\.vectara\.io, users with a role on corpus "docs":/);
    assert.match(text, /\/\/ NEEDS ATTENTION: 1 user holds values this version of pulumi-vectara refuses/);
    assert.match(text, /import \{ VectaraUser, type AgentRoleName, type ApiRole \} from "pulumi-vectara";/);
    assert.match(
      text,
      /\/\/ NEEDS ATTENTION \(pulumi preview refuses this user as it is in Vectara\):\n\/\/ {3}"query_writer" at apiRoles\[0\] is not a Vectara API role[^\n]*\n\/\/ {3}"agent_boss" at agentRoles\[0\]\.role[^\n]*\nnew VectaraUser\("old", \{/,
    );
    assert.match(text, /apiRoles: \["query_writer" as string as ApiRole\],/);
    assert.match(text, /\{ agentKey: "bot", role: "agent_boss" as string as AgentRoleName \},/);
  });

  it("typescript: values are string literals whatever they hold; comments cannot be ended by a value", () => {
    const tricky = 'a "quote" \\ back\nnew line \u2028 sep */ ${x} `tick`';
    const text = renderTypeScript(
      importPeople([user({ email: "t@example.com", username: "t\u2029/x", description: tricky, apiRoles: ["not\na role" as never] })]),
      SOURCE,
      "v",
    );
    const literal = /description: (".*"),\n/.exec(text)?.[1];
    assert.equal(JSON.parse(literal!), tricky);
    assert.doesNotMatch(text, /[\u2028\u2029]/);
    for (const line of text.split("\n")) {
      if (line.startsWith("//")) continue;
      assert.ok(/^(import |new VectaraUser| {2}|\}\);|$)/.test(line), `a line that is neither code nor comment: ${JSON.stringify(line)}`);
    }
  });
  it("typescript and roster: no control character of the account is written raw (a file printed to a terminal acts on none)", () => {
    // ESC sequences, BEL, CR, NUL, DEL, a C1 CSI, and a right-to-left override that reorders a line.
    const hostile = "x\u001b[2J\u0007\r\u0000\u007f\u009b\u202eevil";
    const people = importPeople([
      user({ email: "h@example.com", username: hostile, description: hostile, apiRoles: [`r${hostile}` as never] }),
    ]);
    for (const text of [renderTypeScript(people, SOURCE, "v"), renderRoster(people)]) {
      assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const literal = /"description": ("(?:[^"\\]|\\.)*")|description: ("(?:[^"\\]|\\.)*")/.exec(text)!;
      assert.equal(JSON.parse(literal[1] ?? literal[2]), hostile, "read back as the same value");
    }
  });
});
