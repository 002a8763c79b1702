/**
 * The engine section of `npm run bench` (what the table leads with): through the real Pulumi
 * CLI, against the emulator in its own process with 20 ms added to every API call.
 *
 * - lifecycle: create, update (description), destroy of `users` users (1,000; quick 200),
 *   `--parallel 10`, with PULUMI_SKIP_CHECKPOINTS=true, for ours, the floor and the naive
 *   provider (tests/bench/engine-programs.ts), in rounds of the three (medians; ratios are the
 *   median of each round's ratio). Ratio to the floor (same
 *   engine, same waits, no API call and no work): what our provider adds to what the engine
 *   costs by itself. Physical limit: every API call's 20 ms, 10 at a time.
 *   Also: API calls per user of each provider, and the provider host's CPU per API call, all of
 *   it and beyond the floor's host.
 * - state bytes per resource: a VectaraUser with few roles, one with many, a UserPasswordReset's
 *   child (tests/bench/engine-state.ts).
 * - preview of `users` users with no state against a no-op dynamic provider's (the floor's)
 *   preview of as many resources, in rounds; wall, CPU, and every request the emulator saw.
 * - the same preview without and with the policy pack, side by side (tests/bench/engine-policy-preview.ts).
 * - checkpoints: the same lifecycle at each of `checkpointUsers` (200 and 1,000) with the file
 *   backend's default (the whole state written after every step) against
 *   PULUMI_SKIP_CHECKPOINTS=true, side by side in rounds (the order alternating); the floor's
 *   too at the first size.
 * - fixed cost (run first, also the warm-up): the lifecycle of one user.
 * - where the time goes: CPU seconds of the CLI with the provider host, of this process (the
 *   inline program) and of the emulator, per provider (tests/bench/process-cpu.ts).
 */
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { EngineStack } from "../support/engine";
import { startEmulatorChild, type EmulatorChild } from "./emulator-child";
import { engineLifecycle, PARALLEL, stackConfig, type LifecycleResult } from "./engine-lifecycle";
import { policyPackPreview } from "./engine-policy-preview";
import { usersProgram } from "./engine-programs";
import { median, now, round } from "./lib";
import { measureCpu, type PhaseCpu } from "./process-cpu";
import { le, type Recorder } from "./rows";
import { stateScenario } from "./engine-state";

export const LATENCY_MS = 20;
/** API calls per user for create + update + delete: 1 + 2 + 2. */
export const CALLS_PER_USER = 5;
const SKIP_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };

export interface EngineBenchOptions {
  users: number;
  /** Rounds of the ours / floor / naive lifecycle; medians are reported. */
  rounds: number;
  /** Users of each checkpoints on/off comparison (e.g. 200 and 1,000); none leaves it out. */
  checkpointUsers: number[];
  /** Rounds of each checkpoints on/off comparison. */
  checkpointRounds: number;
  /** Rounds of the preview, ours against a no-op provider's. */
  previewRounds: number;
  /** Rounds of the preview without and with the policy pack. */
  policyRounds: number;
  log: (line: string) => void;
}

const total = (r: LifecycleResult) => r.create.wallS + r.update.wallS + r.destroy.wallS;
const phases = (r: LifecycleResult) =>
  `create ${r.create.wallS.toFixed(1)} + update ${r.update.wallS.toFixed(1)} + destroy ${r.destroy.wallS.toFixed(1)} s`;

const CPU_PARTS = ["cli", "host", "program", "emulator"] as const;
const cpuOf = (r: LifecycleResult, who: (typeof CPU_PARTS)[number]) => r.create.cpu[who] + r.update.cpu[who] + r.destroy.cpu[who];

function checkCalls(r: LifecycleResult): void {
  const expected = { create: r.users, update: 2 * r.users, destroy: 2 * r.users };
  for (const phase of ["create", "update", "destroy"] as const) {
    const want = r.kind === "floor" ? 0 : expected[phase];
    if (r[phase].calls !== want) throw new Error(`${r.kind} ${phase}: ${r[phase].calls} API calls, expected ${want}`);
  }
}

/** Phase by phase, the median of several runs of one provider (wall and CPU alike). */
function medianOf(runs: LifecycleResult[]): LifecycleResult {
  const phase = (p: "create" | "update" | "destroy") => ({
    wallS: median(runs.map((r) => r[p].wallS)),
    calls: runs[0][p].calls,
    cpu: {
      program: median(runs.map((r) => r[p].cpu.program)),
      cli: median(runs.map((r) => r[p].cpu.cli)),
      host: median(runs.map((r) => r[p].cpu.host)),
      pack: median(runs.map((r) => r[p].cpu.pack)),
      emulator: median(runs.map((r) => r[p].cpu.emulator)),
    },
  });
  return { ...runs[0], create: phase("create"), update: phase("update"), destroy: phase("destroy") };
}

async function lifecycles(record: Recorder, emulator: EmulatorChild, options: EngineBenchOptions, fixedCostS: number): Promise<void> {
  const n = options.users;
  const runs: Record<string, LifecycleResult[]> = { ours: [], floor: [], naive: [] };
  // Rounds of ours, floor, naive: each round's three see about the same load from the rest of the machine.
  for (let i = 0; i < options.rounds; i++) {
    for (const kind of ["ours", "floor", "naive"] as const) {
      options.log(`engine lifecycle, ${kind}: ${n} users (round ${i + 1}/${options.rounds})`);
      const r = await engineLifecycle(kind, n, emulator, SKIP_CHECKPOINTS);
      checkCalls(r);
      runs[kind].push(r);
      options.log(`  ${phases(r)}`);
    }
  }
  const ours = medianOf(runs.ours);
  const floor = medianOf(runs.floor);
  const naive = medianOf(runs.naive);
  const ratios = (other: LifecycleResult[]) => runs.ours.map((r, i) => total(r) / total(other[i]));
  const listed = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
  const limit = (CALLS_PER_USER * n * LATENCY_MS) / PARALLEL / 1000;
  const key = "engine_lifecycle_1000";
  const note = `${n} users, --parallel ${PARALLEL}, ${LATENCY_MS} ms per API call, PULUMI_SKIP_CHECKPOINTS=true`;
  // The keys say 1000 (the full run); --quick runs fewer, recorded here.
  record(`${key}_users`, n, undefined, `rounds: ${options.rounds}`);
  const toFloor = ratios(runs.floor);
  const toNaive = ratios(runs.naive);
  record(`${key}_ratio_to_floor`, round(median(toFloor), 3), { op: "<=", value: 1.1 }, `${note}; per round ${listed(toFloor)}`);
  record(
    `${key}_ratio_to_naive`,
    round(median(toNaive), 3),
    undefined,
    `naive: hand-written, axios imported statically; per round ${listed(toNaive)}`,
  );
  record(`${key}_physical_limit_s`, limit, undefined, `${CALLS_PER_USER * n} API calls × ${LATENCY_MS} ms / ${PARALLEL}`);
  record(
    "engine_floor_per_user_ms",
    round(((total(floor) - 3 * fixedCostS) / n) * 1000, 1),
    undefined,
    `the floor's lifecycle less 3 commands' fixed cost, per user (the waits alone: ${(CALLS_PER_USER * LATENCY_MS) / PARALLEL} ms)`,
  );
  for (const r of [ours, floor, naive]) {
    const each = runs[r.kind].map((x) => total(x).toFixed(1)).join(", ");
    record(
      `${key}_${r.kind}_s`,
      round(total(r), 2),
      undefined,
      `medians: ${phases(r)}; ${(total(r) / limit).toFixed(2)} × the limit; runs ${each} s`,
    );
    for (const phase of ["create", "update", "destroy"] as const) record(`${key}_${r.kind}_${phase}_s`, round(r[phase].wallS, 2));
    record(`engine_state_bytes_per_resource_${r.kind}`, r.stateBytesPerResource, undefined, "`pulumi stack export`, compact JSON / users");
  }
  // Calls per operation, counted at the emulator (naive makes the same GET before a write as ours).
  const perOp = (r: LifecycleResult) => `create ${r.create.calls / n}, update ${r.update.calls / n}, delete ${r.destroy.calls / n}`;
  record(
    `${key}_ours_calls_per_user`,
    (ours.create.calls + ours.update.calls + ours.destroy.calls) / n,
    undefined,
    `ours: ${perOp(ours)}; naive: ${perOp(naive)}; floor: none (it waits instead)`,
  );
  // The provider host's CPU per API call: all of it, and what it spends beyond the floor's host
  // (the same engine traffic, gRPC and SDK host with no client and no work).
  const calls = ours.create.calls + ours.update.calls + ours.destroy.calls;
  const hostMs = (r: LifecycleResult) => (cpuOf(r, "host") * 1000) / calls;
  record(
    `${key}_host_cpu_ms_per_api_call`,
    round(hostMs(ours), 3),
    undefined,
    `ours: host CPU ${cpuOf(ours, "host").toFixed(1)} s / ${calls} calls; naive ${hostMs(naive).toFixed(3)}; floor's host ${hostMs(floor).toFixed(3)}`,
  );
  record(
    `${key}_host_cpu_ms_per_api_call_over_floor`,
    round(hostMs(ours) - hostMs(floor), 3),
    le(0.25),
    `ours' host minus the floor's, per API call; naive's ${(hostMs(naive) - hostMs(floor)).toFixed(3)} (sampled every 100 ms from /proc)`,
  );
  // Where the time goes: CPU seconds per process over the three phases. On 2 cores, with other
  // work on the machine, every CPU second any of them spends can lengthen the wall time.
  for (const r of [ours, floor, naive]) {
    const parts = CPU_PARTS.map((part) => [part, cpuOf(r, part)] as const);
    const all = parts.reduce((a, [, v]) => a + v, 0);
    for (const [part, value] of parts) {
      const note =
        part === "cli"
          ? `CPU s of the lifecycle: ${parts.map(([p, v]) => `${p} ${v.toFixed(1)}`).join(", ")}; ${(all / total(r)).toFixed(2)} cores busy on average`
          : undefined;
      record(`${key}_${r.kind}_cpu_${part}_s`, round(value, 2), undefined, note);
    }
  }
}

/** One preview of `n` users of `kind` with no state: wall seconds and CPU seconds per process (no API call allowed). */
async function previewOnce(emulator: EmulatorChild, kind: "ours" | "floor", n: number): Promise<{ wallS: number; cpu: PhaseCpu }> {
  const engine = await EngineStack.open({
    project: `bench-preview-${kind}`,
    program: usersProgram(kind, n, "previewed"),
    ...stackConfig(emulator),
  });
  try {
    await emulator.clear();
    const cli = (engine.stack.workspace as LocalWorkspace).pulumiCommand.command;
    const cpu = measureCpu({ emulatorPid: emulator.pid, pulumiHome: path.join(engine.workDir, "home"), cli });
    const t0 = now();
    await engine.stack.preview({ parallel: PARALLEL, color: "never", diff: false });
    const wallS = (now() - t0) / 1000;
    const spent = cpu.stop();
    const stats = await emulator.clear();
    const requests = Object.values(stats.byRoute).reduce((a, b) => a + b, 0);
    if (requests !== 0) throw new Error(`a preview of ${kind} made ${requests} requests`);
    return { wallS, cpu: spent };
  } finally {
    engine.remove();
  }
}

/**
 * The preview of `users` new users, ours against a no-op dynamic provider's (the floor's:
 * check returns its inputs, nothing else) preview of as many resources, in interleaved rounds
 * (the order alternating), the ratio being the median of the rounds' ratios.
 */
async function preview(record: Recorder, emulator: EmulatorChild, options: EngineBenchOptions): Promise<void> {
  const n = options.users;
  const ours: number[] = [];
  const floor: number[] = [];
  const cpu: Record<"ours" | "floor", PhaseCpu[]> = { ours: [], floor: [] };
  for (let i = 0; i < options.previewRounds; i++) {
    for (const kind of i % 2 === 0 ? (["ours", "floor"] as const) : (["floor", "ours"] as const)) {
      const r = await previewOnce(emulator, kind, n);
      (kind === "ours" ? ours : floor).push(r.wallS);
      cpu[kind].push(r.cpu);
    }
    options.log(`engine preview, ${n} users: ours ${ours[i].toFixed(2)} s, no-op provider ${floor[i].toFixed(2)} s`);
  }
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(", ");
  const ratios = ours.map((o, i) => o / floor[i]);
  record(`engine_preview_1000_s`, round(median(ours), 2), undefined, `${n} new users, no state; runs ${runs(ours)} s`);
  record(
    `engine_preview_1000_noop_provider_s`,
    round(median(floor), 2),
    undefined,
    `${n} resources of a no-op dynamic provider; runs ${runs(floor)} s`,
  );
  record(
    `engine_preview_1000_ratio_to_noop`,
    round(median(ratios), 3),
    le(1.1),
    `median of ${options.previewRounds} rounds' ratios: ${runs(ratios)}`,
  );
  // Where a preview's time goes, per process (median CPU seconds per preview).
  const cpuNote = (kind: "ours" | "floor") =>
    (["cli", "host", "program"] as const).map((p) => `${p} ${median(cpu[kind].map((c) => c[p])).toFixed(1)}`).join(", ");
  const cpuTotal = (kind: "ours" | "floor") => round(median(cpu[kind].map((c) => c.cli + c.host + c.program)), 2);
  record("engine_preview_1000_cpu_s", cpuTotal("ours"), undefined, `ours, CPU s per preview: ${cpuNote("ours")}`);
  record("engine_preview_1000_noop_provider_cpu_s", cpuTotal("floor"), undefined, `no-op provider: ${cpuNote("floor")}`);
  record(
    `engine_preview_1000_api_calls`,
    0,
    { op: "=", value: 0 },
    "every request at the emulator, token requests included (a preview making one throws)",
  );
}

/**
 * The lifecycle of `n` users with the file backend's default (a checkpoint, i.e. the whole
 * state written, after every step) against PULUMI_SKIP_CHECKPOINTS=true, in interleaved rounds
 * (the order alternating). `withFloor`: the floor's too (what the engine's checkpoints cost
 * with a no-op provider's state).
 */
async function checkpointsAt(
  record: Recorder,
  emulator: EmulatorChild,
  options: EngineBenchOptions,
  n: number,
  withFloor: boolean,
): Promise<void> {
  const runs: Record<string, LifecycleResult[]> = {};
  const kinds = withFloor ? (["ours", "floor"] as const) : (["ours"] as const);
  for (let i = 0; i < options.checkpointRounds; i++) {
    for (const kind of kinds) {
      const modes = [
        ["checkpoints", {}],
        ["skip", SKIP_CHECKPOINTS],
      ] as const;
      for (const [mode, env] of i % 2 === 0 ? modes : [...modes].reverse()) {
        options.log(`engine lifecycle, ${kind}, ${mode}: ${n} users (round ${i + 1}/${options.checkpointRounds})`);
        const r = await engineLifecycle(kind, n, emulator, env);
        checkCalls(r);
        (runs[`${kind}_${mode}`] ??= []).push(r);
        options.log(`  ${phases(r)}`);
      }
    }
  }
  const listed = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
  for (const [name, rs] of Object.entries(runs)) {
    const m = medianOf(rs);
    record(
      `engine_lifecycle_${n}_${name}_s`,
      round(total(m), 2),
      undefined,
      `medians: ${phases(m)}; runs ${listed(rs.map(total))} s; CLI CPU ${cpuOf(m, "cli").toFixed(1)} s`,
    );
  }
  const ratio = (kind: string) => median(runs[`${kind}_checkpoints`].map((r, i) => total(r) / total(runs[`${kind}_skip`][i])));
  const per = (kind: string) => listed(runs[`${kind}_checkpoints`].map((r, i) => total(r) / total(runs[`${kind}_skip`][i])));
  record(
    `engine_lifecycle_${n}_checkpoint_cost_ratio`,
    round(ratio("ours"), 3),
    n >= 1000 ? le(1.5) : undefined,
    `ours: default checkpoints / PULUMI_SKIP_CHECKPOINTS=true, per round ${per("ours")}${n >= 1000 ? "" : " (target at 1,000 users)"}`,
  );
  if (withFloor) {
    record(
      `engine_lifecycle_${n}_floor_checkpoint_cost_ratio`,
      round(ratio("floor"), 3),
      undefined,
      `the floor's (no-op provider), per round ${per("floor")}`,
    );
    const toFloor = (mode: string) => round(total(medianOf(runs[`ours_${mode}`])) / total(medianOf(runs[`floor_${mode}`])), 3);
    record(
      `engine_lifecycle_${n}_checkpoints_ratio_to_floor`,
      toFloor("checkpoints"),
      undefined,
      "ours / floor, both with default checkpoints",
    );
    record(`engine_lifecycle_${n}_skip_ratio_to_floor`, toFloor("skip"), undefined, "ours / floor, both with PULUMI_SKIP_CHECKPOINTS=true");
  }
}

/**
 * One floor user through the whole lifecycle: the fixed cost of a command (CLI start, inline
 * program, provider host start, one step), and the warm-up of this process (the first inline
 * program run in a process costs about 1 s more CPU: module loading and JIT of the SDK and the
 * Automation API), so that it is not charged to whichever provider runs first.
 */
/** Returns the seconds one command costs. */
async function fixedCost(record: Recorder, emulator: EmulatorChild, options: EngineBenchOptions): Promise<number> {
  options.log("engine: 1 floor user (warm-up, fixed cost)");
  const one = await engineLifecycle("floor", 1, emulator, SKIP_CHECKPOINTS);
  const perCommand = total(one) / 3;
  record("engine_fixed_cost_per_command_s", round(perCommand, 2), undefined, `1 floor user: ${phases(one)}`);
  return perCommand;
}

export async function engineScenario(record: Recorder, options: EngineBenchOptions): Promise<void> {
  const emulator = await startEmulatorChild({ latencyMs: LATENCY_MS });
  try {
    const fixedCostS = await fixedCost(record, emulator, options);
    await stateScenario(record, emulator, options.log);
    await lifecycles(record, emulator, options, fixedCostS);
    await preview(record, emulator, options);
    if (options.policyRounds > 0)
      await policyPackPreview(record, emulator, { users: options.users, rounds: options.policyRounds, log: options.log });
    // Smallest first: the 200-user figure is there even if a 1,000-user run is cut short.
    for (const [i, n] of options.checkpointUsers.entries()) await checkpointsAt(record, emulator, options, n, i === 0);
  } finally {
    await emulator.stop();
  }
}
