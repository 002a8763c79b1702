/**
 * What the two ways of running a stack through the real Pulumi CLI share: an inline program
 * driven by the Automation API (engine.ts, `EngineStack`) and a folder program run by plain
 * `pulumi` commands, as users run it (plain-cli.ts, `PlainStack`). Both report a run as a
 * `RunResult` read from the engine's events, and read or edit state with `pulumi stack
 * export/import`, so a story's assertions hold either way.
 *
 * Each stack has a work directory under the repository's git-ignored .pulumi-local/ (its file
 * backend and PULUMI_HOME); work directories (and `tempDir()`s) are removed when the suite ends.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "../../tools/pulumi/engine";

const WORK_ROOT = path.join(REPO_ROOT, ".pulumi-local", "engine-tests");
export const PASSPHRASE = "engine-test-passphrase";
/** A command that has not ended after this long is a hang: it is aborted and reported. */
export const DEFAULT_DEADLINE_MS = 120_000;

/** The provider host inherits the CLI's environment: no ambient Vectara credential reaches it. */
export const NO_AMBIENT_VECTARA: Record<string, string> = {
  VECTARA_API_KEY: "",
  VECTARA_CLIENT_ID: "",
  VECTARA_CLIENT_SECRET: "",
  VECTARA_BASE_URL: "",
  VECTARA_AUTH_URL: "",
};

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

/** A policy pack's report on a resource (or the stack): a violation, or an advisory line. */
export interface PolicyReport {
  /** The resource's name; "" for the stack as a whole. */
  name: string;
  policy: string;
  /** As the engine's event says it: "mandatory", or "advisory" (the event's "warning"). */
  level: string;
  /** What the policy reported (for a violation, after the policy's description). */
  message: string;
}

export interface RunResult {
  /** In the order the engine started them; for a refresh, what each Read found (same/update/delete). */
  steps: Step[];
  /** Steps that failed, as "op name". */
  failed: string[];
  /** Error diagnostics, per resource. */
  errors: Diagnostic[];
  /** What policy packs reported (`--policy-pack`), in the order the engine did. */
  policies: PolicyReport[];
  stdout: string;
  outputs: Record<string, unknown>;
  /** Set when the command failed (a non-zero exit): its stderr and stdout, as a user sees them. */
  error?: string;
  /** The command did not end within the deadline and was aborted. */
  hung?: boolean;
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

/** Folders to remove when the current suite ends. */
const toRemove = new Set<string>();

/** Removes every work directory and `tempDir()` made so far (describeEngine runs it after each suite). */
export function removeAll(): void {
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

/**
 * A fresh folder (e.g. for a copy of a roster), removed with the suite's stacks: in the
 * repository's .pulumi-local/, or in `parent` (e.g. os.tmpdir() for what must not see the
 * repository's node_modules).
 */
export function tempDir(prefix: string, parent = WORK_ROOT): string {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `${prefix}-`));
  toRemove.add(dir);
  return dir;
}

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** Input keys whose values differ between two states (what the engine's display lists as `[diff: ~…]`). */
function changedInputs(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

/** Listens to the engine's events: the steps it starts (or, for a refresh, what each Read found), failures, errors. */
export function recorder(kind: "plan" | "refresh") {
  const result = { steps: [] as Step[], failed: [] as string[], errors: [] as Diagnostic[], policies: [] as PolicyReport[] };
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
    const policy = event.policyEvent;
    if (policy) {
      // @pulumi/policy sends a violation as "<the policy's description>\n<the message>", and its
      // "can't run policy … during preview" line alone.
      const lines = policy.message.trim().split("\n");
      result.policies.push({
        name: policy.resourceUrn && policy.resourceUrn.split("::")[2] !== "pulumi:pulumi:Stack" ? nameOf(policy.resourceUrn) : "",
        policy: policy.policyName,
        level: policy.enforcementLevel === "warning" ? "advisory" : policy.enforcementLevel,
        message: lines[lines.length - 1],
      });
    }
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

/** "op name" of the steps that touch Vectara (dynamic resources), sorted. */
export function vectaraSteps(result: { steps: Step[] }): string[] {
  return result.steps
    .filter((s) => s.op !== "same" && s.type.startsWith("pulumi-nodejs:dynamic"))
    .map((s) => `${s.op} ${s.name}`)
    .sort();
}

export interface CommandResult {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** It did not end within the deadline: its whole process group was killed. */
  hung?: boolean;
}

/**
 * Runs `command args` in `cwd` with `env` added to `baseEnv` (this process's environment), in a
 * process group of its own so that a hang is ended with everything it started (language host,
 * program, provider hosts). Never throws for a non-zero exit.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; baseEnv?: NodeJS.ProcessEnv; deadlineMs?: number },
): Promise<CommandResult> {
  const env = { ...(options.baseEnv ?? process.env), ...options.env };
  const child = spawn(command, args, { cwd: options.cwd, env, detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  return new Promise((resolve, reject) => {
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(hung ? { hung } : {}) });
    });
  });
}

/** What a user saw of a failed command: its stderr, then its stdout. */
export function failureText(result: Pick<CommandResult, "stdout" | "stderr">): string {
  return `${result.stderr}\n${result.stdout}`;
}

/** What both kinds of stack do the same way: state, the backend's files, the provider hosts. */
export abstract class StackBase {
  /** Milliseconds after which a command counts as hung: it is aborted and returns an error. */
  deadlineMs = DEFAULT_DEADLINE_MS;

  protected constructor(
    /** The stack's own folder: file backend, PULUMI_HOME, and whatever else the stack keeps. */
    readonly workDir: string,
    readonly stackName: string,
    /** The `pulumi` executable. */
    protected readonly cli: string,
    /** Where the CLI runs: the folder of the project's Pulumi.yaml. */
    protected readonly cwd: string,
    /** The environment every command of this stack gets (offline settings, no ambient credential), e.g. for another tool run beside it. */
    readonly env: Record<string, string>,
  ) {}

  abstract preview(options?: { expectNoChanges?: boolean }): Promise<RunResult>;
  abstract up(options?: { parallel?: number }): Promise<RunResult>;
  abstract refresh(options?: { clearPendingCreates?: boolean }): Promise<RunResult>;
  abstract destroy(): Promise<RunResult>;
  abstract setConfig(key: string, value: string, secret?: boolean): Promise<void>;
  /** Stack outputs with secrets shown (`pulumi stack output --show-secrets`). */
  abstract outputs(): Promise<Record<string, unknown>>;

  /** Any `pulumi` command on this stack, as a user types it (`--stack`, non-interactive, no color); never throws. */
  command(args: readonly string[]): Promise<CommandResult> {
    return runCommand(this.cli, [...args, "--stack", this.stackName, "--non-interactive", "--color", "never"], {
      cwd: this.cwd,
      env: this.env,
      deadlineMs: this.deadlineMs,
    });
  }

  /** A command that must succeed: its stdout. */
  protected async commandOutput(args: readonly string[]): Promise<string> {
    const result = await this.command(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.code}):\n${failureText(result)}`);
    return result.stdout;
  }

  /**
   * `pulumi stack export`, secrets left encrypted unless `showSecrets`. (The Automation API's
   * `exportStack()` always shows them: never use that to look for leaks.)
   */
  protected async exportDeployment(showSecrets = false): Promise<{ deployment?: { resources?: unknown[] } }> {
    return JSON.parse(await this.commandOutput(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]));
  }

  /** `pulumi stack export` as text, secrets left encrypted. */
  async exportText(): Promise<string> {
    return JSON.stringify(await this.exportDeployment());
  }

  /** The resources in state (`pulumi stack export`'s `deployment.resources`), secrets encrypted unless `showSecrets`. */
  async resources(options: { showSecrets?: boolean } = {}): Promise<StateResource[]> {
    return ((await this.exportDeployment(options.showSecrets)).deployment?.resources ?? []) as StateResource[];
  }

  /** Edits the state as `pulumi stack export`, an edit, then `pulumi stack import` would. */
  async editState(edit: (resources: StateResource[]) => void): Promise<void> {
    const exported = await this.exportDeployment();
    edit((exported.deployment?.resources ?? []) as StateResource[]);
    await this.importState(exported);
  }

  /** `pulumi stack import` of `exported` (what `pulumi stack export` printed, here or for another stack of the same name). */
  async importState(exported: object): Promise<void> {
    const file = path.join(this.workDir, "imported-state.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    try {
      await this.commandOutput(["stack", "import", "--file", file]);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** Every file the file backend wrote for this stack (checkpoint, history, backups), as one text. */
  backendText(): string {
    const files = fs.readdirSync(path.join(this.workDir, "backend"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    return files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), "utf8")).join("\n");
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
