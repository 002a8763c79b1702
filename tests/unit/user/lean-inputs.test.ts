/**
 * Lean inputs (framework/check.ts, used by framework/provider.ts): check's inputs without the
 * ones at their default, and the defaults given back to create and update. Pure tables over
 * VectaraUser's schema; through the provider host: tests/host/user/lifecycle.test.ts.
 */
import assert from "node:assert/strict";
import { withDefaults, withoutDefaults } from "../../../provider/framework/check";
import { tableDiff } from "../../../provider/framework/diff";
import { UNKNOWN } from "../../../provider/framework/values";
import { checkUser } from "../../../provider/resources/user/check";
import { userDefinition } from "../../../provider/resources/user/definition";
import { USER_SCHEMA } from "../../../provider/resources/user/schema";

const LEAN = userDefinition.leanInputs!;
const lean = (news: Record<string, unknown>) => withoutDefaults(USER_SCHEMA, checkUser({}, news).inputs, LEAN);

describe("lean inputs of VectaraUser", () => {
  it("leaves out description, agentRoles, enabled and adoptExisting at their default, keeps everything else", () => {
    assert.deepEqual(lean({ email: "a@example.com", apiRoles: ["viewer"], description: "", enabled: true }), {
      email: "a@example.com",
      username: "a@example.com",
      apiRoles: ["viewer"],
      corpusRoles: [],
    });
  });

  it("keeps a value other than the default, and a value still unknown", () => {
    const inputs = lean({ email: "a@example.com", description: "Ops", enabled: false, adoptExisting: true, agentRoles: UNKNOWN });
    assert.deepEqual([inputs.description, inputs.enabled, inputs.adoptExisting, inputs.agentRoles], ["Ops", false, true, UNKNOWN]);
  });

  it("withDefaults gives back exactly what check returned", () => {
    const news = { email: "a@example.com", apiRoles: ["viewer"] };
    assert.deepEqual(withDefaults(USER_SCHEMA, lean(news)), checkUser({}, news).inputs);
  });

  it("state written with every input (older versions) and lean inputs diff as no change", () => {
    const full = checkUser({}, { email: "a@example.com", apiRoles: ["viewer"] }).inputs;
    const outputs = { ...full, userId: "usr_1", createdAt: "", updatedAt: "" };
    assert.equal(tableDiff(USER_SCHEMA, outputs, lean({ email: "a@example.com", apiRoles: ["viewer"] })).changes, false);
  });
});
