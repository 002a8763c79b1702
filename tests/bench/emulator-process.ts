/**
 * The emulator in a process of its own, for the bench (started by emulator-child.ts through
 * `fork`): its request handling and added latency then never share an event loop, or a core's
 * time slice, with the bench process that drives the engine. Answers the parent over IPC:
 * `{ op: "stats" }` -> counts of the requests it logged (by route) and of the users it holds;
 * `{ op: "clear" }` -> the same counts, then empties the log. Options come as one JSON argument (EmulatorOptions).
 *
 *   node --require tsx/cjs tests/bench/emulator-process.ts '{"latencyMs":20}'
 */
import { start, type EmulatorOptions } from "vectara-emulator";

export interface EmulatorStats {
  /** Requests per route (token requests under "token"). */
  byRoute: Record<string, number>;
  /** Every request except token requests: the API calls. */
  calls: number;
  users: number;
}

export type EmulatorMessage = { id: number; op: "stats" | "clear" };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
  const emulator = await start(options);
  process.on("message", (m: EmulatorMessage) => {
    const byRoute: Record<string, number> = {};
    for (const r of emulator.requests) byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
    const stats: EmulatorStats = { byRoute, calls: emulator.calls().length, users: emulator.users().length };
    if (m.op === "clear") emulator.clearLog();
    process.send!({ id: m.id, stats });
  });
  // The parent going away (even killed) ends this process too: the IPC channel closes.
  process.on("disconnect", () => void emulator.stop().then(() => process.exit(0)));
  process.send!({ ready: { url: emulator.url, tokenUrl: emulator.tokenUrl } });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
