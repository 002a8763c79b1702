/**
 * `npm run engine:install [-- --optional]`: builds the real Pulumi CLI pinned in
 * tools/pulumi/go.mod into .tools/pulumi/bin/ (git-ignored), from Pulumi's Go modules, and puts
 * the dynamic-provider launcher of the installed @pulumi/pulumi beside it (the engine looks for
 * it next to the `pulumi` binary or on the PATH, never in node_modules, and would otherwise try
 * to download it).
 *
 * Idempotent: when the pinned version is already built from the same go.sum it only refreshes
 * the launcher (seconds). `--optional` (used by `npm test`) turns "no Go on this machine" into a
 * warning instead of an error, so the engine tests can say loudly that they skipped (outside CI).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_BIN, LAUNCHER, REPO_ROOT, pinnedVersion, versionOf } from "./engine";

const TOOLS_DIR = __dirname;
const MIN_GO = [1, 26] as const;
const HEARTBEAT_MS = 30_000;

class InstallError extends Error {}

function log(line: string): void {
  process.stdout.write(`engine:install: ${line}\n`);
}

function elapsed(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** What a build is made from: a different go.sum or version means rebuild. */
function fingerprint(version: string): string {
  const goSum = fs.readFileSync(path.join(TOOLS_DIR, "go.sum"));
  const goMod = fs.readFileSync(path.join(TOOLS_DIR, "go.mod"));
  return createHash("sha256").update(version).update(goMod).update(goSum).digest("hex");
}

function goVersion(): string {
  const run = spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", env: { ...process.env, GOTOOLCHAIN: "local" } });
  if (run.error || run.status !== 0) {
    throw new InstallError(
      "Go is not on the PATH. Building the pinned Pulumi CLI needs Go " +
        `${MIN_GO.join(".")} or later (the \`go\` command) and the Go module proxy. Install Go and run ` +
        "`npm run engine:install` again, or put a Pulumi CLI (with its pulumi-resource-pulumi-nodejs launcher) on the PATH.",
    );
  }
  const version = run.stdout.trim();
  const m = /^go(\d+)\.(\d+)/.exec(version);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    throw new InstallError(`Go ${version} is too old: building the pinned Pulumi CLI needs Go ${MIN_GO.join(".")} or later.`);
  }
  return version;
}

function dirSizeBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) total += fs.statSync(full).size;
    }
  }
  return total;
}

function gb(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

async function buildCli(version: string, output: string): Promise<void> {
  const goCache = spawnSync("go", ["env", "GOCACHE"], { encoding: "utf8" }).stdout.trim();
  const partial = `${output}.partial`;
  const args = [
    "build",
    "-trimpath",
    "-tags",
    "osusergo,grpcnotrace",
    "-ldflags",
    `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
    "-o",
    partial,
    "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
  ];
  const started = Date.now();
  const child = spawn("go", args, {
    cwd: TOOLS_DIR,
    env: { ...process.env, CGO_ENABLED: "0", GOTOOLCHAIN: "local" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const heartbeat = setInterval(() => {
    log(`  still building (${elapsed(started)}; Go build cache ${goCache ? gb(dirSizeBytes(goCache)) : "?"})`);
  }, HEARTBEAT_MS);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  clearInterval(heartbeat);
  if (code !== 0) {
    fs.rmSync(partial, { force: true });
    throw new InstallError(`\`go build\` of the Pulumi CLI failed (exit ${code}); its output is above.`);
  }
  fs.renameSync(partial, output);
  log(`  built in ${elapsed(started)}`);
}

function installLauncher(): void {
  let source: string;
  try {
    source = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] })), LAUNCHER);
  } catch {
    throw new InstallError("node_modules/@pulumi/pulumi is missing: run `npm ci` first (the launcher comes from it).");
  }
  const target = path.join(ENGINE_BIN, LAUNCHER);
  const wanted = fs.readFileSync(source);
  const current = fs.existsSync(target) ? fs.readFileSync(target) : undefined;
  if (!current || !current.equals(wanted)) fs.writeFileSync(target, wanted);
  fs.chmodSync(target, 0o755);
}

async function main(): Promise<number> {
  const optional = process.argv.includes("--optional");
  const version = pinnedVersion();
  const cli = path.join(ENGINE_BIN, "pulumi");
  const stampFile = path.join(ENGINE_BIN, ".fingerprint");
  fs.mkdirSync(ENGINE_BIN, { recursive: true });
  const wanted = fingerprint(version);
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : "";

  if (stamp === wanted && versionOf(cli) === version) {
    installLauncher();
    log(`Pulumi CLI ${version} is up to date in ${path.relative(REPO_ROOT, ENGINE_BIN)}/`);
    return 0;
  }

  log(`building the Pulumi CLI ${version} pinned in tools/pulumi/go.mod into ${path.relative(REPO_ROOT, ENGINE_BIN)}/`);
  let go: string;
  try {
    go = goVersion();
  } catch (e) {
    if (optional && e instanceof InstallError) {
      log(`WARNING: ${e.message}`);
      log("WARNING: the engine tests will be skipped (and fail under CI=true) until the engine is built.");
      return 0;
    }
    throw e;
  }
  log(`[1/2] ${go}; modules from the Go module proxy, then a cold build takes about 8 minutes, 2 GB of RAM and 3.5 GB of disk on 2 cores`);
  await buildCli(version, cli);
  const built = versionOf(cli);
  if (built !== version) throw new InstallError(`the built CLI reports version ${built ?? "(none)"}, expected ${version}`);
  log(`[2/2] dynamic-provider launcher ${LAUNCHER} from node_modules/@pulumi/pulumi`);
  installLauncher();
  fs.writeFileSync(stampFile, `${wanted}\n`);
  log(`ready: ${path.relative(REPO_ROOT, cli)} ${built}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`engine:install: ${error instanceof InstallError ? error.message : (error?.stack ?? error)}\n`);
    process.exit(1);
  },
);
