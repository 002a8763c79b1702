/**
 * The listing benchmark, in a process of its own (started by tests/bench/run.ts with
 * `--expose-gc`), so its RSS holds the client and nothing the other scenarios left behind; the
 * emulator runs in yet another process (tests/bench/emulator-child.ts), seeded through its state file.
 *
 *   node --expose-gc --require tsx/cjs tests/bench/list-worker.ts <users> <runs>
 *
 * Prints one JSON line: { users, requests, clientMs[], rawMs[], peakRssDeltaMb[] }.
 */
import * as crypto from "node:crypto";
import * as diagnostics from "node:diagnostics_channel";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY } from "vectara-emulator";
import type { EmulatorUser } from "vectara-emulator";
import { startEmulatorChild } from "./emulator-child";
import { now } from "./lib";

const PAGE = 100;

/** Every HTTP request this process starts (client and raw loop alike). */
let httpRequests = 0;
diagnostics.subscribe("http.client.request.start", () => httpRequests++);

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

function seedStateFile(file: string, count: number): void {
  const base = Date.parse("2025-01-01T00:00:00.000Z");
  const users: EmulatorUser[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(base + i).toISOString();
    const email = `list-${i}@bench.example.com`;
    users.push({
      id: `usr_${crypto.randomBytes(8).toString("hex")}`,
      email,
      username: email,
      enabled: true,
      description: `bench user ${i}`,
      created_at: at,
      updated_at: at,
      api_roles: ["viewer"],
      corpus_roles: [{ corpus_key: "docs", role: "viewer" }],
      agent_roles: [],
    });
  }
  fs.writeFileSync(file, JSON.stringify({ version: 1, users, resets: [] }));
}

/** Samples RSS on a timer and whenever `sample()` is called; `peak` is the highest seen. */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 2);
  return {
    sample,
    stop(): number {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** The same pages with bare node:http: keep-alive agent, JSON.parse, following page_key. */
async function rawList(baseUrl: string, agent: http.Agent, maxPages = Infinity): Promise<{ users: number; requests: number }> {
  let users = 0;
  let requests = 0;
  let pageKey: string | undefined;
  for (;;) {
    const url = `${baseUrl}/v2/users?limit=${PAGE}${pageKey ? `&page_key=${encodeURIComponent(pageKey)}` : ""}`;
    const body = await new Promise<any>((resolve, reject) => {
      http
        .get(url, { agent, headers: { "x-api-key": DEFAULT_API_KEY, accept: "application/json" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) return reject(new Error(`GET ${url}: ${res.statusCode}`));
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch (e) {
              reject(e);
            }
          });
          res.on("error", reject);
        })
        .on("error", reject);
    });
    requests++;
    users += body.users.length;
    pageKey = body.metadata?.page_key;
    if (!pageKey || requests >= maxPages) return { users, requests };
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-bench-list-"));
  const stateFile = path.join(dir, "state.json");
  seedStateFile(stateFile, count);
  const emulator = await startEmulatorChild({ stateFile });
  const { url } = emulator;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void emulator.stop().finally(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  try {
    // The compiled package, as a program would load it.
    const { UsersClient } = require("pulumi-vectara/client") as typeof import("../../provider/client");
    const client = new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl: url });
    const agent = new http.Agent({ keepAlive: true });
    // Warm-up: JIT, sockets.
    await client.listPage({ limit: PAGE });
    await rawList(url, agent, 1);

    const clientMs: number[] = [];
    const rawMs: number[] = [];
    const peakRssDeltaMb: number[] = [];
    let requests = 0;
    for (let r = 0; r < runs; r++) {
      gc();
      const before = process.memoryUsage.rss();
      const requestsBefore = httpRequests;
      const sampler = rssSampler();
      const t0 = now();
      let seen = 0;
      for await (const u of client.list({ limit: PAGE })) {
        if (u.username) seen++;
        if (seen % PAGE === 0) sampler.sample();
      }
      clientMs.push(now() - t0);
      const peak = sampler.stop();
      peakRssDeltaMb.push((peak - before) / (1024 * 1024));
      requests = httpRequests - requestsBefore;
      if (seen !== count) throw new Error(`client listed ${seen} users, expected ${count}`);

      gc();
      const t1 = now();
      const raw = await rawList(url, agent);
      rawMs.push(now() - t1);
      if (raw.users !== count) throw new Error(`raw loop listed ${raw.users} users, expected ${count}`);
    }
    agent.destroy();
    client.close();
    process.stdout.write(JSON.stringify({ users: count, requests, clientMs, rawMs, peakRssDeltaMb }) + "\n");
  } finally {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
