/**
 * The one stand-in for the Pulumi engine, for tests through the SDK's provider host that need
 * many fault scenarios in seconds. It keeps state the way `pulumi up` does for VectaraUser
 * resources, and nothing more; tests/engine/mini-engine.test.ts holds it to the real engine
 * (same steps, outputs and emulator contents for the same runs). Where they differ, the
 * engine is right.
 */
import assert from "node:assert/strict";
import { HostError, type Props } from "./host";
import { withProvider, type ProviderStack } from "./stack";

export interface Recorded {
  id: string;
  /** Outputs as the host returned them (with `__provider`). */
  props: Props;
  /** The last checked inputs (the engine sends them as `olds` to Check). */
  inputs: Props;
}

/** The failures of a Check, as an error (the engine stops there). */
export class CheckFailed extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
}

/**
 * What the Pulumi engine does for VectaraUser resources, reduced to what these tests need:
 * Check, then Create (no state yet) or Diff and Update / delete-before-replace; a Create that
 * fails with an `initFailure` is recorded (the engine keeps the id of a partial create).
 * State lives in `state`, keyed by URN.
 */
export class MiniEngine {
  readonly state = new Map<string, Recorded>();
  /** "op name" of every step that touched a resource, as the engine's display names them ("same" steps are not listed). */
  readonly steps: string[] = [];

  constructor(readonly stack: ProviderStack) {}

  /** The next command (`pulumi up`, `refresh`, `destroy`): the engine starts a fresh provider host for it. */
  nextRun(): Promise<void> {
    return this.stack.nextRun();
  }

  urn(name: string): string {
    return this.stack.userUrn(name);
  }

  async check(name: string, program: Props): Promise<Props> {
    const old = this.state.get(this.urn(name));
    const checked = await this.stack.host.check(this.urn(name), old?.inputs ?? {}, withProvider(this.stack.userProvider, program));
    if (checked.failures.length > 0) throw new CheckFailed(checked.failures);
    return checked.inputs;
  }

  /** One resource of `pulumi up`: returns what state holds for it afterwards. */
  async up(name: string, program: Props): Promise<Recorded> {
    const urn = this.urn(name);
    const inputs = await this.check(name, program);
    const old = this.state.get(urn);
    if (!old) {
      this.steps.push(`create ${name}`);
      return this.create(urn, inputs);
    }
    const diff = await this.stack.host.diff(urn, old.id, old.props, inputs);
    if (diff.changes === "none") return old;
    if (diff.replaces.length > 0) {
      assert.equal(diff.deleteBeforeReplace, true, "VectaraUser replaces delete-first");
      this.steps.push(`replace ${name}`);
      await this.stack.host.delete(urn, old.id, old.props);
      this.state.delete(urn);
      return this.create(urn, inputs);
    }
    this.steps.push(`update ${name}`);
    const updated = await this.stack.host.update(urn, old.id, old.props, inputs);
    const rec = { id: old.id, props: updated.properties, inputs };
    this.state.set(urn, rec);
    return rec;
  }

  /** `pulumi refresh` of one resource: a Read; an empty id drops it from state. */
  async refresh(name: string): Promise<Recorded | undefined> {
    const urn = this.urn(name);
    const old = this.state.get(urn);
    if (!old) return undefined;
    const read = await this.stack.host.read(urn, old.id, old.props, old.inputs);
    if (!read.id) {
      this.steps.push(`delete ${name}`);
      this.state.delete(urn);
      return undefined;
    }
    if (JSON.stringify(read.properties) !== JSON.stringify(old.props)) this.steps.push(`update ${name}`);
    const rec = { id: read.id, props: read.properties, inputs: old.inputs };
    this.state.set(urn, rec);
    return rec;
  }

  /** `pulumi destroy` of one resource: a command of its own, so a fresh provider host. */
  async destroy(name: string): Promise<void> {
    const urn = this.urn(name);
    const old = this.state.get(urn);
    if (!old) return;
    await this.nextRun();
    this.steps.push(`delete ${name}`);
    await this.stack.host.delete(urn, old.id, old.props);
    this.state.delete(urn);
  }

  private async create(urn: string, inputs: Props): Promise<Recorded> {
    try {
      const created = await this.stack.host.create(urn, inputs);
      const rec = { id: created.id, props: created.properties, inputs };
      this.state.set(urn, rec);
      return rec;
    } catch (e) {
      if (e instanceof HostError && e.initFailure?.id) {
        this.state.set(urn, { id: e.initFailure.id, props: e.initFailure.properties, inputs });
      }
      throw e;
    }
  }
}
