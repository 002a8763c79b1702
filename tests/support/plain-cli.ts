/**
 * Whole stacks as users run them: plain `pulumi preview / up / refresh / destroy` in a project
 * folder (its Pulumi.yaml), the program run by the Node.js language host, TypeScript compiled as
 * the host does it (ts-node, type-checked). The CLI's folder is first on the PATH, as the README
 * tells users to do, with the offline environment of tools/pulumi/engine.ts. Steps, failures and
 * errors come from the engine's event log (`--event-log`, which the Automation API reads too),
 * so a `RunResult` means what it means for an inline `EngineStack` (engine-stack.ts).
 *
 * The CLI runs in the project folder itself (an example, the repository's root, a consumer
 * project a test made): nothing is copied. The stack's backend and PULUMI_HOME live in a work
 * directory of its own, and so does its config file for a folder the test does not own:
 * `pulumi stack init` writes Pulumi.<stack>.yaml beside Pulumi.yaml, which is moved into the work
 * directory at once (the stack's name is unique) and given to every command with `--config-file`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { findEngine, offlineEnv } from "../../tools/pulumi/engine";
import { describeEngine, describeEngineStory, engineUnavailable, type Story } from "./engine";
import { failureText, NO_AMBIENT_VECTARA, PASSPHRASE, recorder, StackBase, tempDir, type RunResult } from "./engine-stack";

/** Why plain `pulumi up` of a folder cannot run here, or undefined when it can. */
export function plainCliUnavailable(): string | undefined {
  const engine = findEngine();
  if (!engine) return engineUnavailable();
  if (!engine.languageHost)
    return "no Node.js language host (pulumi-language-nodejs) beside the CLI: run `npm run engine:install` with ../shared/pulumi/language-nodejs present";
  return undefined;
}

/** describeEngine for suites that run folder programs with the plain CLI (they need the language host too). */
export function describePlain(title: string, body: (this: Mocha.Suite) => void): void {
  describeEngine(title, body, plainCliUnavailable);
}

/** describeEngineStory for a stack run with the plain CLI. */
export function describePlainStory(title: string, body: (this: Mocha.Suite, story: Story) => void): void {
  describeEngineStory(title, body, plainCliUnavailable);
}

export interface PlainStackOptions {
  /** The project folder (its Pulumi.yaml): every command runs there, as `cd <folder> && pulumi up` does. */
  projectDir: string;
  /**
   * The folder is the test's own (e.g. a consumer project it made): the stack's config file stays
   * beside Pulumi.yaml, as a user's does, so other tools run there (`pulumi config`,
   * `pulumi-vectara import`) see the stack's config.
   */
  ownsProject?: boolean;
  /** Default: unique (the work directory's name). */
  stackName?: string;
  /** Plain and secret stack config. */
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  /** Extra environment for the CLI, the language host, the program and the provider host. */
  env?: Record<string, string>;
  /** Policy packs for every preview and up (see `PlainStack.policyPacks`). */
  policyPacks?: PolicyPackUse[];
}

/** A policy pack as a pipeline gives it: `--policy-pack <dir>` and, if set, `--policy-pack-config <config>`. */
export interface PolicyPackUse {
  dir: string;
  config?: string;
}

/** A folder program's stack, run by plain `pulumi` commands. */
export class PlainStack extends StackBase {
  private runs = 0;
  /** Policy packs that every `preview` and `up` runs; a test may change them between steps. */
  policyPacks: PolicyPackUse[] = [];

  private constructor(
    readonly projectDir: string,
    workDir: string,
    stackName: string,
    cli: string,
    env: Record<string, string>,
    /** `--config-file <file>` when the stack's config file lives in the work directory. */
    private readonly configArgs: string[],
  ) {
    super(workDir, stackName, cli, projectDir, env);
  }

  static async open(options: PlainStackOptions): Promise<PlainStack> {
    const missing = plainCliUnavailable();
    if (missing) throw new Error(missing);
    const engine = findEngine()!;
    const projectDir = path.resolve(options.projectDir);
    const workDir = tempDir(`plain-${path.basename(projectDir)}`);
    const stackName = options.stackName ?? path.basename(workDir);
    const env = {
      ...offlineEnv(workDir, PASSPHRASE),
      ...NO_AMBIENT_VECTARA,
      // `--event-log` is one of the CLI's debug flags.
      PULUMI_DEBUG_COMMANDS: "true",
      PATH: `${engine.binDir}${path.delimiter}${process.env.PATH ?? ""}`,
      ...options.env,
    };
    const besideProject = path.join(projectDir, `Pulumi.${stackName}.yaml`);
    const inWorkDir = path.join(workDir, `Pulumi.${stackName}.yaml`);
    const configArgs = options.ownsProject ? [] : ["--config-file", inWorkDir];
    const stack = new PlainStack(projectDir, workDir, stackName, engine.cli, env, configArgs);
    stack.policyPacks = options.policyPacks ?? [];

    // `stack init` takes no --config-file: it writes the stack's file (the passphrase's salt) beside Pulumi.yaml.
    const init = await stack.command(["stack", "init"]);
    if (init.code !== 0) throw new Error(`pulumi stack init ${stackName} failed in ${projectDir}:\n${failureText(init)}`);
    if (!options.ownsProject) {
      if (!fs.existsSync(besideProject)) throw new Error(`pulumi stack init wrote no ${besideProject} (a stackConfigDir in Pulumi.yaml?)`);
      fs.renameSync(besideProject, inWorkDir);
    }
    for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) await stack.setConfig(key, value, true);
    return stack;
  }

  async setConfig(key: string, value: string, secret = false): Promise<void> {
    await this.commandOutput(["config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), key, value, ...this.configArgs]);
  }

  /** `pulumi preview`. */
  preview(options: { expectNoChanges?: boolean } = {}): Promise<RunResult> {
    return this.operation("plan", ["preview", ...(options.expectNoChanges ? ["--expect-no-changes"] : []), ...this.policyArgs()]);
  }

  /**
   * `pulumi up --yes --skip-preview` (the Automation API's `up` runs the same), then its outputs;
   * with `withPreview`, `pulumi up --yes`, which previews first (as `pulumi up` does for a user).
   */
  async up(options: { parallel?: number; withPreview?: boolean } = {}): Promise<RunResult> {
    const result = await this.operation("plan", [
      "up",
      "--yes",
      ...(options.withPreview ? [] : ["--skip-preview"]),
      ...(options.parallel ? ["--parallel", String(options.parallel)] : []),
      ...this.policyArgs(),
    ]);
    return result.error ? result : { ...result, outputs: await this.outputs() };
  }

  /** `pulumi refresh --yes --skip-preview`. */
  refresh(options: { clearPendingCreates?: boolean } = {}): Promise<RunResult> {
    return this.operation("refresh", [
      "refresh",
      "--yes",
      "--skip-preview",
      ...(options.clearPendingCreates ? ["--clear-pending-creates"] : []),
    ]);
  }

  /** `pulumi destroy --yes --skip-preview`. */
  destroy(): Promise<RunResult> {
    return this.operation("plan", ["destroy", "--yes", "--skip-preview"]);
  }

  private policyArgs(): string[] {
    return this.policyPacks.flatMap((p) => ["--policy-pack", p.dir, ...(p.config ? ["--policy-pack-config", p.config] : [])]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.commandOutput(["stack", "output", "--json", "--show-secrets"]));
  }

  /** One operation with its event log read into a RunResult; a failure (or a hang) is returned in `error`, never thrown. */
  private async operation(kind: "plan" | "refresh", args: string[]): Promise<RunResult> {
    const eventLog = path.join(this.workDir, `events-${++this.runs}.jsonl`);
    const done = await this.command([...args, ...this.configArgs, "--event-log", eventLog]);
    const { result, onEvent } = recorder(kind);
    if (fs.existsSync(eventLog)) {
      for (const line of fs.readFileSync(eventLog, "utf8").split("\n")) {
        let event;
        try {
          event = JSON.parse(line);
        } catch {
          continue; // blank, or the last line of a command killed mid-write
        }
        onEvent(event);
      }
      fs.rmSync(eventLog);
    }
    const run: RunResult = { ...result, stdout: done.stdout, outputs: {} };
    if (done.hung)
      return { ...run, hung: true, error: `the command did not end within ${this.deadlineMs} ms and was aborted\n${failureText(done)}` };
    return done.code === 0 ? run : { ...run, error: failureText(done) };
  }
}
