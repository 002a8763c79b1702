/** Small helpers shared by the bench scenarios (tests/bench/run.ts). */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type VectaraEmulator } from "vectara-emulator";
import { ProviderHost, UNKNOWN, urn, type Props } from "../support/host";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const USER_TYPE = "pulumi-nodejs:dynamic/vectara:User";
export { UNKNOWN };

export function now(): number {
  return performance.now();
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Runs `fn` over `items` with at most `concurrency` in flight (a worker pool). */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Stack config with the emulator's admin API key (as tests/support/stack.ts sets it). */
export function apiKeyConfig(emulator: Pick<VectaraEmulator, "url" | "tokenUrl">): Record<string, string> {
  return {
    "vectara:apiKey": DEFAULT_API_KEY,
    "vectara:baseUrl": emulator.url,
    "vectara:authUrl": emulator.tokenUrl,
    "vectara:maxRetries": "2",
  };
}

/** Stack config with OAuth client credentials. */
export function clientCredentialsConfig(emulator: Pick<VectaraEmulator, "url" | "tokenUrl">): Record<string, string> {
  return {
    "vectara:clientId": DEFAULT_CLIENT_ID,
    "vectara:clientSecret": DEFAULT_CLIENT_SECRET,
    "vectara:baseUrl": emulator.url,
    "vectara:authUrl": emulator.tokenUrl,
    "vectara:maxRetries": "2",
  };
}

/** A fresh provider host (what one `pulumi preview/up/refresh/destroy` starts), configured. */
export async function startHost(config: Record<string, string>): Promise<ProviderHost> {
  const host = await ProviderHost.start({
    env: { VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined },
  });
  await host.configure(config, { secretKeys: ["vectara:apiKey", "vectara:clientSecret"] });
  return host;
}

export function userUrn(name: string): string {
  return urn(USER_TYPE, name);
}

/** One declared user of a bench program. */
export interface Declared {
  name: string;
  urn: string;
  program: Props;
}

export function declareUsers(prefix: string, count: number, extra: (i: number) => Props = () => ({})): Declared[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}-${i}`;
    return {
      name,
      urn: userUrn(name),
      program: {
        email: `${name}@bench.example.com`,
        apiRoles: ["viewer"],
        corpusRoles: [{ corpusKey: "docs", role: "viewer" }],
        ...extra(i),
      },
    };
  });
}

/** What the engine holds for a user after `up`: its checked inputs and its outputs. */
export interface Managed extends Declared {
  id: string;
  inputs: Props;
  state: Props;
}

export function withProvider(provider: string, props: Props): Props {
  return { ...props, __provider: provider };
}

/** Check + Create, as `up` does for a new resource. */
export async function checkCreate(host: ProviderHost, provider: string, d: Declared): Promise<Managed> {
  const checked = await host.check(d.urn, {}, withProvider(provider, d.program));
  if (checked.failures.length) throw new Error(`check failed for ${d.name}: ${JSON.stringify(checked.failures)}`);
  const created = await host.create(d.urn, checked.inputs);
  return { ...d, id: created.id, inputs: checked.inputs, state: { ...created.properties, __provider: provider } };
}

/**
 * Runs a bench worker (a .ts file of tests/bench) in a process of its own, so its CPU and
 * memory are its alone, and resolves with the JSON it prints as its last line.
 */
export function runWorker<T>(script: string, args: string[], nodeOptions: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, "--require", "tsx/cjs", path.join(__dirname, script), ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (text += s));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(JSON.parse(text.trim().split("\n").pop()!) as T) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}
