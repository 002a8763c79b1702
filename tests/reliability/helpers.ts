/**
 * Shared pieces of the reliability suite: a fast stack config (few retries, millisecond
 * backoff), a tiny "engine" that keeps state the way `pulumi up` would (so every scenario can
 * end by checking that state and the emulator agree), and the agreement check itself.
 */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, type VectaraEmulator } from "../emulator";
import { HostError, type Props } from "../support/host";
import { startProviderStack, withProvider, type ProviderStack, type ProviderStackOptions } from "../support/stack";

/** Stack config for fast runs: the emulator's URLs, the admin key, 3 retries, ms backoff. */
export function fastConfig(emulator: VectaraEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "vectara:apiKey": DEFAULT_API_KEY,
    "vectara:baseUrl": emulator.url,
    "vectara:authUrl": emulator.tokenUrl,
    "vectara:maxRetries": "3",
    "vectara:retryBaseDelayMs": "2",
    "vectara:retryMaxDelayMs": "400",
    ...extra,
  };
}

/** Same as fastConfig, but OAuth client credentials instead of an API key. */
export function oauthConfig(emulator: VectaraEmulator, clientId: string, clientSecret: string, extra: Record<string, string> = {}): Record<string, string> {
  const config = fastConfig(emulator, { "vectara:clientId": clientId, "vectara:clientSecret": clientSecret, ...extra });
  delete config["vectara:apiKey"];
  return config;
}

export function startFastStack(options: ProviderStackOptions & { extra?: Record<string, string> } = {}): Promise<ProviderStack> {
  return startProviderStack({ config: (emu) => fastConfig(emu, options.extra), ...options });
}

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

  constructor(readonly stack: ProviderStack) {}

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
    if (!old) return this.create(urn, inputs);
    const diff = await this.stack.host.diff(urn, old.id, old.props, inputs);
    if (diff.changes === "none") return old;
    if (diff.replaces.length > 0) {
      assert.equal(diff.deleteBeforeReplace, true, "VectaraUser replaces delete-first");
      await this.stack.host.delete(urn, old.id, old.props);
      this.state.delete(urn);
      return this.create(urn, inputs);
    }
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
      this.state.delete(urn);
      return undefined;
    }
    const rec = { id: read.id, props: read.properties, inputs: old.inputs };
    this.state.set(urn, rec);
    return rec;
  }

  /** `pulumi destroy` of one resource. */
  async destroy(name: string): Promise<void> {
    const urn = this.urn(name);
    const old = this.state.get(urn);
    if (!old) return;
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

/**
 * State and the emulator agree: every resource in state points at a user that exists with
 * that id, email and username; the emulator holds exactly one user per email (and per
 * username); and no user exists that state does not know of (a "lost" user), except the
 * usernames listed in `untracked` (users created out of band by the test itself).
 */
export function assertAgree(emulator: VectaraEmulator, state: Iterable<Recorded>, untracked: string[] = []): void {
  const users = emulator.users();
  const byEmail = new Map<string, number>();
  for (const u of users) byEmail.set(u.email.toLowerCase(), (byEmail.get(u.email.toLowerCase()) ?? 0) + 1);
  const duplicated = [...byEmail].filter(([, n]) => n > 1).map(([e]) => e);
  assert.deepEqual(duplicated, [], "duplicated users (same email) in the emulator");
  assert.equal(new Set(users.map((u) => u.username)).size, users.length, "duplicated usernames");

  const tracked = new Set<string>();
  for (const rec of state) {
    const user = users.find((u) => u.id === rec.id);
    assert.ok(user, `state holds ${rec.id} (${String(rec.props.username)}), which is not a user in the emulator`);
    assert.equal(rec.props.userId, rec.id, "userId output = resource id");
    assert.equal(user.email, rec.props.email, `email of ${rec.id}`);
    assert.equal(user.username, rec.props.username, `username of ${rec.id}`);
    tracked.add(rec.id);
  }
  const lost = users.filter((u) => !tracked.has(u.id) && !untracked.includes(u.username)).map((u) => u.username);
  assert.deepEqual(lost, [], "users in Vectara that state does not hold (lost)");
}

/** The user exists exactly once, with this id. */
export function assertOneUser(emulator: VectaraEmulator, email: string, id?: string): void {
  const matches = emulator.users().filter((u) => u.email.toLowerCase() === email.toLowerCase());
  assert.equal(matches.length, 1, `exactly one user with email ${email}, found ${matches.length}`);
  if (id !== undefined) assert.equal(matches[0].id, id, `the id the host returned is the user's id`);
}

/** The HostError of a call that must fail. */
export async function failure(p: Promise<unknown>, what = "the call"): Promise<HostError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HostError, `${what} failed with ${String(e)}, not a HostError`);
    return e;
  }
  assert.fail(`${what} should have failed`);
}

/** HTTP statuses of a route's calls, in arrival order (0: the socket was reset). */
export function statuses(emulator: VectaraEmulator, route: Parameters<VectaraEmulator["calls"]>[0]): number[] {
  return emulator.calls(route).map((c) => c.status);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A counter of scenarios tried, printed once at the end of the run (for the report). */
export const tally = { faults: 0, badInputs: 0, leaksChecked: 0 };

// Printed once after the whole run (a root-level hook: this module is loaded by the test files).
if (typeof after === "function") {
  after(() => {
    if (tally.faults + tally.badInputs + tally.leaksChecked > 0) {
      console.log(
        `\n  reliability: ${tally.faults} fault scenarios, ${tally.badInputs} bad inputs, ${tally.leaksChecked} texts checked for leaks`,
      );
    }
  });
}
