/**
 * check and diff of VectaraAppClient and VectaraApiKey as tables: what a user's bad input reads
 * like (the property, the value, what is valid), the defaults, and which change is an in-place
 * update, a replacement (created before the old one is deleted) or nothing. Pure: no API.
 */
import assert from "node:assert/strict";
import { checkApiKey } from "../../../provider/resources/api-key/check";
import { API_KEY_SCHEMA } from "../../../provider/resources/api-key/schema";
import { APP_CLIENT_SCHEMA } from "../../../provider/resources/app-client/schema";
import { checkInputs } from "../../../provider/framework/check";
import { tableDiff } from "../../../provider/framework/diff";
import { secretKeys } from "../../../provider/framework/schema";
import { UNKNOWN } from "../../../provider/framework/values";

const checkAppClient = (news: Record<string, unknown>) => checkInputs(APP_CLIENT_SCHEMA, news);

/** The one failure of `news`, as [property, reason]. */
function onlyFailure(
  check: (news: Record<string, unknown>) => { failures: { property: string; reason: string }[] },
  news: Record<string, unknown>,
) {
  const { failures } = check(news);
  assert.equal(failures.length, 1, JSON.stringify(failures));
  const [{ property, reason }] = failures;
  assert.equal(reason.includes("\n"), false, reason);
  return [property, reason] as const;
}

describe("VectaraAppClient check", () => {
  it("fills the defaults", () => {
    const { inputs, failures } = checkAppClient({ name: "pipeline" });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { name: "pipeline", description: "", apiRoles: [], rotationTrigger: "", adoptExisting: false });
  });

  it("keeps one of each role", () => {
    assert.deepEqual(checkAppClient({ name: "p", apiRoles: ["owner", "owner"] }).inputs.apiRoles, ["owner"]);
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ["no name", {}, "name", /required: the app client's name/],
    ["a blank name", { name: "  " }, "name", /" {2}" is empty; the app client's name needs at least one character besides spaces/],
    ["a name with a newline", { name: "a\nb" }, "name", /contains a control character/],
    [
      "an API role a user has but an app client cannot",
      { name: "p", apiRoles: ["corpus_administrator", "agent_user"] },
      "apiRoles",
      /"agent_user" at apiRoles\[1\] is not an API role of an app client.*valid: one of owner, administrator, .*agent_developer$/,
    ],
    ["a misspelt role", { name: "p", apiRoles: ["Administrator"] }, "apiRoles", /\(did you mean "administrator"\?\)/],
    ["roles as a string", { name: "p", apiRoles: "owner" }, "apiRoles", /"owner" is a string, not a list/],
    [
      "adoptExisting as another kind's id",
      { name: "p", adoptExisting: "aky_1" },
      "adoptExisting",
      /"aky_1" is not true, false or an app client id; use the id of the app client to take over \("app_…"\)/,
    ],
    ["a key that is an output", { name: "p", clientSecret: "x" }, "clientSecret", /an output, which Vectara sets/],
    ["a typo of an input", { name: "p", rotationTriger: 1 }, "rotationTriger", /did you mean "rotationTrigger"/],
  ];
  for (const [what, news, property, reason] of bad) {
    it(`refuses ${what}, naming ${property}`, () => {
      const [p, r] = onlyFailure(checkAppClient, news);
      assert.equal(p, property);
      assert.match(r, reason);
    });
  }

  it("passes unknown values (preview) untouched", () => {
    const { inputs, failures } = checkAppClient({ name: UNKNOWN, apiRoles: [UNKNOWN], adoptExisting: UNKNOWN });
    assert.deepEqual(failures, []);
    assert.equal(inputs.name, UNKNOWN);
  });

  it("takes any trigger value and an app_ id to adopt", () => {
    for (const rotationTrigger of ["2026-12", 3, { quarter: "q4" }]) {
      assert.deepEqual(checkAppClient({ name: "p", rotationTrigger, adoptExisting: "app_123" }).failures, []);
    }
  });
});

describe("VectaraApiKey check", () => {
  it("fills the defaults", () => {
    const { inputs, failures } = checkApiKey({}, { name: "search", apiKeyRole: "serving", corpusKeys: ["docs", "docs"] });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, {
      name: "search",
      apiKeyRole: "serving",
      corpusKeys: ["docs"],
      enabled: true,
      rotationTrigger: "",
      adoptExisting: false,
    });
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    ["no role", { name: "k" }, "apiKeyRole", /required: one of serving, serving_and_indexing, personal/],
    [
      "an unknown role",
      { name: "k", apiKeyRole: "indexing" },
      "apiKeyRole",
      /"indexing" is not an API key role; valid: serving, serving_and_indexing, personal/,
    ],
    ["a near-miss role", { name: "k", apiKeyRole: "serving-and-indexing" }, "apiKeyRole", /did you mean "serving_and_indexing"/],
    [
      "corpora on a personal key",
      { name: "k", apiKeyRole: "personal", corpusKeys: ["docs"] },
      "corpusKeys",
      /\["docs"\] is not allowed with apiKeyRole "personal".*Leave corpusKeys out, or use apiKeyRole "serving" or "serving_and_indexing"/,
    ],
    [
      "a bad corpus key",
      { name: "k", apiKeyRole: "serving", corpusKeys: ["docs", "my docs"] },
      "corpusKeys",
      /"my docs" at corpusKeys\[1\] contains " "/,
    ],
    ["enabled as a string", { name: "k", apiKeyRole: "serving", enabled: "no" }, "enabled", /"no" is a string, not a boolean/],
    ["adoptExisting as an app client id", { name: "k", apiKeyRole: "serving", adoptExisting: "app_1" }, "adoptExisting", /an API key id/],
  ];
  for (const [what, news, property, reason] of bad) {
    it(`refuses ${what}, naming ${property}`, () => {
      const [p, r] = onlyFailure((n) => checkApiKey({}, n), news);
      assert.equal(p, property);
      assert.match(r, reason);
    });
  }

  it("a personal key without corpora passes; with corpora still unknown it waits for the values", () => {
    assert.deepEqual(checkApiKey({}, { name: "me", apiKeyRole: "personal" }).failures, []);
    assert.deepEqual(checkApiKey({}, { name: "me", apiKeyRole: "personal", corpusKeys: UNKNOWN }).failures, []);
  });
});

describe("diff of the machine credentials", () => {
  const NONE = { changes: false, replaces: [], deleteBeforeReplace: false };
  const UPDATE = { changes: true, replaces: [], deleteBeforeReplace: false };
  const replace = (...replaces: string[]) => ({ changes: true, replaces, deleteBeforeReplace: false });

  const appState = {
    appClientId: "app_1",
    name: "p",
    description: "d",
    apiRoles: ["owner", "administrator"],
    rotationTrigger: "",
    adoptExisting: false,
    clientId: "c",
    clientSecret: "s",
    secretNote: "",
  };
  const appDiff = (news: Record<string, unknown>, olds: Record<string, unknown> = appState) =>
    tableDiff(
      APP_CLIENT_SCHEMA,
      olds,
      checkAppClient({ name: "p", description: "d", apiRoles: ["administrator", "owner"], ...news }).inputs,
    );

  const app: [string, Record<string, unknown>, object][] = [
    ["nothing (roles in another order)", {}, NONE],
    ["description: in place", { description: "e" }, UPDATE],
    ["apiRoles: in place", { apiRoles: ["owner"] }, UPDATE],
    ["adoptExisting: nothing", { adoptExisting: true }, NONE],
    ["name: replaced, new one first", { name: "q" }, replace("name")],
    ["rotationTrigger: replaced, new one first", { rotationTrigger: "2027" }, replace("rotationTrigger")],
    ["a trigger still unknown (preview): replaced", { rotationTrigger: UNKNOWN }, replace("rotationTrigger")],
  ];
  for (const [what, news, expected] of app) it(`app client, ${what}`, () => assert.deepEqual(appDiff(news), expected));

  it("app client imported by id (state without a trigger): no change for a program without one", () => {
    const { rotationTrigger: _t, adoptExisting: _a, ...imported } = appState;
    assert.deepEqual(appDiff({}, imported), NONE);
  });

  const keyState = {
    apiKeyId: "aky_1",
    name: "k",
    apiKeyRole: "serving",
    corpusKeys: ["a", "b"],
    enabled: true,
    rotationTrigger: "",
    adoptExisting: false,
    secretKey: "s",
    secretNote: "",
  };
  const keyDiff = (news: Record<string, unknown>) =>
    tableDiff(API_KEY_SCHEMA, keyState, checkApiKey({}, { name: "k", apiKeyRole: "serving", corpusKeys: ["b", "a"], ...news }).inputs);
  const key: [string, Record<string, unknown>, object][] = [
    ["nothing (corpora in another order)", {}, NONE],
    ["enabled: in place", { enabled: false }, UPDATE],
    ["name: replaced", { name: "k2" }, replace("name")],
    ["apiKeyRole: replaced", { apiKeyRole: "serving_and_indexing" }, replace("apiKeyRole")],
    ["corpusKeys: replaced", { corpusKeys: ["a"] }, replace("corpusKeys")],
    ["rotationTrigger: replaced", { rotationTrigger: { q: 2 } }, replace("rotationTrigger")],
  ];
  for (const [what, news, expected] of key) it(`API key, ${what}`, () => assert.deepEqual(keyDiff(news), expected));

  it("the secret outputs are marked secret in the tables", () => {
    assert.deepEqual(secretKeys(APP_CLIENT_SCHEMA), ["clientId", "clientSecret"]);
    assert.deepEqual(secretKeys(API_KEY_SCHEMA), ["secretKey"]);
  });
});
