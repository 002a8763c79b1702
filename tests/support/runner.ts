/**
 * An offline stack runner: a STAND-IN for `pulumi preview/up/refresh/destroy`, NOT Pulumi.
 *
 * It exists so example programs can be proven end to end in CI without the Pulumi CLI (which
 * cannot be installed here), and it backs `npm start`. It runs a real program with the real SDK
 * under `pulumi.runtime.setMocks`, and plays the engine's part for dynamic resources against
 * the SDK's real dynamic-provider host (./host.ts): Configure, then Check/Diff/Create/Update/
 * Delete/Read over gRPC, with the engine's step logic (same/update/replace, both replacement
 * orders, deletes of what the program no longer declares, dependents first), a JSON state file
 * checkpointed atomically after every step (./state.ts), and secrets encrypted in it.
 *
 * What it does NOT do (use the real CLI for any of these):
 * - Only `pulumi-nodejs:dynamic/...` custom resources and component resources. Any other custom
 *   resource fails the registration; explicit providers, invokes (`call`), `get`/ReadResource,
 *   `import`, stack references, remote components, transforms and hooks are not supported.
 * - Resource options ignored (a warning line is logged): protect, ignoreChanges,
 *   replaceOnChanges, retainOnDelete, deletedWith, replacementTrigger, customTimeouts, hideDiffs,
 *   aliases (a rename is a delete plus a create). `deleteBeforeReplace` (the option wins over the
 *   provider's answer when set) and `additionalSecretOutputs` ARE honoured.
 * - No replacement of dependents: with delete-before-replace the engine first deletes and later
 *   recreates the resources that depend on the replaced one; this runner does not.
 * - No detailed diff (a provider's `changes: undefined` is settled by comparing old and new
 *   inputs), no plans, no `--target`, no refresh during up, no `--continue-on-error` switch
 *   (independent registrations always continue), no retries, no cancellation, no locking (one run
 *   per state file at a time), no history or backups, no duplicate-URN check. The state file is
 *   this runner's own JSON, not `pulumi stack export`'s format.
 * - Preview: updates return the checked inputs over the old outputs, creates and replacements
 *   the checked inputs with every other output unknown; so a dependent of an updated resource
 *   may preview as `same` and then update in `up` when a computed output changes.
 * - A failed run (any step error, or the program throws) deletes nothing, as the engine: what
 *   the program no longer declares, and old halves of replacements (marked `delete: true`), stay
 *   in state for the next successful `up`. A partially created resource is updated next time.
 * - refresh Reads custom resources only and does not run the program; destroy does not either.
 * - `parallel` bounds concurrent provider calls (Check and Diff included), not steps.
 * - URNs in state, steps and errors are the engine's; the program itself sees the SDK mock
 *   monitor's URNs (`urn:...::pulumi:pulumi:Stack$type::name`) in `resource.urn`.
 * - The program runs in THIS process (the engine runs a separate language host): the SDK's
 *   runtime is process-global, so never run two stacks at the same time in one process. The
 *   runtime settings, config and unhandled-rejection listeners are restored after each run.
 * - Stack outputs: secrets are shown as "[secret]", values not known in a preview as "[unknown]".
 */
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { HostError, ProviderHost, UNKNOWN } from "./host";
import {
  Crypter,
  RESOURCE_SIG,
  SIG_KEY,
  containsSecret,
  decryptState,
  emptyState,
  encryptState,
  isSecret,
  loadStateFile,
  secret,
  stateHasCiphertext,
  stateToText,
  unwrapSecrets,
  writeFileAtomic,
  type Props,
  type ResourceState,
  type StackState,
} from "./state";

export { readState, type ResourceState, type StackState } from "./state";

// Internal SDK modules (the same instances `@pulumi/pulumi` uses): not all of this is typed publicly.
const sdkSettings: any = require("@pulumi/pulumi/runtime/settings");
const sdkState: any = require("@pulumi/pulumi/runtime/state");
const sdkStack: any = require("@pulumi/pulumi/runtime/stack");

export interface StackOptions {
  /** A program file (its module exports become stack outputs; re-required on every run) or an inline function. */
  program: string | (() => Promise<Record<string, unknown> | void>);
  /** JSON state; created if absent; written atomically after every completed step. */
  stateFile: string;
  project?: string;
  stack?: string;
  /** Stack config ("vectara:apiKey": "..."); a key without a namespace gets "<project>:". */
  config?: Record<string, string>;
  secretConfigKeys?: string[];
  /** Encrypts secrets in the state file. Default: PULUMI_CONFIG_PASSPHRASE. Required only when there are secrets. */
  passphrase?: string;
  /** Max concurrent provider operations. Default 10. */
  parallel?: number;
  /** Working directory of the provider host. Default: the program file's folder, else the repo root. */
  hostCwd?: string;
  hostEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  onHost?: (host: ProviderHost) => void;
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read-gone";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Input keys that differ from the old inputs (for display; `__provider` only when nothing else differs). */
  changed: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  error?: string;
}

export interface RunResult {
  steps: Step[];
  /** Stack outputs; secrets as "[secret]", unknowns (preview) as "[unknown]". */
  outputs: Record<string, unknown>;
  failed: boolean;
  errors: string[];
  summary: Record<StepOp, number>;
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";
const PROVIDER_KEY = "__provider";

/** What the mock monitor's MockResourceArgs leaves out, taken from the RegisterResourceRequest. */
interface Registration {
  type: string;
  name: string;
  parent: string;
  dependencies: string[];
  additionalSecretOutputs: string[];
  deleteBeforeReplace?: boolean;
  importId: string;
  /** The request's object as serialized by the SDK: secrets wrapped, unknowns as the sentinel. */
  object: Props;
  ignored: string[];
}

class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(f: () => Promise<T>): Promise<T> {
    while (this.active >= this.max) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.active++;
    try {
      return await f();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** One run: state, host, steps, errors. */
class Session {
  readonly steps: Step[] = [];
  readonly errors: string[] = [];
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretConfigKeys: string[];
  readonly passphrase: string;
  /** Decrypted state as loaded. */
  state!: StackState;
  private crypter?: Crypter;
  private lastText?: string;
  private hostPromise?: Promise<ProviderHost>;
  private readonly limiter: Limiter;

  constructor(
    readonly opts: StackOptions,
    /** false for preview: nothing is ever written. */
    readonly writes: boolean,
  ) {
    this.project = opts.project ?? "project";
    this.stack = opts.stack ?? "dev";
    const ns = (k: string) => (k.includes(":") ? k : `${this.project}:${k}`);
    this.config = Object.fromEntries(Object.entries(opts.config ?? {}).map(([k, v]) => [ns(k), v]));
    this.secretConfigKeys = (opts.secretConfigKeys ?? []).map(ns);
    this.passphrase = opts.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "";
    this.limiter = new Limiter(Math.max(1, opts.parallel ?? 10));
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  load(): void {
    const raw = loadStateFile(this.opts.stateFile);
    if (raw && (raw.project !== this.project || raw.stack !== this.stack)) {
      throw new Error(`${this.opts.stateFile} holds stack ${raw.project}/${raw.stack}, not ${this.project}/${this.stack}`);
    }
    const state = raw ?? emptyState(this.project, this.stack);
    if (this.passphrase && state.secrets) {
      this.crypter = Crypter.open(this.passphrase, state.secrets.encryptionsalt);
    }
    if (stateHasCiphertext(state) && !this.crypter) {
      throw new Error(`${this.opts.stateFile} holds encrypted secrets: pass \`passphrase\` or set PULUMI_CONFIG_PASSPHRASE`);
    }
    this.state = decryptState(state, this.crypter);
    this.lastText = raw ? this.encode(this.state.resources) : undefined;
  }

  /** Throws before a provider call whose results would have to be stored as secrets without a passphrase. */
  requireSecretStorage(urn: string, secretKeys: Iterable<string>): void {
    if (!this.passphrase && [...secretKeys].length > 0) {
      throw new Error(
        `${urn}: has secret properties and no passphrase to encrypt them in state: pass \`passphrase\` or set PULUMI_CONFIG_PASSPHRASE`,
      );
    }
  }

  private getCrypter = (): Crypter | undefined => {
    if (!this.crypter && this.passphrase) {
      const { crypter, encryptionsalt } = Crypter.create(this.passphrase);
      this.crypter = crypter;
      this.state.secrets = { encryptionsalt };
    }
    return this.crypter;
  };

  private encode(resources: ResourceState[]): string {
    const encrypted = encryptState({ ...this.state, resources }, this.getCrypter, this.opts.stateFile);
    return stateToText({
      version: 1,
      project: this.project,
      stack: this.stack,
      ...(this.state.secrets ? { secrets: this.state.secrets } : {}),
      resources: encrypted.resources,
    });
  }

  /** Writes the state if it changed (atomically). A no-op in preview. */
  checkpoint(resources: ResourceState[]): void {
    if (!this.writes) {
      return;
    }
    const text = this.encode(resources);
    if (text !== this.lastText) {
      writeFileAtomic(this.opts.stateFile, text);
      this.lastText = text;
    }
  }

  host(): Promise<ProviderHost> {
    this.hostPromise ??= (async () => {
      // As the engine does, the host runs in the program's folder: `require("pkg/...")` inside a
      // serialized provider resolves from there.
      const program = this.opts.program;
      const cwd = this.opts.hostCwd ?? (typeof program === "string" ? path.dirname(path.resolve(program)) : undefined);
      const host = await ProviderHost.start({ cwd, env: this.opts.hostEnv, project: this.project });
      this.opts.onHost?.(host);
      await host.configure(this.config, { secretKeys: this.secretConfigKeys });
      return host;
    })();
    return this.hostPromise;
  }

  /** A provider operation, within the `parallel` limit. */
  call<T>(f: (host: ProviderHost) => Promise<T>): Promise<T> {
    return this.limiter.run(async () => f(await this.host()));
  }

  async close(): Promise<void> {
    if (this.hostPromise) {
      const host = await this.hostPromise.catch(() => undefined);
      await host?.stop();
    }
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  record(step: Step): void {
    this.steps.push(step);
    if (step.error !== undefined) {
      this.errors.push(step.error);
      this.log(`! ${step.op} ${displayType(step.type)} ${step.name}: ${step.error}`);
      return;
    }
    const what = `${displayType(step.type)} ${step.name}`;
    switch (step.op) {
      case "create":
        return this.log(`+ create ${what}`);
      case "update":
        return this.log(`~ update ${what} [${step.changed.join(", ")}]`);
      case "replace":
        return this.log(
          `+-replace ${what} [${step.replaces.join(", ")}] (${step.deleteBeforeReplace ? "delete before replace" : "create before delete"})`,
        );
      case "delete":
        return this.log(`- delete ${what}`);
      case "refresh":
        return this.log(`~ refresh ${what}${step.changed.length ? ` [${step.changed.join(", ")}]` : ""}`);
      case "read-gone":
        return this.log(`- gone ${what} (removed from state)`);
      case "same":
        return;
    }
  }

  error(message: string): void {
    if (!this.errors.some((e) => message.includes(e) || e.includes(message))) {
      this.errors.push(message);
      this.log(`! ${message}`);
    }
  }

  result(outputs: Record<string, unknown>, preview: boolean): RunResult {
    const summary = { create: 0, update: 0, replace: 0, delete: 0, same: 0, refresh: 0, "read-gone": 0 } as Record<StepOp, number>;
    for (const s of this.steps) {
      if (s.error === undefined) {
        summary[s.op]++;
      }
    }
    const parts = (Object.entries(summary) as [StepOp, number][]).filter(([, n]) => n > 0).map(([op, n]) => `${n} ${op}`);
    this.log(
      `${preview ? "preview" : "done"}: ${parts.join(", ") || "no changes"}${this.failed ? `; ${this.errors.length} error(s)` : ""}`,
    );
    return { steps: this.steps, outputs, failed: this.failed, errors: this.errors, summary };
  }
}

function displayType(type: string): string {
  return type.startsWith(`${DYNAMIC_PREFIX}/`) ? type.slice(DYNAMIC_PREFIX.length + 1) : type;
}

/**
 * The engine's URN: a child's type is qualified by its parent's qualified type, except for
 * children of the stack. (The SDK's mock monitor builds URNs differently, with the stack type and
 * only the parent's last type segment: those are what the program sees as `resource.urn`.)
 */
function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  const parentType = parent ? parent.split("::")[2] : "";
  if (parentType && parentType !== STACK_TYPE) {
    type = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The URN the SDK's MockMonitor gives the program (runtime/mocks.js newUrn). */
function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  if (parent) {
    type = `${parent.split("::")[2].split("$").pop()}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What the host gets: secrets unwrapped (it accepts none), resource references as their id (or URN). */
function toProvider(v: unknown): unknown {
  if (isSecret(v)) {
    return toProvider(unwrapSecrets(v));
  }
  if (Array.isArray(v)) {
    return v.map(toProvider);
  }
  if (typeof v === "object" && v !== null) {
    const o = v as Props;
    if (o[SIG_KEY] === RESOURCE_SIG) {
      return typeof o.id === "string" && o.id !== "" ? o.id : o.id === "" ? UNKNOWN : o.urn;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, toProvider(x)]));
  }
  return v;
}

function plain(props: Props): Props {
  return toProvider(props) as Props;
}

/** Wraps the listed top-level keys as secrets (already wrapped values stay as they are). */
function markSecrets(props: Props, keys: Set<string>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    out[k] = keys.has(k) && !isSecret(v) ? secret(v) : v;
  }
  return out;
}

function secretKeysOf(props: Props): Set<string> {
  return new Set(Object.keys(props).filter((k) => containsSecret(props[k])));
}

/** Keys whose values differ; `__provider` counts only when nothing else differs. */
function changedKeys(olds: Props, news: Props): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !isDeepStrictEqual(olds[k], news[k]));
  const others = keys.filter((k) => k !== PROVIDER_KEY);
  return others.length > 0 ? others.sort() : keys;
}

/** Stack outputs for display. */
function display(v: unknown): unknown {
  if (isSecret(v)) {
    return "[secret]";
  }
  if (v === UNKNOWN) {
    return "[unknown]";
  }
  if (Array.isArray(v)) {
    return v.map(display);
  }
  if (typeof v === "object" && v !== null) {
    const o = v as Props;
    if (o[SIG_KEY] === RESOURCE_SIG) {
      return o.urn;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, display(x)]));
  }
  return v;
}

/**
 * Deletes `items` dependents first: an item waits until every other item that depends on it (by
 * `dependencies` or as a child) is gone; independent ones run concurrently (the Session limits
 * provider calls), started in reverse state order. A failed delete blocks what it depends on.
 */
async function deleteInOrder(s: Session, items: ResourceState[], preview: boolean, onDeleted: (r: ResourceState) => void): Promise<void> {
  const waitsFor = new Map(items.map((r) => [r, items.filter((o) => o !== r && (o.parent === r.urn || o.dependencies.includes(r.urn)))]));
  const finished = new Set<ResourceState>();
  const blocked = new Set<ResourceState>();
  const started = new Set<ResourceState>();
  const running = new Set<Promise<void>>();
  const one = async (r: ResourceState) => {
    const step: Step = { op: "delete", urn: r.urn, type: r.type, name: r.name, changed: [], replaces: [], deleteBeforeReplace: false };
    try {
      if (!preview && r.custom) {
        await s.call((h) => h.delete(r.urn, r.id ?? "", plain(r.outputs)));
      }
      if (!preview) {
        onDeleted(r);
      }
      finished.add(r);
      s.record(step);
    } catch (e) {
      blocked.add(r);
      s.record({ ...step, error: `${r.urn}: Delete failed: ${message(e)}` });
    }
  };
  for (;;) {
    // What a failed delete depends on must stay, transitively.
    for (let more = true; more; ) {
      more = false;
      for (const r of items) {
        if (!started.has(r) && waitsFor.get(r)!.some((d) => blocked.has(d))) {
          started.add(r);
          blocked.add(r);
          more = true;
          s.log(`  skipped delete of ${displayType(r.type)} ${r.name}: a resource that depends on it was not deleted`);
        }
      }
    }
    const todo = [...items].reverse().filter((r) => !started.has(r));
    if (todo.length === 0) {
      break;
    }
    let ready = todo.filter((r) => waitsFor.get(r)!.every((d) => finished.has(d)));
    if (ready.length === 0 && running.size === 0) {
      ready = [todo[0]]; // a dependency cycle in state: fall back to reverse state order
    }
    for (const r of ready) {
      started.add(r);
      const p: Promise<void> = one(r).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) {
      await Promise.race(running);
    }
  }
  await Promise.all(running);
}

/** Saves what a run changes in the SDK's process-global runtime, to put it back afterwards. */
function saveRuntime(): () => void {
  const store = sdkState.getStore();
  const settings = { ...store.settings, options: { ...store.settings.options } };
  const config = { ...store.config };
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(store)) {
    if (k !== "settings" && k !== "config") {
      fields[k] = store[k];
    }
  }
  const globalStack = (globalThis as any).stackResource;
  return () => {
    store.settings = settings;
    store.config = config;
    Object.assign(store, fields);
    (globalThis as any).stackResource = globalStack;
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

async function loadProgram(program: StackOptions["program"]): Promise<unknown> {
  if (typeof program === "function") {
    return await program();
  }
  const file = require.resolve(path.resolve(program));
  forget(file, path.dirname(file));
  const exported = require(file);
  // As the SDK's language host does: an exported function is the program.
  return await (typeof exported === "function" ? exported() : exported);
}

/** Drops a module and the modules it required from under `dir` (not node_modules) from require.cache. */
function forget(file: string, dir: string): void {
  const m = require.cache[file];
  if (!m) {
    return;
  }
  delete require.cache[file];
  for (const child of m.children) {
    if (child.filename.startsWith(dir + path.sep) && !child.filename.includes(`${path.sep}node_modules${path.sep}`)) {
      forget(child.filename, dir);
    }
  }
}

/** preview and up: run the program, play the engine for each registration, then delete what is gone. */
async function runProgram(opts: StackOptions, preview: boolean): Promise<RunResult> {
  const s = new Session(opts, !preview);
  s.load();
  const oldList = s.state.resources.filter((r) => !r.delete);
  const oldByUrn = new Map(oldList.map((r) => [r.urn, r]));
  const pendingDeletes = s.state.resources.filter((r) => r.delete);
  const done = new Map<string, ResourceState>(); // registered this run, in completion order
  const seen = new Set<string>(); // registered this run, including failures
  const removed = new Set<ResourceState>(); // old entries deleted this run
  const componentOutputs = new Map<string, Props>();
  const stackUrn = engineUrn(s.stack, s.project, "", STACK_TYPE, `${s.project}-${s.stack}`);
  const engineUrns = new Map<string, string>(); // the program's (mock) URN -> the engine's URN
  const toEngine = (u: string) => engineUrns.get(u) ?? u;

  const snapshot = (): ResourceState[] => [
    ...done.values(),
    ...oldList.filter((r) => !done.has(r.urn) && !removed.has(r)),
    ...pendingDeletes.filter((r) => !removed.has(r)),
  ];
  const checkpoint = () => s.checkpoint(snapshot());

  const registrations = new Map<string, Registration[]>();
  const take = (type: string, name: string): Registration => {
    const queue = registrations.get(`${type}\0${name}`);
    const reg = queue?.shift();
    if (!reg) {
      throw new Error(`${type} ${name}: reading existing resources (get/ReadResource) is not supported by this runner`);
    }
    return reg;
  };

  const register = async (args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> => {
    const reg = take(args.type, args.name);
    const programUrn = mockUrn(s.stack, s.project, reg.parent, reg.type, reg.name);
    reg.parent = reg.parent ? toEngine(reg.parent) : "";
    reg.dependencies = reg.dependencies.map(toEngine);
    const urn = engineUrn(s.stack, s.project, reg.parent, reg.type, reg.name);
    engineUrns.set(programUrn, urn);
    seen.add(urn);
    if (reg.ignored.length > 0) {
      s.log(`  warning: ${urn}: resource option(s) ignored by this runner: ${reg.ignored.join(", ")}`);
    }
    if (!args.custom) {
      return component(urn, reg);
    }
    return await custom(urn, reg);
  };

  const component = (urn: string, reg: Registration): pulumi.runtime.MockResourceResult => {
    const old = oldByUrn.get(urn);
    const entry: ResourceState = {
      urn,
      type: reg.type,
      name: reg.name,
      custom: false,
      parent: reg.parent,
      dependencies: reg.dependencies,
      inputs: reg.object,
      outputs: componentOutputs.get(urn) ?? old?.outputs ?? {},
    };
    const step: Step = {
      op: old ? "same" : "create",
      urn,
      type: reg.type,
      name: reg.name,
      changed: [],
      replaces: [],
      deleteBeforeReplace: false,
    };
    done.set(urn, entry);
    try {
      checkpoint();
    } catch (e) {
      done.delete(urn);
      s.record({ ...step, error: `${urn}: ${message(e)}` });
      throw e;
    }
    s.record(step);
    return { id: undefined, state: {} };
  };

  const custom = async (urn: string, reg: Registration): Promise<pulumi.runtime.MockResourceResult> => {
    const old = oldByUrn.get(urn);
    const step: Step = {
      op: old ? "update" : "create",
      urn,
      type: reg.type,
      name: reg.name,
      changed: [],
      replaces: [],
      deleteBeforeReplace: false,
    };
    const fail = (error: string): never => {
      s.record({ ...step, error });
      throw new Error(error);
    };
    if (!reg.type.startsWith(`${DYNAMIC_PREFIX}:`) && !reg.type.startsWith(`${DYNAMIC_PREFIX}/`)) {
      return fail(`${urn}: only dynamic resources are supported (${DYNAMIC_PREFIX}/...), not ${reg.type}`);
    }
    if (reg.importId) {
      return fail(`${urn}: import is not supported (dynamic providers cannot import)`);
    }
    const secretIn = secretKeysOf(reg.object);
    const secretOut = new Set([...secretIn, ...reg.additionalSecretOutputs]);
    const olds = old ? plain(old.inputs) : {};
    let checked: Awaited<ReturnType<ProviderHost["check"]>>;
    try {
      checked = await s.call((h) => h.check(urn, olds, plain(reg.object)));
    } catch (e) {
      return fail(`${urn}: Check failed: ${message(e)}`);
    }
    if (checked.failures.length > 0) {
      const errors = checked.failures.map((f) => `${urn}: ${f.property}: ${f.reason}`);
      s.record({ ...step, error: errors[0] });
      s.errors.push(...errors.slice(1));
      throw new Error(errors.join("\n"));
    }
    const inputs = checked.inputs;
    const storedInputs = markSecrets(inputs, secretIn);
    step.changed = changedKeys(olds, inputs);

    const entry = (id: string | undefined, outputs: Props, initErrors?: string[]): ResourceState => ({
      urn,
      type: reg.type,
      name: reg.name,
      custom: true,
      ...(id !== undefined ? { id } : {}),
      parent: reg.parent,
      dependencies: reg.dependencies,
      inputs: storedInputs,
      outputs: markSecrets(outputs, secretOut),
      ...(initErrors && initErrors.length > 0 ? { initErrors } : {}),
    });
    /** Create (or Update), recording a partial failure in state as the engine does. */
    const write = async (what: "Create" | "Update"): Promise<ResourceState> => {
      s.requireSecretStorage(urn, secretOut);
      try {
        let id = old?.id;
        let properties: Props;
        if (what === "Create") {
          ({ id, properties } = await s.call((h) => h.create(urn, inputs)));
        } else {
          ({ properties } = await s.call((h) => h.update(urn, old!.id ?? "", plain(old!.outputs), inputs)));
        }
        const e = entry(id, properties);
        done.set(urn, e);
        checkpoint();
        return e;
      } catch (e) {
        if (e instanceof HostError && e.initFailure) {
          done.set(urn, entry(e.initFailure.id || old?.id, e.initFailure.properties, e.initFailure.reasons));
          checkpoint();
        }
        throw new Error(`${urn}: ${what} failed: ${message(e)}`);
      }
    };
    const result = (e: ResourceState): pulumi.runtime.MockResourceResult => ({ id: e.id, state: e.outputs });

    try {
      if (!old) {
        step.op = "create";
        step.changed = [];
        if (preview) {
          s.record(step);
          return { id: undefined, state: markSecrets(inputs, secretOut) };
        }
        const e = await write("Create");
        s.record(step);
        return result(e);
      }

      let diff: Awaited<ReturnType<ProviderHost["diff"]>>;
      try {
        diff = await s.call((h) => h.diff(urn, old.id ?? "", plain(old.outputs), inputs));
      } catch (e) {
        throw new Error(`${urn}: Diff failed: ${message(e)}`);
      }
      let changes = diff.changes;
      if (changes === "unknown") {
        // The provider left it to the engine: compare the inputs (a __provider change counts).
        changes = isDeepStrictEqual(olds, inputs) ? "none" : "some";
      }
      if (changes === "none" && old.initErrors) {
        changes = "some"; // the engine retries a partially failed resource with an update
      }

      if (changes === "none") {
        step.op = "same";
        const e: ResourceState = { ...entry(old.id, old.outputs) };
        if (!preview) {
          done.set(urn, e);
          checkpoint();
        }
        s.record(step);
        return result(e);
      }

      if (diff.replaces.length === 0) {
        step.op = "update";
        if (preview) {
          s.record(step);
          return { id: old.id, state: { ...markSecrets(old.outputs, secretOut), ...markSecrets(inputs, secretOut) } };
        }
        const e = await write("Update");
        s.record(step);
        return result(e);
      }

      step.op = "replace";
      step.replaces = diff.replaces;
      step.deleteBeforeReplace = reg.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      if (preview) {
        s.record(step);
        const state: Props = {};
        for (const k of Object.keys(old.outputs)) {
          state[k] = UNKNOWN; // not known until the new object exists
        }
        return { id: undefined, state: { ...state, ...markSecrets(inputs, secretOut) } };
      }
      if (step.deleteBeforeReplace) {
        s.requireSecretStorage(urn, secretOut);
        try {
          await s.call((h) => h.delete(urn, old.id ?? "", plain(old.outputs)));
        } catch (e) {
          throw new Error(`${urn}: Delete (before replace) failed: ${message(e)}`);
        }
        removed.add(old);
        checkpoint();
        const e = await write("Create");
        s.record(step);
        return result(e);
      }
      const e = await write("Create");
      // The old object stays until the program is done, then is deleted (pending delete).
      pendingDeletes.push({ ...old, delete: true });
      removed.add(old);
      checkpoint();
      s.record(step);
      return result(e);
    } catch (e) {
      return fail(message(e));
    }
  };

  const onOutputs = (urn: string, outputs: Props) => {
    componentOutputs.set(urn, outputs);
    const entry = done.get(urn);
    if (entry && !entry.custom) {
      entry.outputs = outputs;
      try {
        checkpoint();
      } catch (e) {
        s.error(`${urn}: cannot save outputs: ${message(e)}`);
      }
    }
  };

  const restore = saveRuntime();
  const savedListeners = process.listeners("unhandledRejection");
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", onUnhandled);
  try {
    pulumi.runtime.setAllConfig(s.config, s.secretConfigKeys);
    await pulumi.runtime.setMocks(
      {
        newResource: register,
        call: (args) => {
          throw new Error(`invoke ${args.token}: provider functions are not supported by this runner`);
        },
      },
      s.project,
      s.stack,
      preview,
    );
    const monitor = sdkSettings.getMonitor();
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
      const key = `${req.getType()}\0${req.getName()}`;
      const ignored: string[] = [];
      if (req.getProtect()) ignored.push("protect");
      if (req.getIgnorechangesList().length) ignored.push("ignoreChanges");
      if (req.getReplaceonchangesList().length) ignored.push("replaceOnChanges");
      if (req.hasRetainondelete?.() && req.getRetainondelete()) ignored.push("retainOnDelete");
      if (req.getDeletedwith()) ignored.push("deletedWith");
      if (req.hasReplacementTrigger?.()) ignored.push("replacementTrigger");
      if (req.getAliasesList().length || req.getAliasurnsList().length) ignored.push("aliases");
      if (req.getHidediffsList?.().length) ignored.push("hideDiffs");
      const timeouts = req.getCustomtimeouts();
      if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) ignored.push("customTimeouts");
      const queue = registrations.get(key) ?? [];
      queue.push({
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent(),
        dependencies: req.getDependenciesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
        importId: req.getImportid(),
        object: (req.getObject()?.toJavaScript() ?? {}) as Props,
        ignored,
      });
      registrations.set(key, queue);
      return registerResource(req, callback);
    };
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: any) => {
      onOutputs(toEngine(req.getUrn()), (req.getOutputs()?.toJavaScript() ?? {}) as Props);
      return registerResourceOutputs(req, callback);
    };

    try {
      await sdkStack.runInPulumiStack(() => loadProgram(opts.program));
    } catch (e) {
      s.error(`program failed: ${message(e)}`);
    }
    await sdkSettings.waitForRPCs();
    await settle();
    for (const reason of unhandled) {
      s.error(message(reason));
    }

    // Everything the program did not declare, and old halves of replacements: dependents first.
    if (s.failed && !preview) {
      const kept = oldList.filter((r) => !seen.has(r.urn)).length + pendingDeletes.filter((r) => !removed.has(r)).length;
      if (kept > 0) {
        s.log(`  ${kept} resource(s) to delete left in state: the run failed`);
      }
    } else {
      const gone = [...oldList.filter((r) => !seen.has(r.urn)), ...pendingDeletes.filter((r) => !removed.has(r))];
      await deleteInOrder(s, gone, preview, (r) => {
        removed.add(r);
        checkpoint();
      });
    }
    try {
      checkpoint();
    } catch (e) {
      s.error(message(e));
    }
    const stackOutputs = componentOutputs.get(stackUrn) ?? {};
    return s.result(display(stackOutputs) as Record<string, unknown>, preview);
  } finally {
    await s.close();
    await settle();
    process.removeListener("unhandledRejection", onUnhandled);
    for (const l of savedListeners) {
      process.on("unhandledRejection", l);
    }
    restore();
  }
}

/** Check and Diff only: no Create/Update/Delete/Read, the state file is not touched. */
export function preview(opts: StackOptions): Promise<RunResult> {
  return runProgram(opts, true);
}

export function up(opts: StackOptions): Promise<RunResult> {
  return runProgram(opts, false);
}

/** Reads every resource in state; drops those whose Read returns an empty id; stores the returned props/inputs. */
export async function refresh(opts: StackOptions): Promise<RunResult> {
  const s = new Session(opts, true);
  s.load();
  let resources = [...s.state.resources];
  try {
    await Promise.all(
      resources
        .filter((r) => r.custom)
        .map(async (r) => {
          const step: Step = {
            op: "refresh",
            urn: r.urn,
            type: r.type,
            name: r.name,
            changed: [],
            replaces: [],
            deleteBeforeReplace: false,
          };
          try {
            const read = await s.call((h) => h.read(r.urn, r.id ?? "", plain(r.outputs), plain(r.inputs)));
            if (!read.id) {
              resources = resources.filter((x) => x !== r);
              s.checkpoint(resources);
              s.record({ ...step, op: "read-gone" });
              return;
            }
            const secretOut = new Set([...secretKeysOf(r.outputs), ...secretKeysOf(r.inputs)]);
            const next: ResourceState = {
              ...r,
              id: read.id,
              outputs: markSecrets(read.properties, secretOut),
              inputs: read.inputs ? markSecrets(read.inputs, secretKeysOf(r.inputs)) : r.inputs,
            };
            resources = resources.map((x) => (x === r ? next : x));
            s.checkpoint(resources);
            s.record({ ...step, changed: changedKeys(plain(r.outputs), read.properties) });
          } catch (e) {
            s.record({ ...step, error: `${r.urn}: Read failed: ${message(e)}` });
          }
        }),
    );
    const stack = resources.find((r) => r.type === STACK_TYPE && !r.parent);
    return s.result(display(stack?.outputs ?? {}) as Record<string, unknown>, false);
  } finally {
    await s.close();
  }
}

/** Deletes every resource in state, dependents first. */
export async function destroy(opts: StackOptions): Promise<RunResult> {
  const s = new Session(opts, true);
  s.load();
  let resources = [...s.state.resources];
  try {
    await deleteInOrder(s, [...resources], false, (r) => {
      resources = resources.filter((x) => x !== r);
      s.checkpoint(resources);
    });
    s.checkpoint(resources);
    return s.result({}, false);
  } finally {
    await s.close();
  }
}
