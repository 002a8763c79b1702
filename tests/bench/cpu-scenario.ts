/**
 * CPU per API call of the client (tests/bench/cpu-worker.ts in its own process, the emulator in
 * another, no added latency). With `before` (a folder holding a compiled `client/index.js`,
 * e.g. provider/ of an earlier commit built with tsc), the same measurement of that build,
 * interleaved with the current one so that both see the same load: the "before and after" of
 * a change to the client.
 */
import * as path from "node:path";
import { startEmulatorChild } from "./emulator-child";
import { median, round, runWorker } from "./lib";
import type { Recorder } from "./rows";

export interface CpuBenchOptions {
  users: number;
  /** Workers per build (each makes 3 runs), alternating between builds. */
  rounds: number;
  /** Folder of an earlier build's dist (holding client/index.js), or undefined. */
  before?: string;
  log: (line: string) => void;
}

const RUNS_PER_WORKER = 3;

interface WorkerResult {
  calls: number;
  cpuMsPerCall: number[];
  wallMs: number[];
}

function worker(clientModule: string, url: string, users: number): Promise<WorkerResult> {
  return runWorker<WorkerResult>("cpu-worker.ts", [clientModule, url, String(users), String(RUNS_PER_WORKER)]);
}

export async function cpuScenario(record: Recorder, options: CpuBenchOptions): Promise<void> {
  const emulator = await startEmulatorChild();
  try {
    const builds: [string, string][] = [
      ["current", "pulumi-vectara/client"],
      ["raw", "raw"],
    ];
    if (options.before) builds.push(["before", path.resolve(options.before, "client", "index.js")]);
    const samples: Record<string, number[]> = { current: [], raw: [], before: [] };
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, module] of builds) {
        options.log(`cpu per API call, ${name} client: ${options.users} creates + ${options.users} updates`);
        const r = await worker(module, emulator.url, options.users);
        samples[name].push(...r.cpuMsPerCall);
      }
    }
    const runs = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(", ");
    const note = `${2 * options.users} calls (creates + updates) per run, 10 at a time, no added latency`;
    record("client_cpu_ms_per_api_call", round(median(samples.current), 3), undefined, `${note}; runs ${runs(samples.current)}`);
    record(
      "client_cpu_ms_per_api_call_raw_http",
      round(median(samples.raw), 3),
      undefined,
      `the same requests over bare node:http (keep-alive, JSON), no client: the floor; runs ${runs(samples.raw)}`,
    );
    if (options.before) {
      record(
        "client_cpu_ms_per_api_call_before",
        round(median(samples.before), 3),
        undefined,
        `${options.before}; runs ${runs(samples.before)}`,
      );
    }
  } finally {
    await emulator.stop();
  }
}
