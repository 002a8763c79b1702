/**
 * `npm run test:matrix` runs the compatibility legs (./legs.ts): the newest @pulumi/pulumi on
 * Node 24, and the lowest SDK the peer range admits. Each leg runs in its own copy of the
 * checkout (./workspace.ts), so package.json, package-lock.json and node_modules here stay as
 * they are, with its Node first on the PATH: the tests, npm, and the provider host the engine
 * starts through its launcher (which runs the `node` on the PATH) all run on it.
 *
 * Ends with one "N passed, N failed" line adding up every leg, and the main suite's line when
 * given (`--main "<its last line>"`, as .ci/run does), so CI's last line covers everything.
 * A leg that cannot run counts as one failure. Exit code 1 when anything failed.
 *
 *   npm run test:matrix                      both legs
 *   npm run test:matrix -- --leg newest      one leg
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../pulumi/engine";
import { LEGS, peerFloor, presentGlobs, type Leg } from "./legs";
import { machineNode, registryNode, shellEnv, type NodeRuntime } from "./node";
import { add, formatResult, lastResult, NONE, type Counts } from "./results";
import { prepareWorkspace } from "./workspace";

interface Outcome {
  name: string;
  runtime: string;
  counts: Counts;
  /** Setup and test time, when the leg ran. */
  timing?: string;
  error?: string;
}

function log(line: string): void {
  process.stdout.write(`matrix: ${line}\n`);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

interface Args {
  legs: Leg[];
  /** The main suite's result line, its exit code and its time, from .ci/run. */
  main?: string;
  mainExit: number;
  mainSeconds?: number;
}

function parseArgs(argv: string[]): Args {
  const names: string[] = [];
  let main: string | undefined;
  let mainExit = 0;
  let mainSeconds: number | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--leg" && value !== undefined) names.push(value);
    else if (arg === "--main" && value !== undefined) main = value;
    else if (arg === "--main-exit" && value !== undefined) mainExit = Number(value);
    else if (arg === "--main-seconds" && value !== undefined) mainSeconds = Number(value);
    else
      throw new Error(
        `unknown argument ${JSON.stringify(arg)}; use --leg <${LEGS.map((l) => l.name).join("|")}>, --main "<line>", --main-exit <code>, --main-seconds <s>`,
      );
    i += 1;
  }
  const unknown = names.filter((n) => !LEGS.some((l) => l.name === n));
  if (unknown.length > 0) throw new Error(`no leg named ${unknown.join(", ")}; legs: ${LEGS.map((l) => l.name).join(", ")}`);
  return { legs: names.length > 0 ? LEGS.filter((l) => names.includes(l.name)) : LEGS, main, mainExit, mainSeconds };
}

/** The version `latest` points at on the registry: what a user installing today gets. */
function latestSdk(): string {
  const run = spawnSync("npm", ["view", "@pulumi/pulumi@latest", "version"], { cwd: REPO_ROOT, encoding: "utf8" });
  const version = run.stdout?.trim();
  if (run.status !== 0 || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`npm view @pulumi/pulumi@latest version failed: ${run.stderr}`);
  return version;
}

/** The environment of a leg: a clean shell's (no npm_* of this run), its Node first on the PATH. */
function legEnv(node: NodeRuntime, sdk: string): NodeJS.ProcessEnv {
  const env = shellEnv();
  env.PATH = `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ""}`;
  env.MATRIX_EXPECT_NODE = node.version;
  env.MATRIX_EXPECT_SDK = sdk;
  return env;
}

/** Runs mocha on `globs` in `dir`, streaming its output; resolves with its stdout. */
function mocha(node: NodeRuntime, dir: string, globs: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node.bin, [path.join(dir, "node_modules", "mocha", "bin", "mocha.js"), ...globs], {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.once("error", reject);
    child.once("close", () => resolve(stdout));
  });
}

async function runLeg(leg: Leg): Promise<Outcome> {
  const started = Date.now();
  let runtime = "(not resolved)";
  try {
    const node = leg.node.kind === "machine" ? machineNode() : registryNode(leg.node.major);
    const sdk = leg.sdk.kind === "latest" ? latestSdk() : peerFloor();
    runtime = `Node ${node.version}, @pulumi/pulumi ${sdk}`;
    log(`leg ${leg.name} (${leg.purpose}): ${runtime}`);
    const env = legEnv(node, sdk);
    const workspace = prepareWorkspace(leg.name, sdk, node, env);
    const setupMs = Date.now() - started;
    const globs = presentGlobs(leg.tests, workspace.dir);
    log(
      `leg ${leg.name}: ${path.relative(REPO_ROOT, workspace.dir)}/ ready in ${duration(setupMs)}${workspace.reused ? " (node_modules reused)" : ""}`,
    );
    log(`leg ${leg.name}: running ${globs.present.join(" ")}${globs.absent.length ? ` (nothing yet in ${globs.absent.join(" ")})` : ""}`);
    const testsStarted = Date.now();
    const output = await mocha(node, workspace.dir, globs.present, env);
    const timing = `setup ${duration(setupMs)}, tests ${duration(Date.now() - testsStarted)}`;
    const counts = lastResult(output);
    if (!counts) return { name: leg.name, runtime, counts: { ...NONE, failed: 1 }, timing, error: "mocha printed no result line" };
    return { name: leg.name, runtime, counts, timing };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    log(`leg ${leg.name} could not run: ${error}`);
    return { name: leg.name, runtime, counts: { ...NONE, failed: 1 }, timing: `failed after ${duration(Date.now() - started)}`, error };
  }
}

function mainOutcome(args: Args & { main: string }): Outcome {
  const sdk = JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [REPO_ROOT] }), "utf8")).version;
  const runtime = `Node ${process.version}, @pulumi/pulumi ${sdk}`;
  const timing = args.mainSeconds === undefined ? undefined : `tests ${duration(args.mainSeconds * 1000)}`;
  const counts = lastResult(args.main);
  if (!counts)
    return { name: "main", runtime, counts: { ...NONE, failed: 1 }, timing, error: `no result line (${JSON.stringify(args.main)})` };
  if (args.mainExit !== 0 && counts.failed === 0)
    return { name: "main", runtime, counts: { ...counts, failed: 1 }, timing, error: `npm test exited with code ${args.mainExit}` };
  return { name: "main", runtime, counts, timing };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const outcomes: Outcome[] = [];
  if (args.main !== undefined) outcomes.push(mainOutcome({ ...args, main: args.main }));
  for (const leg of args.legs) outcomes.push(await runLeg(leg));

  process.stdout.write("\n");
  for (const o of outcomes) {
    const extra = [o.timing, o.error].filter(Boolean).join("; ");
    log(`${o.name.padEnd(6)} ${o.runtime}: ${formatResult(o.counts)}${extra ? ` (${extra})` : ""}`);
  }
  const total = outcomes.reduce((sum, o) => add(sum, o.counts), NONE);
  process.stdout.write(`${formatResult(total)}\n`);
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`matrix: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
