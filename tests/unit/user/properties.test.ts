import assert from "node:assert/strict";
import looseAssert from "node:assert";
import fc from "fast-check";
import { AGENT_ROLES, API_ROLES, CORPUS_ROLES } from "../../../provider/client";
import { usernameProblem } from "../../../provider/vectara/username";
import { describeValue, UNKNOWN, withoutUndefined } from "../../../provider/framework/values";
import { checkUser, USER_INPUT_KEYS } from "../../../provider/resources/user/check";
import { changedProperties, diffUser } from "../../../provider/resources/user/diff";
import { emailProblem } from "../../../provider/resources/user/rules";
import { validate } from "vectara-emulator";

const NUM_RUNS = 300;
const NO_CHANGE = { changes: false, replaces: [], deleteBeforeReplace: false };

function undefinedPaths(value: unknown, path = "$"): string[] {
  if (value === undefined) return [path];
  if (value === null || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => undefinedPaths(v, `${path}[${i}]`));
  return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
}

// ---- generators of valid inputs ----

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const email = fc
  .tuple(fc.stringMatching(/^[a-zA-Z0-9+_'-]{1,20}$/), fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
  .map(([local, labels, tld]) => `${local}@${labels.join(".")}.${tld}`);
const corpusKey = fc.stringMatching(/^[a-zA-Z0-9_=-]{1,50}$/);
const agentKey = fc.stringMatching(/^[a-zA-Z0-9_.:-]{1,40}$/);
const pairKey = (p: { corpusKey?: string; agentKey?: string; role: string }) => `${p.corpusKey ?? p.agentKey}\u0000${p.role}`;

const validRaw = fc.record(
  {
    email,
    username: fc
      .string({ unit: fc.constantFrom(..."abcXYZ019 @+%'._-/名前éß😀"), minLength: 1, maxLength: 40 })
      .filter((u) => usernameProblem(u) === undefined),
    description: fc.string({ maxLength: 255 }),
    apiRoles: fc.subarray([...API_ROLES]),
    corpusRoles: fc.uniqueArray(fc.record({ corpusKey, role: fc.constantFrom(...CORPUS_ROLES) }), { selector: pairKey, maxLength: 6 }),
    agentRoles: fc.uniqueArray(fc.record({ agentKey, role: fc.constantFrom(...AGENT_ROLES) }), { selector: pairKey, maxLength: 6 }),
    enabled: fc.boolean(),
    adoptExisting: fc.boolean(),
  },
  { requiredKeys: ["email"] },
);

/** Checked inputs of a valid raw input (asserting check finds nothing wrong). */
function checked(raw: Record<string, unknown>): Record<string, unknown> {
  const result = checkUser({}, raw);
  assert.deepEqual(result.failures, [], JSON.stringify(raw));
  return result.inputs;
}

/** A permutation of `list`, as fast-check can shrink it. */
function permutationOf<T>(list: T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length });
}

describe("properties", () => {
  it("generated valid inputs pass check", () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        checked(raw);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("diffUser(x, x) has no changes for any valid input x (as inputs and as state)", () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        const x = checked(raw);
        assert.deepEqual(diffUser("usr_1", x, x), NO_CHANGE);
        const asState = { ...x, userId: "usr_1", createdAt: "t", updatedAt: "t", __provider: "p" };
        assert.deepEqual(diffUser("usr_1", asState, x), NO_CHANGE);
        assert.deepEqual(changedProperties(asState, x), []);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("checkUser is idempotent: checking checked inputs changes nothing", () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        const x = checked(raw);
        assert.deepEqual(checked(x), x);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("any permutation of the role lists (and duplicates in state) gives no change", () => {
    const withPermutations = validRaw.chain((raw) => {
      const x = checked(raw);
      const api = x.apiRoles as string[];
      const corpus = x.corpusRoles as object[];
      const agent = x.agentRoles as object[];
      return fc
        .tuple(permutationOf(api), permutationOf(corpus), permutationOf(agent), fc.subarray(api), fc.subarray(corpus))
        .map(([p1, p2, p3, dupApi, dupCorpus]) => ({
          x,
          permuted: { ...x, apiRoles: p1, corpusRoles: p2, agentRoles: p3 },
          dupApi,
          dupCorpus,
        }));
    });
    fc.assert(
      fc.property(withPermutations, ({ x, permuted, dupApi, dupCorpus }) => {
        assert.deepEqual(diffUser("usr_1", x, permuted), NO_CHANGE);
        assert.deepEqual(diffUser("usr_1", permuted, x), NO_CHANGE);
        const stateWithDuplicates = {
          ...permuted,
          apiRoles: [...(permuted.apiRoles as string[]), ...dupApi],
          corpusRoles: [...dupCorpus, ...(permuted.corpusRoles as object[])],
        };
        assert.deepEqual(diffUser("usr_1", stateWithDuplicates, x), NO_CHANGE);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("declared repetitions pass check, which keeps the first of each: the same inputs, no change", () => {
    const withRepeats = validRaw.chain((raw) => {
      const x = checked(raw);
      const repeat = <T>(list: T[]) =>
        fc
          .array(fc.nat({ max: Math.max(0, list.length - 1) }), { maxLength: list.length === 0 ? 0 : 4 })
          .chain((picks) =>
            fc.shuffledSubarray([...list, ...picks.map((i) => structuredClone(list[i]))], { minLength: list.length + picks.length }),
          );
      return fc
        .tuple(repeat(x.apiRoles as string[]), repeat(x.corpusRoles as object[]), repeat(x.agentRoles as object[]))
        .map(([apiRoles, corpusRoles, agentRoles]) => ({ x, declared: { ...raw, apiRoles, corpusRoles, agentRoles } }));
    });
    fc.assert(
      fc.property(withRepeats, ({ x, declared }) => {
        const again = checked(declared);
        for (const list of ["apiRoles", "corpusRoles", "agentRoles"] as const) {
          const kept = again[list] as unknown[];
          assert.equal(new Set(kept.map((e) => JSON.stringify(e))).size, kept.length, `${list} holds no repetition`);
          assert.deepEqual(new Set(kept.map((e) => JSON.stringify(e))), new Set((x[list] as unknown[]).map((e) => JSON.stringify(e))));
        }
        assert.deepEqual(diffUser("usr_1", x, again), NO_CHANGE);
        assert.deepEqual(diffUser("usr_1", again, x), NO_CHANGE);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("changing one updatable property is an in-place update of exactly that property", () => {
    fc.assert(
      fc.property(validRaw, fc.constantFrom("description", "enabled", "apiRoles"), (raw, property) => {
        const x = checked(raw);
        const next = { ...x };
        if (property === "description")
          next.description = `${x.description as string}!`.slice(-255) === x.description ? "" : `${x.description as string}!`.slice(0, 255);
        if (property === "enabled") next.enabled = !x.enabled;
        if (property === "apiRoles") {
          const api = x.apiRoles as string[];
          next.apiRoles = api.length > 0 ? api.slice(1) : ["viewer"];
        }
        if (next[property] === x[property]) return; // e.g. a 255-character description ending in "!"
        assert.deepEqual(changedProperties(x, next), [property]);
        assert.deepEqual(diffUser("usr_1", x, next), { changes: true, replaces: [], deleteBeforeReplace: false });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  describe("checkUser on arbitrary input", () => {
    const sometimesUnknown = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(UNKNOWN));
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant(UNKNOWN),
      fc.constant(undefined),
      fc.array(fc.oneof(fc.constantFrom(...API_ROLES, "corpus_admin", "query_writer", UNKNOWN), fc.jsonValue({ maxDepth: 2 }))),
      fc.array(
        fc.oneof(
          fc.record(
            {
              corpusKey: sometimesUnknown(fc.oneof(corpusKey, fc.string())),
              role: fc.oneof(fc.constantFrom(...CORPUS_ROLES), fc.string()),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      ),
    );
    const nearlyValid = fc.record(
      Object.fromEntries([...USER_INPUT_KEYS, "__provider"].map((k) => [k, anyValue])) as Record<string, typeof anyValue>,
      { requiredKeys: [] },
    );
    const news = fc.oneof(
      nearlyValid,
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })),
      fc.object({ values: [fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), fc.constant(UNKNOWN)] }),
    );

    it("never throws, never returns undefined, one line per failure, every key that is no input failed", () => {
      const isInput = (k: string) => (USER_INPUT_KEYS as readonly string[]).includes(k);
      fc.assert(
        fc.property(news, (input) => {
          const result = checkUser({}, input as Record<string, unknown>);
          assert.deepEqual(undefinedPaths(result), []);
          assert.ok(Array.isArray(result.failures));
          for (const failure of result.failures) {
            assert.ok(isInput(failure.property) || Object.hasOwn(input, failure.property), failure.property);
            assert.equal(typeof failure.reason, "string");
            assert.ok(!failure.reason.includes("\n"), failure.reason);
            assert.ok(!failure.reason.startsWith(`${failure.property}:`), failure.reason);
          }
          // Survives the host's encoding (Struct.fromJavaScript ~ JSON; loose, as JSON turns -0 into 0).
          looseAssert.deepEqual(JSON.parse(JSON.stringify(result.inputs)), result.inputs);
          for (const [k, v] of Object.entries(input)) {
            if (isInput(k) || v === undefined) continue;
            // Keys the SDK adds (__provider) pass through untouched (less any undefined inside them)...
            if (k.startsWith("__")) assert.deepEqual(result.inputs[k], withoutUndefined(v));
            // ...any other is a typo or a stray output: a failure of its own.
            else
              assert.ok(
                result.failures.some((f) => f.property === k),
                `no failure for ${JSON.stringify(k)}`,
              );
          }
          // diff copes with whatever check let through.
          diffUser("usr_1", result.inputs, result.inputs);
        }),
        { numRuns: NUM_RUNS * 3 },
      );
    });

    it("with no failures, every input has a value of its type (or is unknown)", () => {
      fc.assert(
        fc.property(nearlyValid, (input) => {
          const { inputs, failures } = checkUser({}, input as Record<string, unknown>);
          if (failures.length > 0) return;
          for (const key of USER_INPUT_KEYS) {
            const v = inputs[key];
            if (v === UNKNOWN) continue;
            const expected = key === "enabled" || key === "adoptExisting" ? "boolean" : key.endsWith("Roles") ? "array" : "string";
            assert.equal(Array.isArray(v) ? "array" : typeof v, expected, `${key}: ${JSON.stringify(v)}`);
          }
        }),
        { numRuns: NUM_RUNS * 3 },
      );
    });
  });

  describe("usernames from arbitrary unicode", () => {
    const candidate = fc.oneof(
      fc.string({ unit: "binary", maxLength: 140 }),
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.array(fc.constantFrom(".", "..", "/", "\\", "a", "é", "%", " ", "\u0007"), { maxLength: 8 }).map((parts) => parts.join("")),
    );

    it("a username the rule accepts passes check and survives the URL path", () => {
      let accepted = 0;
      fc.assert(
        fc.property(candidate, (username) => {
          if (usernameProblem(username) !== undefined) return;
          accepted++;
          const { inputs, failures } = checkUser({}, { email: "alice@example.com", username });
          assert.deepEqual(failures, []);
          assert.equal(inputs.username, username);
          // What the client does with it: one path segment that round-trips and cannot walk the path.
          const segment = encodeURIComponent(username);
          assert.equal(decodeURIComponent(segment), username);
          assert.ok(!segment.includes("/"));
          const resolved = new URL(`https://api.vectara.io/v2/users/${segment}`);
          assert.ok(resolved.pathname.startsWith("/v2/users/"), resolved.pathname);
          assert.notEqual(resolved.pathname, "/v2/users/");
          for (const part of username.split(/[/\\]/)) assert.ok(part !== "." && part !== "..");
        }),
        { numRuns: NUM_RUNS * 3 },
      );
      assert.ok(accepted > NUM_RUNS, `only ${accepted} generated usernames were valid`);
    });

    it("a username the rule rejects fails check on username, naming it", () => {
      fc.assert(
        fc.property(candidate, (username) => {
          const problem = usernameProblem(username);
          if (problem === undefined) return;
          const { failures } = checkUser({}, { email: "alice@example.com", username });
          assert.deepEqual(
            failures.map((f) => f.property),
            ["username"],
          );
          assert.equal(failures[0].reason, problem);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  });

  it("any unknown role name fails with a reason naming it, and suggests only valid roles", () => {
    const kinds = [
      { property: "apiRoles", valid: API_ROLES as readonly string[], wrap: (r: string) => r },
      { property: "corpusRoles", valid: CORPUS_ROLES as readonly string[], wrap: (r: string) => ({ corpusKey: "docs", role: r }) },
      { property: "agentRoles", valid: AGENT_ROLES as readonly string[], wrap: (r: string) => ({ agentKey: "agt_1", role: r }) },
    ];
    const roleName = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc
        .constantFrom(...API_ROLES, ...CORPUS_ROLES, ...AGENT_ROLES)
        .chain((r) =>
          fc.tuple(fc.nat({ max: r.length }), fc.string({ maxLength: 2 })).map(([i, insert]) => r.slice(0, i) + insert + r.slice(i + 1)),
        ),
    );
    fc.assert(
      fc.property(roleName, fc.constantFrom(...kinds), (role, kind) => {
        fc.pre(!kind.valid.includes(role) && role !== UNKNOWN);
        const { failures } = checkUser({}, { email: "alice@example.com", [kind.property]: [kind.wrap(role)] });
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, kind.property);
        const reason = failures[0].reason;
        assert.ok(reason.includes(describeValue(role)), reason);
        assert.ok(reason.includes(`Valid roles: ${kind.valid.join(", ")}`), reason);
        const suggestion = /did you mean "([^"]*)"\?/.exec(reason);
        if (suggestion) assert.ok(kind.valid.includes(suggestion[1]), reason);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it("a valid email defaults a username that is valid whenever it is short enough", () => {
    fc.assert(
      fc.property(email, (e) => {
        assert.equal(emailProblem(e), undefined);
        const { inputs, failures } = checkUser({}, { email: e });
        assert.equal(inputs.username, e);
        assert.deepEqual(failures, e.length <= 128 ? [] : [failures[0]]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  // The spec declares `format: email` (RFC 5321's ASCII Mailbox; internationalized addresses
  // are the `idn-email` format, RFC 6531). The emulator checks it with ajv-formats.
  it("an email check accepts, the spec's format (the emulator's check) accepts; a non-ASCII one neither does", () => {
    const unit = fc.oneof(
      { arbitrary: fc.constantFrom(..."abzAZ09"), weight: 12 },
      { arbitrary: fc.constantFrom(..."-.+_'!#$%&*/=?^`{|}~"), weight: 2 },
      { arbitrary: fc.constantFrom(..."éäßñ名😀".split(/(?:)/u)), weight: 1 },
    );
    const part = fc.string({ unit, minLength: 0, maxLength: 10 });
    const address = fc
      .tuple(part, fc.array(part, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constantFrom("com", "io", "xn--p1ai"), part))
      .map(([local, labels, tld]) => `${local}@${[...labels, tld].join(".")}`);
    let accepted = 0;
    fc.assert(
      fc.property(address, (e) => {
        const ours = emailProblem(e) === undefined;
        const spec = validate("CreateUserRequest", { email: e }).length === 0;
        if (ours) {
          accepted++;
          assert.ok(spec, `check accepts ${JSON.stringify(e)}, the spec's format refuses it`);
        }
        if (/[^\x00-\x7f]/.test(e)) assert.ok(!ours && !spec, JSON.stringify(e));
      }),
      { numRuns: NUM_RUNS * 3 },
    );
    assert.ok(accepted > 20, `enough valid addresses were tried (${accepted})`);
  });
});
