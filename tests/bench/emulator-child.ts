/**
 * Starts tests/bench/emulator-process.ts (the emulator in its own process) and talks to it:
 * its URLs, the requests it counted, and stop.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import type { EmulatorOptions } from "vectara-emulator";
import type { EmulatorStats } from "./emulator-process";

export interface EmulatorChild {
  url: string;
  tokenUrl: string;
  pid: number;
  /** Counts since the last clear. */
  stats(): Promise<EmulatorStats>;
  /** Empties the request log; resolves with the counts it held. */
  clear(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

export async function startEmulatorChild(options: EmulatorOptions = {}): Promise<EmulatorChild> {
  const child = fork(path.join(__dirname, "emulator-process.ts"), [JSON.stringify(options)], {
    execArgv: ["--require", "tsx/cjs"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // No ambient credential reaches the emulator's defaults.
    env: { ...process.env, VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waiting = new Map<number, (stats: EmulatorStats) => void>();
  let nextId = 0;
  const ready = new Promise<{ url: string; tokenUrl: string }>((resolve, reject) => {
    child.on("message", (m: { ready?: { url: string; tokenUrl: string }; id?: number; stats?: EmulatorStats }) => {
      if (m.ready) resolve(m.ready);
      if (m.id !== undefined && m.stats) {
        waiting.get(m.id)?.(m.stats);
        waiting.delete(m.id);
      }
    });
    void exited.then(() => reject(new Error("the emulator process exited before it listened")));
  });
  const { url, tokenUrl } = await ready;
  const ask = (op: "stats" | "clear") =>
    new Promise<EmulatorStats>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, op });
    });
  return {
    url,
    tokenUrl,
    pid: child.pid!,
    stats: () => ask("stats"),
    clear: () => ask("clear"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
