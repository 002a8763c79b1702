/**
 * `npm run engine:install [-- --optional]`: builds the real Pulumi CLI pinned in
 * tools/pulumi/go.mod into .tools/pulumi/bin/ (git-ignored), from Pulumi's Go modules; builds the
 * Node.js language host (`pulumi-language-nodejs`, which plain `pulumi preview/up` of a folder
 * program needs) beside it from its source in ../shared/pulumi/language-nodejs when that folder
 * exists (the Go module proxy serves no version of the host's module); and puts the
 * dynamic-provider launcher of the installed @pulumi/pulumi beside them (the engine looks for it
 * next to the `pulumi` binary or on the PATH, never in node_modules, and would otherwise try to
 * download it).
 *
 * Idempotent: each binary is rebuilt only when what it is built from changed (the CLI's go.mod
 * and go.sum; the host's sources, go.mod and go.sum; the build flags), else it only refreshes
 * the launcher (seconds). `--optional` (used by `npm test`) turns "no Go on this machine" into a
 * warning instead of an error, so the engine tests can say loudly that they skipped (outside CI).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  BUILD_STAMPS,
  ENGINE_BIN,
  LANGUAGE_HOST,
  LANGUAGE_HOST_SOURCE as HOST_SOURCE,
  LAUNCHER,
  REPO_ROOT,
  pinnedVersion,
  versionOf,
} from "./engine";

const TOOLS_DIR = __dirname;
const GO_TAGS = "osusergo,grpcnotrace";
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

/** What a build is made from (its version, flags and input files, in order): a different one means rebuild. */
function fingerprint(parts: readonly (string | Buffer)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** The CLI's: its version, the pinned go.mod and go.sum (the same stamp as before the host was built here). */
function cliFingerprint(version: string): string {
  return fingerprint([version, ...["go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(TOOLS_DIR, f)))]);
}

/** The host's: its version, the build tags, and its Go sources, go.mod and go.sum by name. */
function hostFingerprint(version: string): string {
  const names = fs.readdirSync(HOST_SOURCE).filter((f) => f.endsWith(".go") || f === "go.mod" || f === "go.sum");
  return fingerprint([version, GO_TAGS, ...names.sort().flatMap((f) => [`\n${f}\n`, fs.readFileSync(path.join(HOST_SOURCE, f))])]);
}

/** The host's version: the pkg/sdk v3 release its go.mod requires (it does not build against the CLI's). */
function hostVersion(): string {
  const match = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\d+\.\d+\.\d+)/.exec(fs.readFileSync(path.join(HOST_SOURCE, "go.mod"), "utf8"));
  if (!match)
    throw new InstallError(`${path.join(HOST_SOURCE, "go.mod")} does not require github.com/pulumi/pulumi/sdk/v3 at a release version`);
  return match[1];
}

function readStamp(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
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

/** `go build` of `pkg` (run in `cwd`) into `output`, official flags, a progress line every 30 s. */
async function goBuild(what: string, cwd: string, pkg: string, version: string, output: string): Promise<void> {
  const goCache = spawnSync("go", ["env", "GOCACHE"], { encoding: "utf8" }).stdout.trim();
  const partial = `${output}.partial`;
  const args = [
    "build",
    "-trimpath",
    "-tags",
    GO_TAGS,
    "-ldflags",
    `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${version}`,
    "-o",
    partial,
    pkg,
  ];
  const started = Date.now();
  const child = spawn("go", args, {
    cwd,
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
    throw new InstallError(`\`go build\` of ${what} failed (exit ${code}); its output is above.`);
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

/** Go for a build, or undefined (after saying so) when it is missing and the install is `--optional`. */
function goOrWarn(optional: boolean): string | undefined {
  try {
    return goVersion();
  } catch (e) {
    if (optional && e instanceof InstallError) {
      log(`WARNING: ${e.message}`);
      log("WARNING: the engine tests will be skipped (and fail under CI=true) until the engine is built.");
      return undefined;
    }
    throw e;
  }
}

const BIN = path.relative(REPO_ROOT, ENGINE_BIN);

/** The pinned CLI: built unless up to date. False when it is missing and cannot be built (`--optional` without Go). */
async function installCli(optional: boolean): Promise<boolean> {
  const version = pinnedVersion();
  const cli = path.join(ENGINE_BIN, "pulumi");
  const stampFile = path.join(ENGINE_BIN, BUILD_STAMPS.pulumi);
  const wanted = cliFingerprint(version);
  if (readStamp(stampFile) === wanted && versionOf(cli) === version) {
    log(`Pulumi CLI ${version} is up to date in ${BIN}/`);
    return true;
  }
  log(`building the Pulumi CLI ${version} pinned in tools/pulumi/go.mod into ${BIN}/`);
  const go = goOrWarn(optional);
  if (!go) return false;
  log(`${go}; modules from the Go module proxy, then a cold build takes about 8 minutes, 2 GB of RAM and 3.5 GB of disk on 2 cores`);
  await goBuild("the Pulumi CLI", TOOLS_DIR, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", version, cli);
  const built = versionOf(cli);
  if (built !== version) throw new InstallError(`the built CLI reports version ${built ?? "(none)"}, expected ${version}`);
  fs.writeFileSync(stampFile, `${wanted}\n`);
  log(`ready: ${path.relative(REPO_ROOT, cli)} ${built}`);
  return true;
}

/** The Node.js language host, from its source when that is here: built unless up to date. */
async function installLanguageHost(optional: boolean): Promise<void> {
  const host = path.join(ENGINE_BIN, LANGUAGE_HOST);
  if (!fs.existsSync(path.join(HOST_SOURCE, "go.mod"))) {
    log(
      fs.existsSync(host)
        ? `${LANGUAGE_HOST} kept in ${BIN}/ (its source ${path.relative(REPO_ROOT, HOST_SOURCE)} is not here to check it against)`
        : `no ${path.relative(REPO_ROOT, HOST_SOURCE)}: the Node.js language host is not built, so plain \`pulumi up\` of a folder program needs a regular Pulumi install (inline programs, \`npm start\` and most engine tests run without it)`,
    );
    return;
  }
  const version = hostVersion();
  const stampFile = path.join(ENGINE_BIN, BUILD_STAMPS[LANGUAGE_HOST]);
  const wanted = hostFingerprint(version);
  if (readStamp(stampFile) === wanted && versionOf(host, ["-version"]) === version) {
    log(`Node.js language host ${version} is up to date in ${BIN}/`);
    return;
  }
  log(`building the Node.js language host ${version} (${LANGUAGE_HOST}) from ${path.relative(REPO_ROOT, HOST_SOURCE)} into ${BIN}/`);
  const go = goOrWarn(optional);
  if (!go) return;
  log(`${go}; modules from the Go module proxy, then a cold build takes a few minutes, with a warm Go cache about 20 s`);
  await goBuild("the Node.js language host", HOST_SOURCE, ".", version, host);
  fs.writeFileSync(stampFile, `${wanted}\n`);
  log(`ready: ${path.relative(REPO_ROOT, host)} ${version}`);
}

async function main(): Promise<number> {
  const optional = process.argv.includes("--optional");
  fs.mkdirSync(ENGINE_BIN, { recursive: true });
  if (!(await installCli(optional))) return 0;
  await installLanguageHost(optional);
  installLauncher();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`engine:install: ${error instanceof InstallError ? error.message : (error?.stack ?? error)}\n`);
    process.exit(1);
  },
);
