/**
 * CPU per API call of the client, in a process of its own (started by cpu-scenario.ts), against
 * the emulator in another one: `users` creates then `users` updates (PATCH of the description),
 * 10 at a time, timed with process.cpuUsage (user + system; this process only, so the
 * emulator's work is not in it). The users are deleted afterwards, outside the measurement.
 *
 *   node --require tsx/cjs tests/bench/cpu-worker.ts <client module> <emulator url> <users> <runs>
 *
 * `client module`: what exports UsersClient, e.g. `pulumi-vectara/client` (the compiled package)
 * or a copy compiled from an earlier commit (the "before" of a change), or `raw`: the same
 * requests over bare node:http with a keep-alive agent and JSON, no client (the floor of any
 * HTTP client in Node.js). Prints one JSON line:
 * { calls, cpuMsPerCall[], wallMs[] }.
 */
import * as http from "node:http";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { now, pool } from "./lib";
import type { UsersClient as Client } from "../../provider/client";

const CONCURRENCY = 10;
const WARMUP_USERS = 200;

type Calls = Pick<Client, "create" | "update" | "delete" | "close">;

function usersClient(modulePath: string, baseUrl: string): Calls {
  const { UsersClient } = require(modulePath) as { UsersClient: typeof Client };
  return new UsersClient({ apiKey: DEFAULT_API_KEY, baseUrl, maxRetries: 0 }, {});
}

/** The same three requests over bare node:http: what an HTTP call costs with no client at all. */
function rawClient(baseUrl: string): Calls {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        new URL(path, baseUrl),
        {
          method,
          agent,
          headers: { "x-api-key": DEFAULT_API_KEY, accept: "application/json", ...(payload ? { "content-type": "application/json" } : {}) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (c: string) => (text += c));
          res.on("end", () =>
            (res.statusCode ?? 500) < 300
              ? resolve(text ? JSON.parse(text) : undefined)
              : reject(new Error(`${method} ${path}: ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const user = (u: string) => `/v2/users/${encodeURIComponent(u)}`;
  return {
    create: (async (r: { email: string; apiRoles: string[]; corpusRoles: { corpusKey: string; role: string }[] }) =>
      call("POST", "/v2/users", {
        email: r.email,
        username: r.email,
        api_roles: r.apiRoles,
        corpus_roles: r.corpusRoles.map((c) => ({ corpus_key: c.corpusKey, role: c.role })),
      })) as unknown as Client["create"],
    update: (async (u: string, patch: { description: string }) => call("PATCH", user(u), patch)) as unknown as Client["update"],
    delete: (async (u: string) => call("DELETE", user(u))) as unknown as Client["delete"],
    close: () => agent.destroy(),
  };
}

async function main(): Promise<void> {
  const [modulePath, baseUrl, usersArg, runsArg] = process.argv.slice(2);
  const users = Number(usersArg);
  const runs = Number(runsArg);
  const client = modulePath === "raw" ? rawClient(baseUrl) : usersClient(modulePath, baseUrl);
  const once = async (tag: string, count: number) => {
    const names = Array.from({ length: count }, (_, i) => `cpu-${tag}-${i}@bench.example.com`);
    const cpu0 = process.cpuUsage();
    const t0 = now();
    await pool(names, CONCURRENCY, (email) =>
      client.create({ email, apiRoles: ["viewer"], corpusRoles: [{ corpusKey: "docs", role: "viewer" }] }),
    );
    await pool(names, CONCURRENCY, (email) => client.update(email, { description: "updated by the bench" }));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = now() - t0;
    await pool(names, CONCURRENCY, (email) => client.delete(email));
    return { cpuMsPerCall: (cpu.user + cpu.system) / 1000 / (2 * count), wallMs };
  };
  await once("warmup", WARMUP_USERS); // JIT, sockets, module loading
  const cpuMsPerCall: number[] = [];
  const wallMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const m = await once(`run${r}`, users);
    cpuMsPerCall.push(m.cpuMsPerCall);
    wallMs.push(m.wallMs);
  }
  client.close();
  process.stdout.write(JSON.stringify({ calls: 2 * users, cpuMsPerCall, wallMs }) + "\n");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
