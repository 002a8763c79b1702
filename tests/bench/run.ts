/**
 * `npm run bench [-- --quick] [-- --cpu-before=<dir>]`: the provider's costs. Prints a table
 * (metric, value, target, ok?) and writes bench-results.json at the repo root (rows in
 * parentheses are context, printed only). Sections, in the order printed:
 *
 * 1. Through the real Pulumi engine (tests/bench/engine-scenario.ts): 1,000 users (quick: 200)
 *    created, updated, destroyed by `pulumi up`/`destroy --parallel 10` for ours, a floor
 *    provider and a naive one, the preview of as many (also without and with the policy pack,
 *    side by side), and the cost of the engine's checkpoints.
 * 2. The client's CPU per API call (tests/bench/cpu-scenario.ts), optionally against an earlier
 *    build (`--cpu-before=<dir>`: a dist/ compiled from an earlier commit).
 * 3. Secondary: the SDK's dynamic-provider host driven by a JS harness (tests/support/host.ts)
 *    as the engine would drive it; no engine. --quick leaves out its listing, cold start and
 *    import scenarios.
 *
 * The host loads the COMPILED package (dist/): run `npm run build` after changing provider/.
 *
 * Scenarios of section 3 (each `pulumi` command gets a fresh host, as the engine starts one per command):
 * - API calls: create / preview / no-op up / update / refresh / delete of 100 users, 10 at a
 *   time, counted at the emulator. Preview and no-op up run with OAuth client credentials and
 *   count every request, token requests included.
 * - token_requests_per_run: a 100-user up (Check + Create, 10 at a time) with OAuth client
 *   credentials; tokens the emulator issued.
 * - provider_bytes_per_resource: the `__provider` text of a VectaraUser (compiled package), and
 *   of tests/bench/naive-provider.ts, serialized as tests/support/serialize.ts does.
 * - lifecycle_1000: Check+Create, then Diff+Update (description), then Delete of 1,000 users
 *   (quick: 200) through one host (the deletes through a second one, as `pulumi destroy` starts
 *   its own), 10 at a time, with 20 ms added to every request;
 *   limit = 5 × users × 20 ms / 10. Median of 3 runs. Interleaved with it, the floor: the same
 *   calls with tests/bench/floor-provider.ts (no API call, a 20 ms wait per call instead), i.e. what the
 *   host and the gRPC harness cost by themselves on this machine.
 * - list_10000 (quick: 2,000): tests/bench/list-worker.ts in its own process, against the
 *   emulator in another one (tests/bench/emulator-child.ts, seeded through its state file).
 * - host_cold_start_ms: spawn -> Configure + Check + Create of one user answered, median of 3.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { VectaraEmulator } from "vectara-emulator";
import { cpuScenario } from "./cpu-scenario";
import { engineScenario } from "./engine-scenario";
import { importScenario } from "./import-scenario";
import { machineScenario } from "./machine-scenario";
import { eq, le, Rows } from "./rows";
import { ProviderHost } from "../support/host";
import { serializeProvider } from "../support/serialize";
import { compiledStub } from "../support/stack";
import {
  apiKeyConfig,
  checkCreate,
  clientCredentialsConfig,
  declareUsers,
  median,
  now,
  pool,
  REPO_ROOT,
  round,
  runWorker,
  startHost,
  UNKNOWN,
  withProvider,
  type Managed,
} from "./lib";

const QUICK = process.argv.includes("--quick");
/**
 * BENCH_USERS=<n>: the engine section with n users instead of 1,000 (quick: 200), its
 * checkpoints comparison at n/5 and n, one round of each, no policy-pack preview: a smaller,
 * faster run for iteration. BENCH_SECTIONS=engine,machine,cpu,host: only these sections (default all).
 * BENCH_CHECKPOINT_USERS=200,1000: the sizes of the checkpoints comparison ("none": left out).
 */
const SMALL_USERS = Number(process.env.BENCH_USERS) || undefined;
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? "engine,machine,cpu,host").split(",").map((s) => s.trim()));
const ENGINE_USERS = SMALL_USERS ?? (QUICK ? 200 : 1000);
/** The checkpoints comparison, side by side at 200 and 1,000 users (--quick leaves it out: it must stay under about 2 minutes). */
const CHECKPOINT_USERS = process.env.BENCH_CHECKPOINT_USERS
  ? process.env.BENCH_CHECKPOINT_USERS.split(",")
      .map(Number)
      .filter((n) => n > 0)
  : SMALL_USERS
    ? [Math.max(1, Math.round(SMALL_USERS / 5)), SMALL_USERS]
    : QUICK
      ? []
      : [200, 1000];
const CHECKPOINT_ROUNDS = SMALL_USERS || QUICK ? 1 : 2;
const PREVIEW_ROUNDS = QUICK ? 1 : SMALL_USERS ? 2 : 3;
const ENGINE_ROUNDS = SMALL_USERS || QUICK ? 1 : 2;
/** Rounds of the preview without and with the policy pack (each round runs both). */
const POLICY_ROUNDS = SMALL_USERS ? 0 : QUICK ? 2 : 3;
const CPU_USERS = QUICK ? 300 : 1000;
const PROGRAM_USERS = 100;
const CONCURRENCY = 10;
const LIFECYCLE_USERS = QUICK ? 200 : 1000;
const LIFECYCLE_LATENCY_MS = 20;
const LIFECYCLE_RUNS = QUICK ? 1 : 3;
const FLOOR_RUNS = QUICK ? 1 : 3;
const LIST_USERS = QUICK ? 2000 : 10_000;
const LIST_RUNS = 3;
const COLD_STARTS = 3;
/** API calls per user for create + update + delete: 1 + 2 + 2 (update and delete GET first). */
const CALLS_PER_LIFECYCLE = 5;

const table = new Rows();
const record = table.record;
const info = (label: string, value: number, note?: string) => table.info(label, value, note);

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

async function withHost<T>(config: Record<string, string>, fn: (host: ProviderHost) => Promise<T>): Promise<T> {
  const host = await startHost(config);
  try {
    return await fn(host);
  } finally {
    await host.stop();
  }
}

// ---------------------------------------------------------------- API calls per operation

async function apiCallScenarios(userProvider: string): Promise<void> {
  const emulator = await VectaraEmulator.start();
  try {
    const config = apiKeyConfig(emulator);
    // Preview and no-op up run with OAuth client credentials: a token fetched early would count too.
    const oauth = clientCredentialsConfig(emulator);
    const existing = declareUsers("existing", PROGRAM_USERS);
    const apiCalls = () => emulator.calls().length;
    const allRequests = () => emulator.requests.length;

    // up #1: create 100 users.
    emulator.clearLog();
    let managed: Managed[] = await withHost(config, (host) => pool(existing, CONCURRENCY, (d) => checkCreate(host, userProvider, d)));
    record("create_api_calls_per_user", apiCalls() / existing.length, eq(1));

    // preview: the 100 existing users (Check + Diff) and 100 new ones (Check only; some inputs unknown).
    const fresh = declareUsers("new", PROGRAM_USERS, (i) => (i % 2 ? { description: UNKNOWN } : {}));
    emulator.clearLog();
    await withHost(oauth, async (host) => {
      await pool(managed, CONCURRENCY, async (m) => {
        const checked = await host.check(m.urn, m.inputs, withProvider(userProvider, m.program));
        await host.diff(m.urn, m.id, m.state, checked.inputs);
      });
      await pool(fresh, CONCURRENCY, (d) => host.check(d.urn, {}, withProvider(userProvider, d.program)));
    });
    record("preview_api_calls", allRequests(), eq(0), "OAuth config; token requests count too");

    // up with nothing changed: Check + Diff of 100 users whose state matches.
    emulator.clearLog();
    const noopDiffs = await withHost(oauth, (host) =>
      pool(managed, CONCURRENCY, async (m) => {
        const checked = await host.check(m.urn, m.inputs, withProvider(userProvider, m.program));
        return (await host.diff(m.urn, m.id, m.state, checked.inputs)).changes;
      }),
    );
    const changed = noopDiffs.filter((c) => c !== "none").length;
    record("noop_up_api_calls", allRequests(), eq(0), changed ? `${changed} diffs were not "none"!` : 'OAuth config; all 100 diffs "none"');

    // up with one change per user (description): Check + Diff + Update.
    emulator.clearLog();
    managed = await withHost(config, (host) =>
      pool(managed, CONCURRENCY, async (m) => {
        const program = { ...m.program, description: "changed by the bench" };
        const checked = await host.check(m.urn, m.inputs, withProvider(userProvider, program));
        const diff = await host.diff(m.urn, m.id, m.state, checked.inputs);
        if (diff.changes !== "some") throw new Error(`expected a change for ${m.name}, got ${diff.changes}`);
        const updated = await host.update(m.urn, m.id, m.state, checked.inputs);
        return { ...m, program, inputs: checked.inputs, state: { ...updated.properties, __provider: userProvider } };
      }),
    );
    record("update_api_calls_per_change", apiCalls() / managed.length, eq(2), "GET (still ours?) + PATCH");

    // refresh: Read of every user.
    emulator.clearLog();
    await withHost(config, (host) => pool(managed, CONCURRENCY, (m) => host.read(m.urn, m.id, m.state, m.inputs)));
    record("refresh_api_calls_per_user", apiCalls() / managed.length, eq(1));

    // destroy: Delete of every user.
    emulator.clearLog();
    await withHost(config, (host) => pool(managed, CONCURRENCY, (m) => host.delete(m.urn, m.id, m.state)));
    record("delete_api_calls_per_user", apiCalls() / managed.length, eq(2), "GET (still ours?) + DELETE");
    if (emulator.users().length !== 0) throw new Error(`${emulator.users().length} users left after delete`);
  } finally {
    await emulator.stop();
  }

  // A server that creates users disabled: the desired enabled=true needs one PATCH after the POST.
  const disabled = await VectaraEmulator.start({ initialEnabled: false });
  try {
    const users = declareUsers("disabled", PROGRAM_USERS);
    await withHost(apiKeyConfig(disabled), (host) => pool(users, CONCURRENCY, (d) => checkCreate(host, userProvider, d)));
    record("create_api_calls_per_user_when_enabled_differs", disabled.calls().length / users.length, eq(2), "POST + PATCH enabled");
  } finally {
    await disabled.stop();
  }
}

// ---------------------------------------------------------------- OAuth tokens per run

async function tokenScenario(userProvider: string): Promise<void> {
  const emulator = await VectaraEmulator.start();
  try {
    const users = declareUsers("oauth", PROGRAM_USERS);
    await withHost(clientCredentialsConfig(emulator), (host) => pool(users, CONCURRENCY, (d) => checkCreate(host, userProvider, d)));
    if (emulator.users().length !== users.length) throw new Error("not every user was created");
    record("token_requests_per_run", emulator.tokensIssued, eq(1));
  } finally {
    await emulator.stop();
  }
}

// ---------------------------------------------------------------- lifecycle under latency

/**
 * Create, update, delete LIFECYCLE_USERS users through one fresh host, 10 at a time; seconds.
 * `floor`: the same calls with tests/bench/floor-provider.ts (no API call, a 20 ms wait per API call ours makes).
 */
async function lifecycleRun(provider: string, floor: boolean): Promise<number> {
  const emulator = await VectaraEmulator.start({ latencyMs: LIFECYCLE_LATENCY_MS });
  const host = await startHost(apiKeyConfig(emulator));
  try {
    const users = declareUsers(floor ? "floor" : "life", LIFECYCLE_USERS);
    const t0 = now();
    let managed = await pool(users, CONCURRENCY, (d) => checkCreate(host, provider, d));
    managed = await pool(managed, CONCURRENCY, async (m) => {
      const news = { ...m.inputs, description: "updated" };
      const diff = await host.diff(m.urn, m.id, m.state, news);
      if (diff.changes !== "some") throw new Error(`expected a change for ${m.name}`);
      const updated = await host.update(m.urn, m.id, m.state, news);
      return { ...m, inputs: news, state: { ...updated.properties, __provider: provider } };
    });
    // Delete through a host of its own, as `pulumi destroy` starts one: a host that saw these
    // users' diffs holds them as kept by the run (resources/user/claims.ts) and deletes none.
    await withHost(apiKeyConfig(emulator), (destroyer) => pool(managed, CONCURRENCY, (m) => destroyer.delete(m.urn, m.id, m.state)));
    const wall = (now() - t0) / 1000;
    if (!floor) {
      const calls = emulator.calls().length;
      if (calls !== CALLS_PER_LIFECYCLE * LIFECYCLE_USERS)
        throw new Error(`lifecycle: ${calls} API calls, expected ${CALLS_PER_LIFECYCLE * LIFECYCLE_USERS}`);
      if (emulator.users().length !== 0) throw new Error("lifecycle left users behind");
    }
    return wall;
  } finally {
    await host.stop();
    await emulator.stop();
  }
}

async function lifecycleScenario(userProvider: string): Promise<void> {
  const limit = (CALLS_PER_LIFECYCLE * LIFECYCLE_USERS * LIFECYCLE_LATENCY_MS) / CONCURRENCY / 1000;
  // The floor provider's text, padded to the stub's length: every gRPC message carries it.
  const floorText = await serializeProvider(require("./floor-provider").floorProvider);
  const floorProvider = floorText + "//" + "x".repeat(Math.max(0, userProvider.length - floorText.length - 3)) + "\n";
  const walls: number[] = [];
  const floors: number[] = [];
  // Interleaved, so that both see the same load from whatever else runs on the machine.
  for (let i = 0; i < LIFECYCLE_RUNS; i++) {
    walls.push(await lifecycleRun(userProvider, false));
    if (i < FLOOR_RUNS) floors.push(await lifecycleRun(floorProvider, true));
    log(`lifecycle run ${i + 1}: ${walls[i].toFixed(2)} s${i < FLOOR_RUNS ? `, floor ${floors[i].toFixed(2)} s` : ""}`);
  }
  const wall = median(walls);
  const floor = median(floors);
  const secs = (xs: number[]) => xs.map((w) => w.toFixed(2)).join(", ");
  record("lifecycle_1000_wall_s", round(wall, 3), undefined, `${LIFECYCLE_USERS} users; runs ${secs(walls)} s`);
  record("lifecycle_1000_limit_s", limit);
  // Context only: the target is the engine's (engine_lifecycle_1000_ratio_to_floor); this
  // harness is a JavaScript stand-in for the engine, whose own cost is no part of ours.
  record("lifecycle_1000_ratio", round(wall / limit, 3), undefined, "through the JS harness, not the engine: context only");
  info(
    "lifecycle floor: no-op provider, same host + harness, s",
    round(floor, 3),
    `runs ${secs(floors)} s; ratio to limit ${(floor / limit).toFixed(2)}`,
  );
  info("lifecycle wall / floor", round(wall / floor, 3), "what the real provider + emulator add over the floor");
}

// ---------------------------------------------------------------- listing

async function listScenario(): Promise<void> {
  const r = await runWorker<{
    users: number;
    requests: number;
    clientMs: number[];
    rawMs: number[];
    peakRssDeltaMb: number[];
  }>("list-worker.ts", [String(LIST_USERS), String(LIST_RUNS)], ["--expose-gc"]);
  const client = median(r.clientMs);
  const raw = median(r.rawMs);
  const ratios = r.clientMs.map((c, i) => c / r.rawMs[i]);
  const runs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(", ");
  record("list_10000_wall_s", round(client / 1000, 3), undefined, `${r.users} users; client ${runs(r.clientMs)} s, raw ${runs(r.rawMs)} s`);
  record("list_10000_requests", r.requests, eq(r.users / 100));
  record("list_10000_peak_rss_delta_mb", round(median(r.peakRssDeltaMb), 2), undefined, "client process only (emulator in a child)");
  record(
    "list_10000_ratio_to_raw_http",
    round(median(ratios), 3),
    undefined,
    `median of per-run ratios; medians ${(client / 1000).toFixed(2)} / ${(raw / 1000).toFixed(2)} s`,
  );
}

// ---------------------------------------------------------------- cold start

async function coldStartScenario(userProvider: string): Promise<void> {
  const emulator = await VectaraEmulator.start();
  try {
    const times: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      const host = await ProviderHost.start({
        env: { VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined },
      });
      try {
        await host.configure(apiKeyConfig(emulator), { secretKeys: ["vectara:apiKey"] });
        const [d] = declareUsers(`cold${i}`, 1);
        await checkCreate(host, userProvider, d);
        times.push(performance.timeOrigin + performance.now() - host.startedAt);
      } finally {
        await host.stop();
      }
    }
    record("host_cold_start_ms", Math.round(median(times)), undefined, `runs ${times.map((t) => Math.round(t)).join(", ")} ms`);
  } finally {
    await emulator.stop();
  }
}

// ---------------------------------------------------------------- main

/** `--cpu-before=<dir>`: an earlier build's dist to compare the client's CPU per call with. */
function cpuBefore(): string | undefined {
  const arg = process.argv.find((a) => a.startsWith("--cpu-before="));
  return arg?.slice("--cpu-before=".length);
}

async function main(): Promise<void> {
  const dist = path.join(REPO_ROOT, "dist", "providers", "user.js");
  if (!fs.existsSync(dist)) throw new Error("dist/ is missing: run `npm run build` first");
  log(`mode: ${QUICK ? "quick" : "full"}`);
  const started = now();

  if (SECTIONS.has("engine")) {
    table.startSection(
      `through the real Pulumi engine (${ENGINE_USERS} users; the emulator in its own process, ${LIFECYCLE_LATENCY_MS} ms per API call)`,
    );
    await engineScenario(record, {
      users: ENGINE_USERS,
      rounds: ENGINE_ROUNDS,
      checkpointUsers: CHECKPOINT_USERS,
      checkpointRounds: CHECKPOINT_ROUNDS,
      previewRounds: PREVIEW_ROUNDS,
      policyRounds: POLICY_ROUNDS,
      log,
    });
  }

  if (SECTIONS.has("machine")) {
    table.startSection("app clients and API keys through the real Pulumi engine (calls per operation, state bytes)");
    await machineScenario(record, { count: QUICK || SMALL_USERS ? 10 : 50, log });
  }

  if (SECTIONS.has("cpu")) {
    table.startSection("client CPU per API call");
    await cpuScenario(record, { users: CPU_USERS, rounds: QUICK || SMALL_USERS ? 1 : 2, before: cpuBefore(), log });
  }

  if (SECTIONS.has("host")) {
    table.startSection("secondary: the SDK's provider host driven by a JS harness (tests/support/host.ts), no engine");
    // The compiled package, exactly what a user's program loads.
    const userProvider = compiledStub("user");
    const naive = await serializeProvider(require("./naive-provider").naiveUserProvider);
    record("provider_bytes_per_resource", userProvider.length, le(4096));
    record("naive_provider_bytes_per_resource", naive.length, undefined, "hand-written fixture over axios (tests/bench/naive-provider.ts)");
    log("API calls per operation");
    await apiCallScenarios(userProvider);
    log("OAuth tokens per run");
    await tokenScenario(userProvider);
    log(`lifecycle of ${LIFECYCLE_USERS} users`);
    await lifecycleScenario(userProvider);
    if (!QUICK) {
      // Left out of --quick (which must stay under about 2 minutes): they take minutes and do not
      // change with the provider's per-call costs.
      log(`listing ${LIST_USERS} users`);
      await listScenario();
      log("host cold start");
      await coldStartScenario(userProvider);
      await importScenario(record, { users: LIST_USERS, runs: 3, engineUsers: 1000, log });
    }
  }

  fs.writeFileSync(path.join(REPO_ROOT, "bench-results.json"), JSON.stringify(table.results(), null, 2) + "\n");
  console.log(`\npulumi-vectara bench (${QUICK ? "quick" : "full"}, ${((now() - started) / 1000).toFixed(1)} s)\n`);
  table.print((line) => console.log(line));
  const misses = table.misses();
  console.log(misses.length ? `\n${misses.length} target(s) missed: ${misses.map((r) => r.key).join(", ")}` : "\nall targets met");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
