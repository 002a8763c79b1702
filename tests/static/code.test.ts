/**
 * What CI enforces on the code itself: the tests type-check, the linter finds nothing, every
 * file is formatted. Run the tools directly to fix (`npm run lint`, `npm run format`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../tools/pulumi/engine";

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules", bin), ...args], { cwd: REPO_ROOT, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe("static checks", function () {
  this.timeout(180_000);

  it("the tests, tools and examples type-check (tsc -p tests/tsconfig.json)", () => {
    const { status, output } = run("typescript/bin/tsc", ["-p", "tests/tsconfig.json"]);
    assert.equal(status, 0, output);
  });

  it("eslint finds no problem", () => {
    const { status, output } = run("eslint/bin/eslint.js", ["."]);
    assert.equal(status, 0, output);
  });

  it("every file is formatted (prettier --check)", () => {
    const { status, output } = run("prettier/bin/prettier.cjs", ["--check", "."]);
    assert.equal(status, 0, output);
  });
});
