#!/usr/bin/env node
/**
 * The emulator as a service:
 *   vectara-emulator [--host <h>] [--port <p>] [--api-key <k>] [--client-id <id> --client-secret <s>]
 *                    [--state-file <f>] [--latency-ms <ms>] [--refuse-api-keys]
 * Credentials may also come from VECTARA_API_KEY, VECTARA_CLIENT_ID, VECTARA_CLIENT_SECRET.
 * Ready when `GET /healthz` answers 200; exits 0 on SIGTERM or SIGINT once the server is closed.
 */
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "./auth";
import { READY_PATH, VectaraEmulator } from "./server";

const USAGE =
  "usage: vectara-emulator [--host <host>] [--port <p>] [--api-key <key>] [--client-id <id>] [--client-secret <secret>] [--state-file <file>] [--latency-ms <ms>] [--refuse-api-keys]";
const VALUE_FLAGS = new Set(["host", "port", "api-key", "client-id", "client-secret", "state-file", "latency-ms"]);
const SWITCHES = new Set(["refuse-api-keys"]);

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m && SWITCHES.has(m[1]) && m[2] === undefined) {
      out[m[1]] = "true";
      continue;
    }
    if (!m || !VALUE_FLAGS.has(m[1])) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    out[m[1]] = value;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = process.env;
  const port = Number(args.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${args.port}: an integer from 0 to 65535`);
  const latencyMs = Number(args["latency-ms"] ?? 0);
  if (!(latencyMs >= 0)) throw new Error(`invalid --latency-ms ${args["latency-ms"]}: a number of milliseconds, 0 or more`);
  const apiKey = args["api-key"] ?? env.VECTARA_API_KEY;
  const clientId = args["client-id"] ?? env.VECTARA_CLIENT_ID;
  const clientSecret = args["client-secret"] ?? env.VECTARA_CLIENT_SECRET;
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new Error("give both a client id and a client secret, or neither");
  }
  const emu = await VectaraEmulator.start({
    host: args.host,
    port,
    apiKeys: { [apiKey ?? DEFAULT_API_KEY]: ["administrator"] },
    clients: { [clientId ?? DEFAULT_CLIENT_ID]: { secret: clientSecret ?? DEFAULT_CLIENT_SECRET, roles: ["administrator"] } },
    stateFile: args["state-file"],
    latencyMs,
    refuseApiKeys: args["refuse-api-keys"] === "true",
  });
  // One write, the listening line first. Only the built-in default credentials are printed;
  // credentials given by the caller never are.
  const lines = [`Vectara emulator listening on ${emu.url}`];
  if (args.host !== undefined) lines.push(`  listening address: ${args.host}:${emu.port}`);
  if (apiKey === undefined) lines.push(`  API key (default): ${DEFAULT_API_KEY}`);
  if (clientId === undefined) lines.push(`  OAuth client (default): ${DEFAULT_CLIENT_ID} / ${DEFAULT_CLIENT_SECRET}`);
  lines.push(`  token URL: ${emu.tokenUrl}`);
  lines.push(`  ready: ${emu.url}${READY_PATH}`);
  if (args["refuse-api-keys"] === "true") lines.push("  users routes refuse API keys (OAuth only)");
  if (args["state-file"]) lines.push(`  state file: ${args["state-file"]}`);
  process.stdout.write(lines.join("\n") + "\n");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emu.stop().then(
      () => {
        console.log(`Vectara emulator stopped (${signal})`);
        process.exit(0);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
