/**
 * `pulumi up` type-checks a TypeScript program (ts-node, unless PULUMI_NODEJS_TRANSPILE_ONLY),
 * so the package's declarations must compile together with the user's @pulumi/pulumi. The
 * example programs import `pulumi-vectara` by name (the built dist/, as a user's program does)
 * and are checked here the way a `pulumi new typescript` project checks them: strict, and
 * without skipLibCheck, so our .d.ts files are checked against the installed SDK's too. The
 * compatibility matrix runs this file with every SDK version it tests.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

describe("versions: the example programs type-check against the installed SDK", function () {
  this.timeout(120_000);

  it(`strict, without skipLibCheck, with @pulumi/pulumi ${SDK_VERSION}`, () => {
    const programs = fs
      .readdirSync(path.join(ROOT, "examples"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(ROOT, "examples", entry.name, "index.ts")))
      .map((entry) => path.join("examples", entry.name, "index.ts"));
    assert.ok(programs.length >= 3, `found the example programs: ${programs.join(", ")}`);
    const tsc = require.resolve("typescript/bin/tsc");
    const options = [
      "--noEmit",
      "--strict",
      "--target",
      "es2022",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node",
      "--esModuleInterop",
      "--types",
      "node",
    ];
    const run = spawnSync(process.execPath, [tsc, ...options, ...programs], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 0, `tsc found errors:\n${run.stdout}${run.stderr}`);
  });
});
