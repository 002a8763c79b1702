/**
 * Whole stacks through the real Pulumi CLI (built by `npm run engine:install`), driven with the
 * Automation API as inline programs: the program module runs in this process (the Node.js
 * language host cannot be built here, see tools/pulumi/go.mod), everything else is the real
 * engine: steps, diffs, replacement order, state, secrets, refresh, destroy, and the SDK's
 * dynamic-provider host started by the engine through the launcher beside the CLI.
 *
 * Each stack gets a work directory under the repository's git-ignored .pulumi-local/ (so the
 * provider host the engine starts there finds this repository's node_modules, as in a user's
 * project), holding a verbatim copy of the project's Pulumi.yaml, its own file backend and
 * PULUMI_HOME. Nothing reaches the network. Runs in one process must not overlap: the SDK's
 * runtime is process-global.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type OpType,
  type OutputMap,
  type Stack,
} from "@pulumi/pulumi/automation";
import { ENGINE_ROOT, findEngine, inlineProgram, offlineEnv, REPO_ROOT } from "../../tools/pulumi/engine";

export const EXAMPLES = path.join(REPO_ROOT, "examples");
const WORK_ROOT = path.join(REPO_ROOT, ".pulumi-local", "engine-tests");
const PASSPHRASE = "engine-test-passphrase";

export interface Step {
  op: OpType;
  urn: string;
  type: string;
  /** The resource's name (last URN segment). */
  name: string;
  /** Properties that changed, as the engine reports them. */
  diffs: string[];
  /** Properties that force the replacement. */
  replaceKeys: string[];
}

export interface RunResult {
  steps: Step[];
  stdout: string;
  outputs: Record<string, unknown>;
  /** Set when the command failed: its stderr and stdout, as a user sees them. */
  error?: string;
}

export interface StackOptions {
  /** Folder with the project's Pulumi.yaml; default examples/<program folder>. */
  projectDir: string;
  /** The program module (an index.ts); re-required for every run. Default <projectDir>/index.ts. */
  program?: string;
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
 * `describe` for suites through the real engine. Without an engine they fail under CI and
 * are skipped (loudly) elsewhere: a suite never passes by skipping.
 */
export function describeEngine(title: string, body: (this: Mocha.Suite) => void): void {
  const missing = engineUnavailable();
  if (!missing) {
    describe(title, function () {
      this.timeout(180_000);
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

function collect(steps: Step[]): (event: EngineEvent) => void {
  return (event) => {
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata) return;
    steps.push({
      op: metadata.op,
      urn: metadata.urn,
      type: metadata.type,
      name: metadata.urn.split("::").pop() ?? metadata.urn,
      diffs: metadata.diffs ?? [],
      replaceKeys: metadata.keys ?? [],
    });
  };
}

function failure(e: unknown): string {
  const result = (e as { commandResult?: { stderr?: string; stdout?: string } }).commandResult;
  if (result) return `${result.stderr ?? ""}\n${result.stdout ?? ""}`;
  return e instanceof Error ? e.message : String(e);
}

export class EngineStack {
  private constructor(
    readonly stack: Stack,
    readonly workDir: string,
  ) {}

  static async open(options: StackOptions): Promise<EngineStack> {
    const engine = findEngine();
    if (!engine) throw new Error(engineUnavailable());
    fs.mkdirSync(WORK_ROOT, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(WORK_ROOT, `${path.basename(options.projectDir)}-`));
    fs.copyFileSync(path.join(options.projectDir, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
    const projectName = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"))![1];
    const pulumiCommand = await PulumiCommand.get({
      root: engine.source === "pinned" ? ENGINE_ROOT : path.dirname(engine.binDir),
      skipVersionCheck: true,
    });
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: options.stackName ?? "test",
        projectName,
        program: inlineProgram(options.program ?? path.join(options.projectDir, "index.ts")),
      },
      {
        workDir,
        pulumiCommand,
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

  async preview(options: { expectNoChanges?: boolean } = {}): Promise<RunResult> {
    const steps: Step[] = [];
    try {
      const result = await this.stack.preview({ onEvent: collect(steps), color: "never", diff: false, ...options });
      return { steps, stdout: result.stdout, outputs: {} };
    } catch (e) {
      return { steps, stdout: "", outputs: {}, error: failure(e) };
    }
  }

  async up(options: { parallel?: number } = {}): Promise<RunResult> {
    const steps: Step[] = [];
    try {
      const result = await this.stack.up({ onEvent: collect(steps), color: "never", ...options });
      return { steps, stdout: result.stdout, outputs: plain(result.outputs) };
    } catch (e) {
      return { steps, stdout: "", outputs: {}, error: failure(e) };
    }
  }

  async refresh(options: { clearPendingCreates?: boolean } = {}): Promise<RunResult> {
    const steps: Step[] = [];
    try {
      const result = await this.stack.refresh({ onEvent: collect(steps), color: "never", ...options });
      return { steps, stdout: result.stdout, outputs: {} };
    } catch (e) {
      return { steps, stdout: "", outputs: {}, error: failure(e) };
    }
  }

  async destroy(): Promise<RunResult> {
    const steps: Step[] = [];
    try {
      const result = await this.stack.destroy({ onEvent: collect(steps), color: "never" });
      return { steps, stdout: result.stdout, outputs: {} };
    } catch (e) {
      return { steps, stdout: "", outputs: {}, error: failure(e) };
    }
  }

  /** Stack outputs with secrets shown (`pulumi stack output --show-secrets`). */
  async outputs(): Promise<Record<string, unknown>> {
    return plain(await this.stack.outputs());
  }

  /** `pulumi stack export` as text, secrets left encrypted. */
  async exportText(): Promise<string> {
    return JSON.stringify(await this.stack.exportStack());
  }

  /** The resources in state (`pulumi stack export`'s `deployment.resources`). */
  async resources(): Promise<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown>; pendingReplacement?: boolean; delete?: boolean }[]> {
    const exported = await this.stack.exportStack();
    return (exported.deployment?.resources ?? []) as never;
  }

  /** Removes the work directory (backend, PULUMI_HOME, stack config). */
  remove(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
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
