/**
 * The import benchmark, in a process of its own (started by tests/bench/import-scenario.ts),
 * against the emulator in another one (tests/bench/emulator-child.ts, seeded through its state file
 * with the bulk users of tests/support/account-seed.ts), once answering at once and once 20 ms
 * late. Per run, interleaved so that both see the same machine: listing every user with the
 * compiled client (`UsersClient.list`, pages of 100), then the whole import command in-process
 * (compiled; list, check, names, render, write) for each format, then (no latency) the packaged
 * bin end to end, node start included.
 *
 *   node --require tsx/cjs tests/bench/import-worker.ts <users> <runs>
 *
 * Prints one JSON line: { users, series: [{ latencyMs, listMs[], typescriptMs[], rosterMs[] }], binMs[], bytes }.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY, type EmulatorUser } from "vectara-emulator";
import { bulkUser } from "../support/account-seed";
import { startEmulatorChild } from "./emulator-child";
import { now, REPO_ROOT } from "./lib";

/** No added latency (the client's own cost: the worst case for the claim), and 20 ms per request (an API across a network). */
const LATENCIES_MS = [0, 20];

function seedStateFile(file: string, count: number): void {
  const at = "2025-01-01T00:00:00.000Z";
  const users: EmulatorUser[] = [];
  for (let i = 0; i < count; i++) {
    const seed = bulkUser(i);
    users.push({
      id: `usr_bench${String(i).padStart(8, "0")}`,
      username: seed.username ?? seed.email,
      enabled: true,
      created_at: at,
      updated_at: at,
      api_roles: [],
      corpus_roles: [],
      agent_roles: [],
      ...seed,
    });
  }
  fs.writeFileSync(file, JSON.stringify({ version: 1, users, resets: [] }));
}

interface Series {
  latencyMs: number;
  listMs: number[];
  typescriptMs: number[];
  rosterMs: number[];
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-bench-import-"));
  const stateFile = path.join(dir, "state.json");
  seedStateFile(stateFile, count);
  // The compiled package, as users run it.
  const { UsersClient } = require("pulumi-vectara/client") as typeof import("../../provider/client");
  const { main: importCommand } = require(
    path.join(REPO_ROOT, "dist", "cli", "import", "command.js"),
  ) as typeof import("../../provider/cli/import/command");
  const bin = path.join(REPO_ROOT, "dist", "import", "cli.js");
  const quiet = () => undefined;
  const series: Series[] = [];
  const binMs: number[] = [];
  try {
    for (const latencyMs of LATENCIES_MS) {
      const emulator = await startEmulatorChild({ stateFile, latencyMs });
      const { url } = emulator;
      try {
        const env = { VECTARA_API_KEY: DEFAULT_API_KEY, VECTARA_BASE_URL: url };
        const runImport = async (format: string) => {
          const argv = ["import", "--format", format, "--out", `out.${format}`, "--force", "--no-stack-config"];
          const code = await importCommand({ argv, env, cwd: dir, stdout: quiet, stderr: quiet });
          if (code !== 0) throw new Error(`import --format ${format} exited with ${code}`);
        };
        const list = async () => {
          const client = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: url }, {});
          const users = [];
          for await (const user of client.list({ limit: 100 })) users.push(user);
          client.close();
          if (users.length !== count) throw new Error(`listed ${users.length} users, expected ${count}`);
        };
        // Warm-up: JIT, sockets, module loading.
        await list();
        await runImport("typescript");
        const s: Series = { latencyMs, listMs: [], typescriptMs: [], rosterMs: [] };
        for (let r = 0; r < runs; r++) {
          let t = now();
          await list();
          s.listMs.push(now() - t);
          t = now();
          await runImport("typescript");
          s.typescriptMs.push(now() - t);
          t = now();
          await runImport("roster");
          s.rosterMs.push(now() - t);
          if (latencyMs !== 0) continue;
          t = now();
          const run = spawnSync(process.execPath, [bin, "import", "--out", "bin.ts", "--force", "--no-stack-config"], {
            cwd: dir,
            env: { ...process.env, ...env },
            encoding: "utf8",
          });
          binMs.push(now() - t);
          if (run.status !== 0) throw new Error(`the bin exited with ${run.status}: ${run.stderr}`);
        }
        series.push(s);
      } finally {
        await emulator.stop();
      }
    }
    const bytes = fs.statSync(path.join(dir, "out.typescript")).size;
    process.stdout.write(JSON.stringify({ users: count, series, binMs, bytes }) + "\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
