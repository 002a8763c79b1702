/**
 * Values the SDK would change on their way to the provider (an unpaired UTF-16 surrogate)
 * travel as a marker, which check refuses naming the value the program gave
 * (provider/framework/carriable.ts). Through the real engine: tests/engine/description-text.test.ts.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { carriable, uncarriedFailures } from "../../../provider/framework/carriable";
import { UNPAIRED_SURROGATE } from "../../../provider/framework/values";

describe("values Pulumi cannot carry unchanged: marked in the program, refused at check", () => {
  it("leaves valid text as it is (the same object), noncharacters and surrogate pairs included", () => {
    const args = {
      email: "a@example.com",
      description: "a\uFFFF\u{1F600}b",
      apiRoles: ["viewer"],
      corpusRoles: [{ corpusKey: "k", role: "viewer" }],
    };
    assert.deepEqual(carriable(args), args);
    assert.deepEqual(uncarriedFailures(carriable(args)), []);
  });

  it("marks each string with an unpaired surrogate, at any depth, as valid text; check names each one as the program gave it", () => {
    const args = {
      email: "a@example.com",
      description: "a\uD800b",
      agentRoles: [{ agentKey: "k\uDC00", role: "agent_viewer" }],
    };
    const marked = carriable(args);
    for (const value of [marked.description, marked.agentRoles[0].agentKey]) {
      assert.equal(typeof value, "string");
      assert.doesNotMatch(value, /[\uD800-\uDFFF]/, "no surrogate left: valid text for the trip");
      assert.equal(Buffer.from(value, "utf8").toString("utf8"), value, "survives UTF-8");
    }
    assert.equal(marked.email, "a@example.com");
    assert.deepEqual(uncarriedFailures(marked), [
      { property: "", reason: `description "a\\ud800b" ${UNPAIRED_SURROGATE}.` },
      { property: "", reason: `agentRoles[0].agentKey "k\\udc00" ${UNPAIRED_SURROGATE}.` },
    ]);
  });

  it("does not look into an Output (its value is not known when the resource is declared)", () => {
    const description = pulumi.output("a\uD800b");
    assert.equal(carriable({ description }).description, description);
  });
});
