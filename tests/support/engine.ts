/**
 * Whole stacks through the real Pulumi CLI (built by `npm run engine:install`), driven with the
 * Automation API as inline programs: the program runs in this process (the Node.js language
 * host cannot be built here, see tools/pulumi/go.mod), everything else is the real engine:
 * steps, diffs, replacement order, state, secrets, refresh, destroy, and the SDK's
 * dynamic-provider host started by the engine through the launcher beside the CLI.
 *
 * Each stack gets a work directory under the repository's git-ignored .pulumi-local/ (so the
 * provider host the engine starts there finds this repository's node_modules, as in a user's
 * project), holding the project's Pulumi.yaml (a verbatim copy, or generated for a program
 * given as a function), its own file backend and PULUMI_HOME. Nothing reaches the network.
 * Work directories (and `tempDir()`s) are removed after each `describeEngine` suite.
 *
 * Stacks of one process may run at the same time (the SDK keeps each inline run's state in
 * async-local storage), but on this 2-core machine that is not faster: the suites run them
 * one after another.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type Deployment,
  type EngineEvent,
  type OpType,
  type OutputMap,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { ENGINE_ROOT, findEngine, inlineProgram, offlineEnv, REPO_ROOT } from "../../tools/pulumi/engine";
import { storySteps, type Story } from "./story";

export type { Story };

const execFileAsync = promisify(execFile);

export const EXAMPLES = path.join(REPO_ROOT, "examples");
const WORK_ROOT = path.join(REPO_ROOT, ".pulumi-local", "engine-tests");
const PASSPHRASE = "engine-test-passphrase";
/** A command that has not ended after this long is a hang: it is aborted and reported. */
const DEFAULT_DEADLINE_MS = 120_000;

export interface Step {
  op: OpType;
  urn: string;
  type: string;
  /** The resource's name (last URN segment). */
  name: string;
  /**
   * Properties that changed, as the engine reports them: its `diffs` (dynamic providers report
   * none for an update), or for a refresh the inputs Read changed (what it prints as `[diff: ~…]`).
   */
  diffs: string[];
  /** Properties that force the replacement. */
  replaceKeys: string[];
}

export interface Diagnostic {
  /** The resource's name, or "" for the run itself. */
  name: string;
  severity: string;
  message: string;
}

export interface RunResult {
  /** In the order the engine started them; for a refresh, what each Read found (same/update/delete). */
  steps: Step[];
  /** Steps that failed, as "op name". */
  failed: string[];
  /** Error diagnostics, per resource. */
  errors: Diagnostic[];
  stdout: string;
  outputs: Record<string, unknown>;
  /** Set when the command failed (a non-zero exit): its stderr and stdout, as a user sees them. */
  error?: string;
  /** The command did not end within the deadline and was aborted. */
  hung?: boolean;
}

/** An inline program: what it returns become the stack outputs. */
export type Program = PulumiFn;

export interface StackOptions {
  /** Folder with the project's Pulumi.yaml (copied verbatim) and, unless `program` is given, its index.ts. */
  projectDir?: string;
  /** The project's name when `program` is a function and there is no projectDir: a Pulumi.yaml is generated. */
  project?: string;
  /** A program module (re-required for every run), or the program itself. Default <projectDir>/index.ts. */
  program?: string | Program;
  stackName?: string;
  /** Plain and secret stack config. */
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  /** Extra environment for the CLI and the provider host it starts. */
  env?: Record<string, string>;
}

/** Why the engine tests cannot run, or undefined when they can. */
export function engineUnavailable(): string | undefined {
  return findEngine() ? undefined : "no Pulumi CLI: run `npm run engine:install` (builds the pinned CLI into .tools/pulumi/bin)";
}

/** Folders to remove when the current suite ends. */
const toRemove = new Set<string>();

function removeAll(): void {
  for (const dir of toRemove) fs.rmSync(dir, { recursive: true, force: true });
  toRemove.clear();
  // The shared parent goes too once no suite uses it (other processes may: only if empty).
  try {
    fs.rmdirSync(WORK_ROOT);
  } catch {
    // not empty, or already gone
  }
}
process.once("exit", removeAll);

/** A fresh folder (e.g. for a copy of a roster), removed with the suite's stacks. */
export function tempDir(prefix: string): string {
  fs.mkdirSync(WORK_ROOT, { recursive: true });
  const dir = fs.mkdtempSync(path.join(WORK_ROOT, `${prefix}-`));
  toRemove.add(dir);
  return dir;
}

/**
 * `describe` for suites through the real engine. Without an engine they fail under CI and
 * are skipped (loudly) elsewhere: a suite never passes by skipping. Work directories are
 * removed after the suite.
 */
export function describeEngine(title: string, body: (this: Mocha.Suite) => void): void {
  const missing = engineUnavailable();
  if (!missing) {
    describe(title, function () {
      this.timeout(180_000);
      after(removeAll);
      body.call(this);
    });
    return;
  }
  if (process.env.CI) {
    describe(title, () => {
      it("needs the real Pulumi engine", () => {
        throw new Error(`CI=true and ${missing}`);
      });
    });
    return;
  }
  process.stderr.write(`\n!!! SKIPPED (${title}): ${missing}\n\n`);
  describe.skip(`${title} [SKIPPED: ${missing}]`, body);
}

/** describeStory (tests/support/story.ts) for a stack through the real engine. */
export function describeEngineStory(title: string, body: (this: Mocha.Suite, story: Story) => void): void {
  describeEngine(title, function () {
    storySteps(this, body);
  });
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** Input keys whose values differ between two states (what the engine's display lists as `[diff: ~…]`). */
function changedInputs(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

/** Listens to the engine's events: the steps it starts (or, for a refresh, what each Read found), failures, errors. */
function recorder(kind: "plan" | "refresh") {
  const result = { steps: [] as Step[], failed: [] as string[], errors: [] as Diagnostic[] };
  const onEvent = (event: EngineEvent) => {
    const started = event.resourcePreEvent?.metadata;
    const done = event.resOutputsEvent?.metadata;
    const metadata = kind === "refresh" ? done : started;
    if (metadata) {
      result.steps.push({
        op: metadata.op,
        urn: metadata.urn,
        type: metadata.type,
        name: nameOf(metadata.urn),
        diffs: metadata.diffs?.length
          ? metadata.diffs
          : kind === "refresh"
            ? changedInputs(metadata.old?.inputs, metadata.new?.inputs)
            : [],
        replaceKeys: metadata.keys ?? [],
      });
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) result.failed.push(`${failed.op} ${nameOf(failed.urn)}`);
    const diagnostic = event.diagnosticEvent;
    if (diagnostic?.severity === "error") {
      result.errors.push({
        name: diagnostic.urn ? nameOf(diagnostic.urn) : "",
        severity: diagnostic.severity,
        message: diagnostic.message.trim(),
      });
    }
  };
  return { result, onEvent };
}

function failure(e: unknown): string {
  const result = (e as { commandResult?: { stderr?: string; stdout?: string } }).commandResult;
  if (result) return `${result.stderr ?? ""}\n${result.stdout ?? ""}`;
  return e instanceof Error ? e.message : String(e);
}

let pulumiCommand: Promise<PulumiCommand> | undefined;
function cli(): Promise<PulumiCommand> {
  const engine = findEngine();
  if (!engine) throw new Error(engineUnavailable());
  return (pulumiCommand ??= PulumiCommand.get({
    root: engine.source === "pinned" ? ENGINE_ROOT : path.dirname(engine.binDir),
    skipVersionCheck: true,
  }));
}

export class EngineStack {
  /** Milliseconds after which a command counts as hung: it is aborted and returns an error. */
  deadlineMs = DEFAULT_DEADLINE_MS;

  private constructor(
    readonly stack: Stack,
    readonly workDir: string,
  ) {}

  static async open(options: StackOptions): Promise<EngineStack> {
    const workDir = tempDir(options.projectDir ? path.basename(options.projectDir) : (options.project ?? "inline"));
    let program: Program;
    if (options.projectDir) {
      fs.copyFileSync(path.join(options.projectDir, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
      program =
        typeof options.program === "function"
          ? options.program
          : inlineProgram(options.program ?? path.join(options.projectDir, "index.ts"));
    } else {
      if (typeof options.program !== "function" || !options.project)
        throw new Error("EngineStack.open: give a projectDir, or a project name and a program function");
      fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), `name: ${options.project}\nruntime: nodejs\n`);
      program = options.program;
    }
    const projectName = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"))![1];
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: options.stackName ?? "test", projectName, program },
      {
        workDir,
        pulumiCommand: await cli(),
        envVars: {
          ...offlineEnv(workDir, PASSPHRASE),
          // The provider host inherits the CLI's environment: no ambient Vectara credential.
          VECTARA_API_KEY: "",
          VECTARA_CLIENT_ID: "",
          VECTARA_CLIENT_SECRET: "",
          VECTARA_BASE_URL: "",
          VECTARA_AUTH_URL: "",
          ...options.env,
        },
      },
    );
    const config: ConfigMap = {};
    for (const [k, v] of Object.entries(options.config ?? {})) config[k] = { value: v };
    for (const [k, v] of Object.entries(options.secretConfig ?? {})) config[k] = { value: v, secret: true };
    if (Object.keys(config).length > 0) await stack.setAllConfig(config);
    return new EngineStack(stack, workDir);
  }

  async setConfig(key: string, value: string, secret = false): Promise<void> {
    await this.stack.setConfig(key, { value, secret });
  }

  /** Runs one command with a deadline; a failure (or a hang) is returned in `error`, never thrown. */
  private async run(
    kind: "plan" | "refresh",
    command: (onEvent: (e: EngineEvent) => void, signal: AbortSignal) => Promise<{ stdout: string; outputs?: OutputMap }>,
  ): Promise<RunResult> {
    const { result, onEvent } = recorder(kind);
    const abort = new AbortController();
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      abort.abort();
    }, this.deadlineMs);
    try {
      const done = await command(onEvent, abort.signal);
      return { ...result, stdout: done.stdout, outputs: done.outputs ? plain(done.outputs) : {} };
    } catch (e) {
      const error = hung ? `the command did not end within ${this.deadlineMs} ms and was aborted\n${failure(e)}` : failure(e);
      return { ...result, stdout: "", outputs: {}, error, ...(hung ? { hung } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }

  preview(options: { expectNoChanges?: boolean } = {}): Promise<RunResult> {
    return this.run("plan", (onEvent, signal) => this.stack.preview({ onEvent, signal, color: "never", diff: false, ...options }));
  }

  up(options: { parallel?: number } = {}): Promise<RunResult> {
    return this.run("plan", (onEvent, signal) => this.stack.up({ onEvent, signal, color: "never", ...options }));
  }

  /** `runProgram`: `--run-program`, which configures the providers from the current stack config, not the one in state. */
  refresh(options: { clearPendingCreates?: boolean; runProgram?: boolean } = {}): Promise<RunResult> {
    return this.run("refresh", (onEvent, signal) => this.stack.refresh({ onEvent, signal, color: "never", ...options }));
  }

  destroy(options: { runProgram?: boolean } = {}): Promise<RunResult> {
    return this.run("plan", (onEvent, signal) => this.stack.destroy({ onEvent, signal, color: "never", ...options }));
  }

  /** Stack outputs with secrets shown (`pulumi stack output --show-secrets`). */
  async outputs(): Promise<Record<string, unknown>> {
    return plain(await this.stack.outputs());
  }

  /**
   * `pulumi stack export`, secrets left encrypted. (The Automation API's `exportStack()` runs it
   * with `--show-secrets`: never use that to look for leaks.)
   */
  private async exportDeployment(): Promise<Deployment> {
    const workspace = this.stack.workspace as LocalWorkspace;
    const { stdout } = await execFileAsync(workspace.pulumiCommand.command, ["stack", "export", "--stack", this.stack.name], {
      cwd: this.workDir,
      env: { ...process.env, ...workspace.envVars },
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(stdout) as Deployment;
  }

  /** `pulumi stack export` as text, secrets left encrypted. */
  async exportText(): Promise<string> {
    return JSON.stringify(await this.exportDeployment());
  }

  /** Every file the file backend wrote for this stack (checkpoint, history, backups), as one text. */
  backendText(): string {
    const files = fs.readdirSync(path.join(this.workDir, "backend"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    return files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), "utf8")).join("\n");
  }

  /** The resources in state (`pulumi stack export`'s `deployment.resources`), secrets encrypted. */
  async resources(): Promise<StateResource[]> {
    return ((await this.exportDeployment()).deployment?.resources ?? []) as StateResource[];
  }

  /** Edits the state as `pulumi stack export`, an edit, then `pulumi stack import` would. */
  async editState(edit: (resources: StateResource[]) => void): Promise<void> {
    const exported = await this.exportDeployment();
    edit((exported.deployment?.resources ?? []) as StateResource[]);
    await this.stack.importStack(exported);
  }

  /**
   * The SDK's dynamic-provider host processes the engine started for this stack (found in
   * /proc by their command line and this stack's PULUMI_HOME), e.g. to kill one mid-run.
   */
  providerHostPids(): number[] {
    const home = `PULUMI_HOME=${path.join(this.workDir, "home")}`;
    const pids: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
        if (!cmdline.some((arg) => arg.includes(path.join("cmd", "dynamic-provider")))) continue;
        if (fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(home)) pids.push(Number(entry));
      } catch {
        // the process ended meanwhile, or is not ours to read
      }
    }
    return pids;
  }

  /** Removes the work directory (backend, PULUMI_HOME, stack config) now rather than after the suite. */
  remove(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
    toRemove.delete(this.workDir);
  }
}

/** A resource in `pulumi stack export`. */
export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  pendingReplacement?: boolean;
  delete?: boolean;
}

function plain(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
}

/** "op name" of the steps that touch Vectara (dynamic resources), sorted. */
export function vectaraSteps(result: { steps: Step[] }): string[] {
  return result.steps
    .filter((s) => s.op !== "same" && s.type.startsWith("pulumi-nodejs:dynamic"))
    .map((s) => `${s.op} ${s.name}`)
    .sort();
}
