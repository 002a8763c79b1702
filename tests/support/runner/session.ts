/** One run's session: its state file (loaded, encrypted, checkpointed), its provider host, and its log of steps and errors. */
import * as path from "node:path";
import { ProviderHost } from "../host";
import {
  Crypter,
  decryptState,
  emptyState,
  encryptState,
  loadStateFile,
  stateHasCiphertext,
  stateToText,
  writeFileAtomic,
  type ResourceState,
  type StackState,
} from "./state";
import type { RunResult, StackOptions, Step, StepOp } from "./types";
import { displayType } from "./urns";

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
export class Session {
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
