/**
 * Where the real Pulumi CLI of this repository lives and how to run it offline. Used by
 * `npm run engine:install` (which builds it), `npm start`, the engine tests and the bench.
 *
 * The CLI is the one pinned in tools/pulumi/go.mod, built into .tools/pulumi/bin/ beside the
 * dynamic-provider launcher the engine starts for `pulumi-nodejs:dynamic/...` resources and the
 * Node.js language host that plain `pulumi up` of a folder program needs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** The folder `PulumiCommand.get({ root })` takes: the CLI is `<root>/bin/pulumi`. */
export const ENGINE_ROOT = path.join(REPO_ROOT, ".tools", "pulumi");
export const ENGINE_BIN = path.join(ENGINE_ROOT, "bin");
export const LAUNCHER = "pulumi-resource-pulumi-nodejs";
/** The Node.js language host: runs a folder's program for plain `pulumi preview/up` (not needed by inline programs). */
export const LANGUAGE_HOST = "pulumi-language-nodejs";
/**
 * Its Go source (the module proxy serves none): ../shared/pulumi/language-nodejs beside the
 * checkout, or the folder PULUMI_LANGUAGE_NODEJS_SOURCE names (a matrix leg's copy of the checkout).
 */
export const LANGUAGE_HOST_SOURCE =
  process.env.PULUMI_LANGUAGE_NODEJS_SOURCE || path.resolve(REPO_ROOT, "..", "shared", "pulumi", "language-nodejs");
/** The stamp `npm run engine:install` writes beside each binary it builds: what it was built from. */
export const BUILD_STAMPS = { pulumi: ".fingerprint", [LANGUAGE_HOST]: ".fingerprint-language-host" } as const;

/** The CLI version pinned in tools/pulumi/go.mod (the version of github.com/pulumi/pulumi/pkg/v3). */
export function pinnedVersion(): string {
  const goMod = fs.readFileSync(path.join(__dirname, "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\d+\.\d+\.\d+)/.exec(goMod);
  if (!match) throw new Error("tools/pulumi/go.mod does not require github.com/pulumi/pulumi/pkg/v3 at a release version");
  return match[1];
}

export interface Engine {
  /** The `pulumi` executable. */
  cli: string;
  /** Its folder (the Automation API's `PulumiCommand.get({ root })` is its parent). */
  binDir: string;
  /** What `pulumi version` printed, e.g. "v3.274.1". */
  version: string;
  /** "pinned" when built by `npm run engine:install`, "path" when found on the PATH. */
  source: "pinned" | "path";
  /** The Node.js language host beside the CLI or on the PATH; without it only inline programs run. */
  languageHost?: string;
}

/**
 * The engine to use: the pinned build in .tools/pulumi/bin if present, else a `pulumi` on the
 * PATH that has the dynamic-provider launcher beside it or on the PATH; undefined if neither.
 */
export function findEngine(env: NodeJS.ProcessEnv = process.env): Engine | undefined {
  const pinned = path.join(ENGINE_BIN, "pulumi");
  if (isExecutable(pinned) && isExecutable(path.join(ENGINE_BIN, LAUNCHER))) {
    const version = versionOf(pinned);
    if (version) return { cli: pinned, binDir: ENGINE_BIN, version, source: "pinned", ...languageHost(ENGINE_BIN, env) };
  }
  const onPath = whichAll("pulumi", env)[0];
  if (onPath && (isExecutable(path.join(path.dirname(onPath), LAUNCHER)) || whichAll(LAUNCHER, env).length > 0)) {
    const version = versionOf(onPath);
    if (version) return { cli: onPath, binDir: path.dirname(onPath), version, source: "path", ...languageHost(path.dirname(onPath), env) };
  }
  return undefined;
}

/** Where the CLI in `binDir` finds the language host: beside itself, else on the PATH. */
function languageHost(binDir: string, env: NodeJS.ProcessEnv): { languageHost?: string } {
  const found = [path.join(binDir, LANGUAGE_HOST)].filter(isExecutable)[0] ?? whichAll(LANGUAGE_HOST, env)[0];
  return found ? { languageHost: found } : {};
}

/**
 * Environment for a run that never touches the network or a terminal: a local file backend and
 * PULUMI_HOME under `dir` (created), a passphrase for secrets, no update check, no plugin download.
 */
export function offlineEnv(dir: string, passphrase: string): Record<string, string> {
  const home = path.join(dir, "home");
  const backend = path.join(dir, "backend");
  for (const folder of [home, backend]) fs.mkdirSync(folder, { recursive: true });
  return {
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
  };
}

/** What `<bin> version` prints (the language host takes `-version`), or undefined when it cannot run. */
export function versionOf(bin: string, args: readonly string[] = ["version"]): string | undefined {
  const run = spawnSync(bin, args, { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function whichAll(name: string, env: NodeJS.ProcessEnv): string[] {
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, name))
    .filter(isExecutable);
}

/**
 * An Automation API inline program that evaluates the program module `file` afresh on every
 * run, as the language host does (the program registers its resources when evaluated; a
 * module served from the require cache would register nothing), and returns its exports as
 * the stack outputs.
 */
export function inlineProgram(file: string): () => Promise<Record<string, unknown>> {
  const dir = path.dirname(path.resolve(file)) + path.sep;
  return async () => {
    for (const key of Object.keys(require.cache)) if (key.startsWith(dir)) delete require.cache[key];
    return { ...require(path.resolve(file)) };
  };
}
