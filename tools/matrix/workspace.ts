/**
 * A copy of this checkout with another @pulumi/pulumi installed, for one matrix leg, in
 * .tools/matrix/<leg>/ (git-ignored). The checkout's package.json, package-lock.json and
 * node_modules are never changed: the copy starts from the checkout's node_modules and swaps the
 * SDK with `npm install --no-save`. Its node_modules is kept between runs while the lock file,
 * the SDK and the Node version stay the same; sources, dist/ and the engine are refreshed on
 * every run, so the leg tests what the checkout holds now (dist/ as built: the package as
 * published, against the user's SDK).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { BUILD_STAMPS, ENGINE_BIN, LANGUAGE_HOST, LANGUAGE_HOST_SOURCE, LAUNCHER, REPO_ROOT } from "../pulumi/engine";
import type { NodeRuntime } from "./node";

const MATRIX_ROOT = path.join(REPO_ROOT, ".tools", "matrix");
const STAMP = ".matrix-fingerprint";
/** What `npm run build` writes: the package, the emulator workspace and the policy pack's. */
const BUILT = ["dist", path.join("emulator", "dist"), path.join("policy", "dist")];
/** What a refresh keeps in the copy. */
const KEPT = new Set(["node_modules", STAMP]);
/** Never copied when git cannot list the sources. */
const NOT_SOURCES = new Set([".git", "node_modules", "dist", ".tools", ".pulumi-local"]);

export interface Workspace {
  dir: string;
  /** Whether node_modules was reused from an earlier run. */
  reused: boolean;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

/** The checkout's files as git sees them (tracked, and new files not ignored); a plain walk without git. */
function sourceFiles(): string[] {
  const git = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (git.status === 0) return git.stdout.split("\0").filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      if (NOT_SOURCES.has(entry.name)) continue;
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.push(child);
    }
  };
  walk("");
  return files;
}

function copyInto(dir: string, relative: string): void {
  const target = path.join(dir, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, relative), target);
}

function fingerprint(sdk: string, nodeVersion: string): string {
  return createHash("sha256")
    .update(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json")))
    .update(`${sdk}\n${nodeVersion}\n${process.platform}-${process.arch}`)
    .digest("hex");
}

/** Links (or copies) `name` and its build stamp from the checkout's engine folder into `bin`, when built. */
function linkBuilt(name: keyof typeof BUILD_STAMPS, bin: string): void {
  const stamp = BUILD_STAMPS[name];
  const built = path.join(ENGINE_BIN, name);
  if (!fs.existsSync(built)) return;
  try {
    fs.linkSync(built, path.join(bin, name));
  } catch {
    fs.copyFileSync(built, path.join(bin, name));
  }
  fs.chmodSync(path.join(bin, name), 0o755);
  if (fs.existsSync(path.join(ENGINE_BIN, stamp))) fs.copyFileSync(path.join(ENGINE_BIN, stamp), path.join(bin, stamp));
}

/**
 * Puts the pinned CLI and the Node.js language host in the copy and the launcher of the copy's
 * SDK beside them (`npm run engine:install` there, told where the host's source is).
 */
function installEngine(dir: string, node: NodeRuntime, env: NodeJS.ProcessEnv): void {
  if (!fs.existsSync(path.join(ENGINE_BIN, "pulumi"))) return; // the engine tests then fail under CI and skip loudly elsewhere, as in the main suite
  const bin = path.join(dir, ".tools", "pulumi", "bin");
  fs.rmSync(path.join(dir, ".tools"), { recursive: true, force: true });
  fs.mkdirSync(bin, { recursive: true });
  linkBuilt("pulumi", bin);
  linkBuilt(LANGUAGE_HOST, bin);
  // Same fingerprints, so this only writes the launcher, taken from the copy's node_modules.
  run(node.bin, [path.join(dir, "node_modules", "tsx", "dist", "cli.mjs"), "tools/pulumi/install.ts"], dir, {
    ...env,
    PULUMI_LANGUAGE_NODEJS_SOURCE: LANGUAGE_HOST_SOURCE,
  });
  if (!fs.existsSync(path.join(bin, LAUNCHER))) throw new Error(`no ${LAUNCHER} in ${bin}`);
}

/**
 * The leg's copy, ready to test: sources and dist/ of the checkout, node_modules with `sdk`
 * installed, and the engine. `env` is the leg's environment (its Node first on the PATH): npm
 * runs on the leg's Node, as a user's would.
 */
export function prepareWorkspace(leg: string, sdk: string, node: NodeRuntime, env: NodeJS.ProcessEnv): Workspace {
  for (const built of BUILT)
    if (!fs.existsSync(path.join(REPO_ROOT, built, "index.js"))) throw new Error(`${built}/ is not built: run \`npm run build\` first`);
  if (!fs.existsSync(path.join(REPO_ROOT, "node_modules", ".package-lock.json")))
    throw new Error("node_modules is not installed: run `npm ci` first");
  const dir = path.join(MATRIX_ROOT, leg);
  const wanted = fingerprint(sdk, node.version);
  const stampFile = path.join(dir, STAMP);
  const reused = fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8").trim() === wanted;
  if (!reused) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of fs.readdirSync(dir)) if (!KEPT.has(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });

  for (const file of sourceFiles()) copyInto(dir, file);
  // Built output is git-ignored: the package's and the workspaces', as `npm run build` made them.
  for (const built of BUILT) fs.cpSync(path.join(REPO_ROOT, built), path.join(dir, built), { recursive: true });

  if (!reused) {
    // `cp -a` keeps node_modules/pulumi-vectara a relative link (to the copy itself) and is fast.
    run("cp", ["-a", path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules")], REPO_ROOT, env);
    run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", `@pulumi/pulumi@${sdk}`], dir, env);
    const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
    if (installed !== sdk) throw new Error(`npm installed @pulumi/pulumi ${installed} in ${dir}, expected ${sdk}`);
    fs.writeFileSync(stampFile, `${wanted}\n`);
  }
  installEngine(dir, node, env);
  return { dir, reused };
}
