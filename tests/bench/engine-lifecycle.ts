/**
 * One provider's lifecycle through the real engine: `pulumi up` creating `users` users, `up`
 * again with a new description (an update of each), `pulumi destroy`; all `--parallel 10`,
 * against the emulator in its own process. Each phase is timed from the command's start to its
 * end, as a user waits for it: CLI start, the inline program, the provider host's start, every
 * step and the state writes are all in it.
 *
 * The commands run through the Automation API's `Stack` without an event listener: with one,
 * this process would tail and parse the engine's event log during the run (CPU a plain
 * `pulumi up` does not spend, on a 2-core machine where it shows).
 */
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { EngineStack } from "../support/engine";
import type { EmulatorChild } from "./emulator-child";
import { usersProgram, type ProviderKind } from "./engine-programs";
import { now } from "./lib";
import { measureCpu, type PhaseCpu } from "./process-cpu";

export const PARALLEL = 10;
/** A 1,000-user phase with checkpoints under load can take minutes; a hang still ends. */
const DEADLINE_MS = 30 * 60_000;

export interface PhaseResult {
  wallS: number;
  /** API calls at the emulator during the phase, token requests excluded. */
  calls: number;
  /** CPU seconds during the phase, per process (tests/bench/process-cpu.ts). */
  cpu: PhaseCpu;
}

export interface LifecycleResult {
  kind: ProviderKind;
  users: number;
  create: PhaseResult;
  update: PhaseResult;
  destroy: PhaseResult;
  /** `pulumi stack export` (secrets encrypted) after the update, as compact JSON, divided by the users. */
  stateBytesPerResource: number;
}

/** The stack config every provider gets (the floor ignores it). */
export function stackConfig(emulator: Pick<EmulatorChild, "url" | "tokenUrl">) {
  return {
    config: { "vectara:baseUrl": emulator.url, "vectara:authUrl": emulator.tokenUrl, "vectara:maxRetries": "2" },
    secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
  };
}

async function timed(emulator: EmulatorChild, engine: EngineStack, what: string, run: () => Promise<unknown>): Promise<PhaseResult> {
  await emulator.clear();
  const cli = (engine.stack.workspace as LocalWorkspace).pulumiCommand.command;
  const cpu = measureCpu({ emulatorPid: emulator.pid, pulumiHome: path.join(engine.workDir, "home"), cli });
  const t0 = now();
  try {
    await run();
  } catch (e) {
    const result = (e as { commandResult?: { stderr?: string } }).commandResult;
    throw new Error(`${what} failed: ${(result?.stderr ?? String(e)).slice(-3000)}`, { cause: e });
  }
  const wallS = (now() - t0) / 1000;
  return { wallS, calls: (await emulator.clear()).calls, cpu: cpu.stop() };
}

export async function engineLifecycle(
  kind: ProviderKind,
  users: number,
  emulator: EmulatorChild,
  env: Record<string, string> = {},
): Promise<LifecycleResult> {
  let description = "created by the bench";
  const engine = await EngineStack.open({
    project: `bench-${kind}`,
    program: () => usersProgram(kind, users, description)(),
    ...stackConfig(emulator),
    env,
  });
  engine.deadlineMs = DEADLINE_MS;
  const { stack } = engine;
  const signal = AbortSignal.timeout(DEADLINE_MS);
  try {
    const create = await timed(emulator, engine, `${kind}: up (create)`, () => stack.up({ parallel: PARALLEL, color: "never", signal }));
    description = "updated by the bench";
    const update = await timed(emulator, engine, `${kind}: up (update)`, () => stack.up({ parallel: PARALLEL, color: "never", signal }));
    const stateBytesPerResource = Math.round((await engine.exportText()).length / users);
    const destroy = await timed(emulator, engine, `${kind}: destroy`, () => stack.destroy({ parallel: PARALLEL, color: "never", signal }));
    const left = (await emulator.stats()).users;
    if (left !== 0) throw new Error(`${kind}: ${left} users left in the emulator after destroy`);
    return { kind, users, create, update, destroy, stateBytesPerResource };
  } finally {
    engine.remove();
  }
}
