/**
 * The registry (provider/resources/registry.ts) against the package as built: every row's
 * stable entry point resolves through package.json's `exports` to a file of dist/providers/
 * that serves the row's resource, and no two rows share a type token or an entry point. What a
 * new resource must add to be reachable from state is exactly what this checks.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { REGISTRY } from "../../../provider/resources/registry";
import { REPO_ROOT } from "../../../tools/pulumi/engine";

const rows = Object.entries(REGISTRY);

describe("the resource registry", () => {
  for (const [name, row] of rows) {
    it(`${name}: ${row.entryPoint} is a file of dist/providers/ whose provider serves ${row.type}`, async () => {
      const file = require.resolve(row.entryPoint);
      assert.equal(path.relative(REPO_ROOT, file), path.join("dist", "providers", `${row.entryPoint.split("/").pop()}.js`));
      const entry = require(row.entryPoint);
      const provider = entry.provider;
      // The `__provider` text in state (framework/stub.ts) makes the entry point the module whose
      // `handler()` the SDK's host calls: without it, no resource of this type can be served.
      assert.equal(typeof entry.handler, "function", `${row.entryPoint} must export handler (framework/stub.ts)`);
      assert.equal(entry.handler(), provider);
      for (const method of ["configure", "check", "diff", "create", "read", "delete"])
        assert.equal(typeof provider[method], "function", method);
      // The table of that resource: check knows its inputs and no other.
      const inputs = Object.entries(row.definition.schema)
        .filter(([, spec]) => spec.role === "input")
        .map(([key]) => key);
      const { failures } = await provider.check({}, { notAnInputOfAnyResource: 1 });
      const unknown = failures.find((f: { property: string }) => f.property === "notAnInputOfAnyResource");
      assert.ok(unknown, JSON.stringify(failures));
      assert.match(unknown.reason, new RegExp(`The inputs are ${inputs.join(", ")}$`));
    });
  }

  it("no two resources share a type token or an entry point", () => {
    assert.equal(new Set(rows.map(([, r]) => r.type)).size, rows.length);
    assert.equal(new Set(rows.map(([, r]) => r.entryPoint)).size, rows.length);
    for (const [, r] of rows) assert.match(r.type, /^pulumi-nodejs:dynamic\/vectara:[A-Z]\w+$/);
  });
});
