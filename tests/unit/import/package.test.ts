/**
 * The command as the package ships it: `npm pack` of this repository (the dist/ that
 * `npm test` built), installed into a fresh project, run with `npx pulumi-vectara import`.
 * Installed without its peer @pulumi/pulumi: the command does not need it.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../../tools/pulumi/engine";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";

/** The bin as package.json names it. */
const BIN: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).bin["pulumi-vectara"];

function npm(args: string[], cwd: string): string {
  const run = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  assert.equal(run.status, 0, `npm ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** Runs without blocking this process: the emulator here must answer. */
function npx(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("VECTARA_")) clean[k] = v;
  const child = spawn("npx", ["--no", "--", ...args], { cwd, env: { ...clean, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

describe("npx pulumi-vectara import, from a packed tarball installed in a fresh project", function () {
  this.timeout(240_000);
  let emulator: VectaraEmulator;
  let dir: string;
  let project: string;

  before(async () => {
    emulator = await VectaraEmulator.start();
    emulator.putUser({ email: "ada@example.com", api_roles: ["administrator"] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-pack-"));
    const tarball = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT))[0];
    assert.ok(
      tarball.files.some((f: { path: string }) => f.path === BIN),
      "the bin is in the package",
    );
    assert.ok(
      !tarball.files.some((f: { path: string }) => f.path.startsWith("tests/") || f.path.startsWith("provider/")),
      "only dist/ ships",
    );
    project = path.join(dir, "consumer");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--legacy-peer-deps", path.join(dir, tarball.filename)], project);
  });
  after(async () => {
    await emulator?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is installed as an executable bin with a shebang", () => {
    const bin = path.join(project, "node_modules", ".bin", "pulumi-vectara");
    fs.accessSync(bin, fs.constants.X_OK);
    assert.match(fs.readFileSync(bin, "utf8"), /^#!\/usr\/bin\/env node\n/);
    assert.equal(
      fs.existsSync(path.join(project, "node_modules", "@pulumi", "pulumi")),
      false,
      "no @pulumi/pulumi: the command does without it",
    );
  });

  it("runs: --version, and an import of the account", async () => {
    const version = await npx(["pulumi-vectara", "--version"], project, {});
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);

    const run = await npx(["pulumi-vectara", "import", "--out", "index.ts"], project, {
      VECTARA_API_KEY: DEFAULT_API_KEY,
      VECTARA_BASE_URL: emulator.url,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /read 1 user, 0 with corpus roles, 0 disabled/);
    assert.match(fs.readFileSync(path.join(project, "index.ts"), "utf8"), /new VectaraUser\("ada", \{\n {2}email: "ada@example\.com",/);
  });
});
