/**
 * Whole stacks through the real Pulumi CLI (built by `npm run engine:install`), driven with the
 * Automation API as inline programs: the program runs in this process, everything else is the
 * real engine: steps, diffs, replacement order, state, secrets, refresh, destroy, and the SDK's
 * dynamic-provider host started by the engine through the launcher beside the CLI. (The same
 * program as a folder, run by plain `pulumi` commands as users run it: plain-cli.ts. What the
 * two share, results and state included: engine-stack.ts.)
 *
 * Each stack gets a work directory under the repository's git-ignored .pulumi-local/ (so the
 * provider host the engine starts there finds this repository's node_modules, as in a user's
 * project), holding the project's Pulumi.yaml (a copy without `main`, or generated for a program
 * given as a function), its own file backend and PULUMI_HOME. Nothing reaches the network.
 * Work directories (and `tempDir()`s) are removed after each `describeEngine` suite.
 *
 * Stacks of one process may run at the same time (the SDK keeps each inline run's state in
 * async-local storage), but on this 2-core machine that is not faster: the suites run them
 * one after another.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type OutputMap,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { isolateInlineRuns } from "pulumi-vectara";
import { ENGINE_ROOT, findEngine, inlineProgram, offlineEnv, REPO_ROOT } from "../../tools/pulumi/engine";
import { NO_AMBIENT_VECTARA, PASSPHRASE, recorder, removeAll, StackBase, tempDir, type RunResult } from "./engine-stack";
import { storySteps, type Story } from "./story";

export type { Story };
export { tempDir, vectaraSteps, type Diagnostic, type RunResult, type StateResource, type Step } from "./engine-stack";

export const EXAMPLES = path.join(REPO_ROOT, "examples");

// Hundreds of inline runs share this process: none may inherit an earlier run's dead connection.
// Importing the package already does this; said here so the harness does not rest on that.
isolateInlineRuns(pulumi.runtime);

/** An inline program: what it returns become the stack outputs. */
export type Program = PulumiFn;

export interface StackOptions {
  /** Folder with the project's Pulumi.yaml (copied, without `main`) and, unless `program` is given, its index.ts. */
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

/**
 * `describe` for suites through the real engine. Without an engine (or what `unavailable`
 * finds missing) they fail under CI and are skipped (loudly) elsewhere: a suite never passes
 * by skipping. Work directories are removed after the suite.
 */
export function describeEngine(
  title: string,
  body: (this: Mocha.Suite) => void,
  unavailable: () => string | undefined = engineUnavailable,
): void {
  const missing = unavailable();
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
export function describeEngineStory(
  title: string,
  body: (this: Mocha.Suite, story: Story) => void,
  unavailable: () => string | undefined = engineUnavailable,
): void {
  describeEngine(
    title,
    function () {
      storySteps(this, body);
    },
    unavailable,
  );
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

/** An inline program's stack, driven by the Automation API. */
export class EngineStack extends StackBase {
  private constructor(
    readonly stack: Stack,
    workDir: string,
  ) {
    const workspace = stack.workspace as LocalWorkspace;
    super(workDir, stack.name, workspace.pulumiCommand.command, workDir, workspace.envVars);
  }

  static async open(options: StackOptions): Promise<EngineStack> {
    const workDir = tempDir(options.projectDir ? path.basename(options.projectDir) : (options.project ?? "inline"));
    let program: Program;
    if (options.projectDir) {
      // Without `main`, which names a file of the folder: the program is inline.
      const project = fs.readFileSync(path.join(options.projectDir, "Pulumi.yaml"), "utf8").replace(/^main:.*\n/m, "");
      fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), project);
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
        envVars: { ...offlineEnv(workDir, PASSPHRASE), ...NO_AMBIENT_VECTARA, ...options.env },
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

  async outputs(): Promise<Record<string, unknown>> {
    return plain(await this.stack.outputs());
  }
}

function plain(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
}
