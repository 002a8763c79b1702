import assert from "node:assert/strict";
import { checkUser } from "../../../provider/resources/user/check";
import { changedProperties, diffUser, replacedProperties, UPDATABLE_PROPERTIES } from "../../../provider/resources/user/diff";
import { UNKNOWN } from "../../../provider/framework/values";

const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };
const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };

/** What Alice's old state and new inputs share. */
const aliceRoles = () => ({
  description: "Alice",
  apiRoles: ["viewer", "corpus_administrator"],
  corpusRoles: [
    { corpusKey: "docs", role: "editor" },
    { corpusKey: "faq", role: "viewer" },
  ],
  agentRoles: [{ agentKey: "agt_1", role: "agent_user" }],
});

/** Old outputs as state holds them after a create. */
function state(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userId: "usr_1",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    email: "alice@example.com",
    username: "alice@example.com",
    ...aliceRoles(),
    enabled: true,
    adoptExisting: false,
    __provider: "old provider text",
    ...overrides,
  };
}

/** New inputs as check returns them. */
function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = {
    email: "alice@example.com",
    ...aliceRoles(),
    __provider: "new provider text",
    ...overrides,
  };
  const { inputs: checked, failures } = checkUser({}, raw);
  assert.deepEqual(failures, []);
  return checked;
}

function replace(...properties: string[]) {
  return { changes: true, replaces: properties, deleteBeforeReplace: true };
}

describe("diffUser", () => {
  it("no change between a state and the inputs that made it (even with a new __provider)", () => {
    assert.deepEqual(diffUser("usr_1", state(), inputs()), NO_CHANGE);
  });

  describe("replace, delete before create", () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
      ["email changed (username defaulted, so it changes too)", {}, { email: "bob@example.com" }, ["email", "username"]],
      ["email changed, explicit username unchanged", { username: "alice" }, { email: "bob@example.com", username: "alice" }, ["email"]],
      ["username changed", {}, { username: "alice2" }, ["username"]],
      ["username set explicitly to something other than the email", {}, { username: "alice" }, ["username"]],
      ["username case changed", { username: "Alice" }, { username: "alice" }, ["username"]],
      ["email unknown", {}, { email: UNKNOWN }, ["email", "username"]],
      ["username unknown", {}, { username: UNKNOWN }, ["username"]],
    ];
    for (const [name, olds, news, replaces] of cases) {
      it(name, () => {
        assert.deepEqual(diffUser("usr_1", state(olds), inputs(news)), replace(...replaces));
      });
    }

    it("setting username explicitly to the email it defaulted to is no change", () => {
      assert.deepEqual(diffUser("usr_1", state(), inputs({ username: "alice@example.com" })), NO_CHANGE);
    });

    it("a replace may come with updates; replaces lists only email/username", () => {
      const result = diffUser("usr_1", state(), inputs({ email: "bob@example.com", description: "Bob", enabled: false }));
      assert.deepEqual(result, replace("email", "username"));
    });
  });

  describe("update in place", () => {
    const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
      ["description changed", {}, { description: "Alice B." }, ["description"]],
      ["description cleared by omitting it", {}, { description: undefined }, ["description"]],
      ["enabled turned off", {}, { enabled: false }, ["enabled"]],
      ["enabled turned on", { enabled: false }, {}, ["enabled"]],
      ["api role added", {}, { apiRoles: ["viewer", "corpus_administrator", "owner"] }, ["apiRoles"]],
      ["api role removed", {}, { apiRoles: ["viewer"] }, ["apiRoles"]],
      ["api roles cleared by omitting them", {}, { apiRoles: undefined }, ["apiRoles"]],
      [
        "corpus role changed for one key",
        {},
        {
          corpusRoles: [
            { corpusKey: "docs", role: "viewer" },
            { corpusKey: "faq", role: "viewer" },
          ],
        },
        ["corpusRoles"],
      ],
      [
        "corpus role key changed",
        {},
        {
          corpusRoles: [
            { corpusKey: "docs2", role: "editor" },
            { corpusKey: "faq", role: "viewer" },
          ],
        },
        ["corpusRoles"],
      ],
      ["agent role changed", {}, { agentRoles: [{ agentKey: "agt_1", role: "agent_viewer" }] }, ["agentRoles"]],
      ["agent roles cleared", {}, { agentRoles: [] }, ["agentRoles"]],
      [
        "several at once",
        {},
        { description: "", enabled: false, apiRoles: [], corpusRoles: [], agentRoles: [] },
        [...UPDATABLE_PROPERTIES],
      ],
      ["description unknown", {}, { description: UNKNOWN }, ["description"]],
      ["enabled unknown", {}, { enabled: UNKNOWN }, ["enabled"]],
      ["apiRoles unknown as a whole", {}, { apiRoles: UNKNOWN }, ["apiRoles"]],
      ["one api role unknown", {}, { apiRoles: ["viewer", UNKNOWN] }, ["apiRoles"]],
      [
        "a corpusKey unknown",
        {},
        {
          corpusRoles: [
            { corpusKey: UNKNOWN, role: "editor" },
            { corpusKey: "faq", role: "viewer" },
          ],
        },
        ["corpusRoles"],
      ],
      ["an agent role element unknown", {}, { agentRoles: [UNKNOWN] }, ["agentRoles"]],
    ];
    for (const [name, olds, news, changed] of cases) {
      it(name, () => {
        const o = state(olds);
        const n = inputs(news);
        assert.deepEqual(diffUser("usr_1", o, n), UPDATE);
        assert.deepEqual(changedProperties(o, n), changed);
        assert.deepEqual(replacedProperties(o, n), []);
      });
    }
  });

  describe("role lists compare as sets", () => {
    const cases: [string, Record<string, unknown>][] = [
      ["api roles reordered", { apiRoles: ["corpus_administrator", "viewer"] }],
      [
        "corpus roles reordered",
        {
          corpusRoles: [
            { corpusKey: "faq", role: "viewer" },
            { corpusKey: "docs", role: "editor" },
          ],
        },
      ],
      [
        "corpus role keys in another order",
        {
          corpusRoles: [
            { role: "editor", corpusKey: "docs" },
            { role: "viewer", corpusKey: "faq" },
          ],
        },
      ],
    ];
    for (const [name, news] of cases) {
      it(`${name}: no change`, () => {
        assert.deepEqual(diffUser("usr_1", state(), inputs(news)), NO_CHANGE);
      });
    }

    it("duplicates on either side don't matter", () => {
      // check rejects duplicates in inputs, but state (the server's answer) may hold them.
      const olds = state({
        apiRoles: ["viewer", "corpus_administrator", "viewer"],
        corpusRoles: [
          { corpusKey: "faq", role: "viewer" },
          { corpusKey: "docs", role: "editor" },
          { corpusKey: "faq", role: "viewer" },
        ],
        agentRoles: [
          { agentKey: "agt_1", role: "agent_user" },
          { agentKey: "agt_1", role: "agent_user" },
        ],
      });
      assert.deepEqual(diffUser("usr_1", olds, inputs()), NO_CHANGE);
      assert.deepEqual(diffUser("usr_1", state(), { ...inputs(), apiRoles: ["viewer", "viewer", "corpus_administrator"] }), NO_CHANGE);
    });

    it("pairs compare whole: swapping roles between keys is a change", () => {
      const news = inputs({
        corpusRoles: [
          { corpusKey: "docs", role: "viewer" },
          { corpusKey: "faq", role: "editor" },
        ],
      });
      assert.deepEqual(changedProperties(state(), news), ["corpusRoles"]);
    });

    it("reads a snake_case key in old state as the same pair", () => {
      const olds = state({
        corpusRoles: [
          { corpus_key: "docs", role: "editor" },
          { corpus_key: "faq", role: "viewer" },
        ],
        agentRoles: [{ agent_key: "agt_1", role: "agent_user" }],
      });
      assert.deepEqual(diffUser("usr_1", olds, inputs()), NO_CHANGE);
    });
  });

  describe("defaults vs omitted", () => {
    it("old state missing every optional key equals inputs at their defaults", () => {
      const olds = { userId: "usr_1", email: "alice@example.com" };
      const news = checkUser({}, { email: "alice@example.com" }).inputs;
      assert.deepEqual(diffUser("usr_1", olds, news), NO_CHANGE);
    });

    it("null in old state counts as the default", () => {
      const olds = {
        email: "a@x.com",
        username: null,
        description: null,
        apiRoles: null,
        corpusRoles: null,
        agentRoles: null,
        enabled: null,
      };
      assert.deepEqual(diffUser("usr_1", olds, checkUser({}, { email: "a@x.com" }).inputs), NO_CHANGE);
    });

    it("unchecked news (omitted optionals) compare as their defaults", () => {
      assert.deepEqual(
        diffUser("usr_1", state({ description: "", apiRoles: [], corpusRoles: [], agentRoles: [] }), { email: "alice@example.com" }),
        NO_CHANGE,
      );
    });

    it("old state missing username compares as the email", () => {
      const { username: _u, ...olds } = state();
      assert.deepEqual(diffUser("usr_1", olds, inputs()), NO_CHANGE);
      assert.deepEqual(diffUser("usr_1", olds, inputs({ username: "alice" })), replace("username"));
    });

    it("old state missing enabled compares as true", () => {
      const { enabled: _e, ...olds } = state();
      assert.deepEqual(diffUser("usr_1", olds, inputs()), NO_CHANGE);
      assert.deepEqual(changedProperties(olds, inputs({ enabled: false })), ["enabled"]);
    });

    it("old state missing a role list compares as empty", () => {
      const { agentRoles: _a, ...olds } = state();
      assert.deepEqual(changedProperties(olds, inputs()), ["agentRoles"]);
      assert.deepEqual(changedProperties(olds, inputs({ agentRoles: [] })), []);
    });

    it("old state missing email: any email is a replace", () => {
      const { email: _e, username: _u, ...olds } = state();
      assert.deepEqual(diffUser("usr_1", olds, inputs()), replace("email", "username"));
    });
  });

  describe("adoptExisting never causes a change", () => {
    for (const [before, after] of [
      [false, true],
      [true, false],
      [undefined, true],
      [false, UNKNOWN],
    ] as const) {
      it(`${String(before)} → ${String(after)}`, () => {
        const olds = state({ adoptExisting: before });
        if (before === undefined) delete olds.adoptExisting;
        assert.deepEqual(diffUser("usr_1", olds, inputs({ adoptExisting: after })), NO_CHANGE);
      });
    }
  });

  describe("robustness", () => {
    it("a malformed list in old state differs from a proper one, without throwing", () => {
      assert.deepEqual(changedProperties(state({ apiRoles: "viewer" }), inputs({ apiRoles: ["viewer"] })), ["apiRoles"]);
      assert.deepEqual(changedProperties(state({ corpusRoles: ["docs"] }), inputs()), ["corpusRoles"]);
    });

    it("a type change of a scalar is a change", () => {
      assert.deepEqual(changedProperties(state({ enabled: "true" }), inputs()), ["enabled"]);
    });

    it("an unknown value in old state counts as a change", () => {
      assert.deepEqual(changedProperties(state({ description: UNKNOWN }), inputs()), ["description"]);
    });

    it("results hold no undefined", () => {
      const result = diffUser("usr_1", {}, {});
      assert.equal(Object.values(result).includes(undefined), false);
    });
  });
});

describe("changedProperties", () => {
  it("lists nothing when nothing updatable differs", () => {
    assert.deepEqual(changedProperties(state(), inputs()), []);
  });

  it("ignores email, username and adoptExisting", () => {
    assert.deepEqual(changedProperties(state(), inputs({ email: "bob@example.com", adoptExisting: true })), []);
  });

  it("lists in a fixed order: the order of the table in resources/user/schema.ts", () => {
    const news = inputs({ agentRoles: [], enabled: false, description: "x" });
    assert.deepEqual(changedProperties(state(), news), ["description", "agentRoles", "enabled"]);
  });
});
