import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { peerFloor, presentGlobs } from "../../../tools/matrix/legs";
import { add, formatResult, lastResult, NONE } from "../../../tools/matrix/results";

describe("tools/matrix: result lines and test selection", () => {
  it("reads the last result line of a run, skipped count included, and writes the same format", () => {
    const output = "  5 passing (2s)\n\n3 passed, 1 failed\nmore output\n401 passed, 0 failed, 2 skipped\n";
    assert.deepEqual(lastResult(output), { passed: 401, failed: 0, skipped: 2 });
    assert.deepEqual(lastResult("7 passed, 3 failed\r\n"), { passed: 7, failed: 3, skipped: 0 });
    assert.equal(lastResult("  401 passing (3m)\nnpm error Lifecycle script failed"), undefined);
    assert.equal(lastResult(""), undefined);
    assert.equal(formatResult({ passed: 7, failed: 3, skipped: 0 }), "7 passed, 3 failed");
    assert.equal(formatResult({ passed: 7, failed: 0, skipped: 1 }), "7 passed, 0 failed, 1 skipped");
  });

  it("adds runs up", () => {
    const total = [lastResult("520 passed, 0 failed, 1 skipped")!, lastResult("401 passed, 2 failed")!].reduce(add, NONE);
    assert.equal(formatResult(total), "921 passed, 2 failed, 1 skipped");
  });

  it("takes the lowest SDK from the peer range of package.json", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));
    assert.equal(`^${peerFloor()}`, pkg.peerDependencies["@pulumi/pulumi"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matrix-peer-"));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ peerDependencies: { "@pulumi/pulumi": "3.x || 4.x" } }));
      assert.throws(() => peerFloor(dir), /"3\.x \|\| 4\.x": expected \^X\.Y\.Z/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the globs whose folder exists, so a folder not written yet only shows as absent", () => {
    const root = path.join(__dirname, "..", "..", "..");
    const { present, absent } = presentGlobs(
      ["tests/host/**/*.test.ts", "tests/host/harness.test.ts", "tests/no-such-folder/**/*.test.ts"],
      root,
    );
    assert.deepEqual(present, ["tests/host/**/*.test.ts", "tests/host/harness.test.ts"]);
    assert.deepEqual(absent, ["tests/no-such-folder/**/*.test.ts"]);
  });
});
