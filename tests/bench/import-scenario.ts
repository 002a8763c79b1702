/**
 * `pulumi-vectara import` in the bench (registered in run.ts):
 *
 * - import against list: tests/bench/import-worker.ts in its own process, against the emulator
 *   in another, `users` users (10,000; quick 2,000): per run, the client's list of every user,
 *   then the whole command in-process for each format, then the packaged bin (node start
 *   included). The claim: an import takes about as long as the listing it is made of.
 * - the first `pulumi up` of the generated program, through the real engine: `engineUsers`
 *   (1,000; quick 100) users of every shape adopted, with PULUMI_SKIP_CHECKPOINTS=true (safe
 *   here: that up writes nothing to Vectara, so an interrupted one is simply run again); its API
 *   calls (one GET per user, no write) and the `preview --expect-no-changes` after it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { SHAPES, seedAccount } from "../support/account-seed";
import { EngineStack } from "../support/engine";
import { runImport } from "../support/import-cli";
import { median, now, REPO_ROOT, round, runWorker } from "./lib";

type Target = { op: "=" | "<="; value: number } | undefined;
type Record = (key: string, value: number, target?: Target, note?: string) => void;

export interface ImportBenchOptions {
  users: number;
  runs: number;
  engineUsers: number;
  log: (line: string) => void;
}

const secs = (ms: number[]) => ms.map((m) => (m / 1000).toFixed(2)).join(", ");

async function importAgainstList(record: Record, options: ImportBenchOptions): Promise<void> {
  const r = await runWorker<{
    users: number;
    series: { latencyMs: number; listMs: number[]; typescriptMs: number[]; rosterMs: number[] }[];
    binMs: number[];
    bytes: number;
  }>("import-worker.ts", [String(options.users), String(options.runs)]);
  for (const s of r.series) {
    const ratios = s.typescriptMs.map((t, i) => t / s.listMs[i]);
    const at = `${s.latencyMs}ms`;
    const where = s.latencyMs ? `${s.latencyMs} ms per API call` : "no added latency";
    record(
      `import_10000_${at}_list_s`,
      round(median(s.listMs) / 1000, 3),
      undefined,
      `${r.users} users, ${where}: UsersClient.list, pages of 100; runs ${secs(s.listMs)} s`,
    );
    record(
      `import_10000_${at}_typescript_s`,
      round(median(s.typescriptMs) / 1000, 3),
      undefined,
      `the whole command in-process; runs ${secs(s.typescriptMs)} s; ${(r.bytes / 1e6).toFixed(1)} MB written`,
    );
    record(`import_10000_${at}_roster_s`, round(median(s.rosterMs) / 1000, 3), undefined, `runs ${secs(s.rosterMs)} s`);
    // The claim holds where an API answers across a network; with none, the import's own work (the provider's check of each user) shows.
    record(
      `import_10000_${at}_ratio_to_list`,
      round(median(ratios), 3),
      s.latencyMs ? { op: "<=", value: 1.25 } : undefined,
      `median of per-run ratios (typescript / list)`,
    );
  }
  record(
    "import_10000_bin_s",
    round(median(r.binMs) / 1000, 3),
    undefined,
    `the packaged bin, no added latency, node start included; runs ${secs(r.binMs)} s`,
  );
}

async function engineUp(record: Record, options: ImportBenchOptions): Promise<void> {
  const emulator = await VectaraEmulator.start();
  const dir = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-local", "bench-import-"));
  let stack: EngineStack | undefined;
  try {
    const account = seedAccount(emulator, Math.max(0, options.engineUsers - SHAPES.length));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-import\nruntime: nodejs\n");
    const imported = await runImport(["--out", "index.ts", "--no-stack-config"], {
      cwd: dir,
      baseUrl: emulator.url,
      apiKey: DEFAULT_API_KEY,
    });
    if (imported.code !== 0) throw new Error(`import exited with ${imported.code}: ${imported.stderr}`);
    stack = await EngineStack.open({
      projectDir: dir,
      config: { "vectara:baseUrl": emulator.url },
      secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    });
    emulator.clearLog();
    let t = now();
    const up = await stack.up({ parallel: 10 });
    const upS = (now() - t) / 1000;
    if (up.error) throw new Error(`up of the imported program failed: ${up.error.slice(-3000)}`);
    const calls = emulator.calls();
    const gets = calls.filter((c) => c.route === "getUser").length;
    const writes = emulator.writes().length;
    emulator.clearLog();
    t = now();
    const preview = await stack.preview({ expectNoChanges: true });
    const previewS = (now() - t) / 1000;
    if (preview.error) throw new Error(`the preview after the import's up is not at rest: ${preview.error.slice(-3000)}`);
    const n = account.length;
    record(
      `import_engine_up_${options.engineUsers}_s`,
      round(upS, 2),
      undefined,
      `${n} adopted users, --parallel 10, PULUMI_SKIP_CHECKPOINTS=true`,
    );
    record(
      `import_engine_up_${options.engineUsers}_gets_per_user`,
      round(gets / n, 3),
      { op: "=", value: 1 },
      `${calls.length} API calls in all`,
    );
    record(`import_engine_up_${options.engineUsers}_writes`, writes, { op: "=", value: 0 }, "POST + PATCH + DELETE");
    record(
      `import_engine_preview_${options.engineUsers}_s`,
      round(previewS, 2),
      undefined,
      `--expect-no-changes passed; ${emulator.calls().length} API calls`,
    );
  } finally {
    stack?.remove();
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function importScenario(record: Record, options: ImportBenchOptions): Promise<void> {
  options.log(`import of ${options.users} users against their listing`);
  await importAgainstList(record, options);
  options.log(`pulumi up of an imported program: ${options.engineUsers} users`);
  await engineUp(record, options);
}
