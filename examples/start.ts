/**
 * `npm start`: run the team example (the root Pulumi project) against Vectara, or, when no
 * Vectara credentials are set, against the embedded emulator.
 *
 * - With the `pulumi` CLI on the PATH: `pulumi up` on the root project, with a local file
 *   backend in .pulumi-local/ (git-ignored) and a default passphrase, so no account is needed.
 * - Without it (as on machines where it cannot be installed): the same program through the
 *   offline stack runner in tests/support/runner/, a stand-in for `pulumi up`, not Pulumi.
 *
 * The embedded emulator keeps its users in .pulumi-local/emulator-users.json, beside the local
 * stack state, so consecutive runs see the Vectara that the state describes.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { UsersClient } from "../provider/client";
import { DEFAULT_API_KEY, VectaraEmulator } from "../tests/emulator";
import * as runner from "../tests/support/runner";

const ROOT = path.resolve(__dirname, "..");
/** Local stack state and the emulator's users (git-ignored); tests point it elsewhere. */
const LOCAL = process.env.PULUMI_VECTARA_LOCAL_DIR ?? path.join(ROOT, ".pulumi-local");
const STACK = "dev";
const DEFAULT_PASSPHRASE = "pulumi-vectara-local";

interface Target {
  description: string;
  /** Stack config for the run; credentials come from the environment when targeting Vectara. */
  config: Record<string, string>;
  secretConfigKeys: string[];
  stop(): Promise<void>;
}

function hasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.VECTARA_API_KEY || (env.VECTARA_CLIENT_ID && env.VECTARA_CLIENT_SECRET));
}

async function chooseTarget(): Promise<Target> {
  if (hasCredentials(process.env)) {
    return {
      description: `Vectara at ${process.env.VECTARA_BASE_URL ?? "https://api.vectara.io"} (credentials from VECTARA_* environment variables)`,
      config: {},
      secretConfigKeys: [],
      stop: async () => {},
    };
  }
  fs.mkdirSync(LOCAL, { recursive: true });
  const emulator = await VectaraEmulator.start({ stateFile: path.join(LOCAL, "emulator-users.json") });
  return {
    description: `the embedded Vectara emulator at ${emulator.url} (no VECTARA_API_KEY or VECTARA_CLIENT_ID/VECTARA_CLIENT_SECRET set; users kept in ${path.relative(ROOT, path.join(LOCAL, "emulator-users.json"))})`,
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": emulator.url, "vectara:authUrl": emulator.tokenUrl },
    secretConfigKeys: ["vectara:apiKey"],
    stop: () => emulator.stop(),
  };
}

function pulumiCli(): string | undefined {
  const found = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  return found.status === 0 ? "pulumi" : undefined;
}

/** `pulumi up` on the root project with a local backend: no account, no login. */
function runWithCli(cli: string, target: Target): number {
  const backend = path.join(LOCAL, "backend");
  fs.mkdirSync(backend, { recursive: true });
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEFAULT_PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  const run = (args: string[]) => spawnSync(cli, args, { cwd: ROOT, env, stdio: "inherit" }).status ?? 1;
  if (run(["stack", "select", "--create", STACK]) !== 0) return 1;
  for (const [key, value] of Object.entries(target.config)) {
    const secret = target.secretConfigKeys.includes(key) ? ["--secret"] : [];
    if (run(["config", "set", ...secret, key, value]) !== 0) return 1;
  }
  return run(["up", "--yes", "--skip-preview=false"]);
}

/** The offline stand-in: preview, then up, then what the target now holds. */
async function runOffline(target: Target): Promise<number> {
  console.log("No `pulumi` CLI on the PATH: running the program through the offline stack runner.");
  console.log("It is a stand-in for `pulumi up` (tests/support/runner/), not Pulumi itself.\n");
  const options: runner.StackOptions = {
    program: path.join(ROOT, "examples", "team", "index.ts"),
    stateFile: path.join(LOCAL, "offline", `${STACK}.json`),
    project: "vectara-team",
    stack: STACK,
    config: target.config,
    secretConfigKeys: target.secretConfigKeys,
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEFAULT_PASSPHRASE,
    hostCwd: ROOT,
  };

  console.log("Previewing (Check and Diff only: no API call):");
  const planned = await runner.preview({ ...options, log: (line) => console.log(`  ${line}`) });
  if (planned.failed) return report(planned);
  if (managedChanges(planned).length === 0) console.log("  no changes");

  console.log("\nUpdating:");
  const result = await runner.up({ ...options, log: (line) => console.log(`  ${line}`) });
  if (result.failed) return report(result);
  const applied = managedChanges(result);
  if (applied.length === 0) console.log("  nothing to do: Vectara already matches the program");
  console.log("\nOutputs:");
  for (const [key, value] of Object.entries(result.outputs)) console.log(`  ${key}: ${JSON.stringify(value)}`);

  console.log("\nUsers now in the target:");
  const client = new UsersClient(clientSettings(target));
  for await (const user of client.list({ limit: 100 })) {
    console.log(`  ${user.username.padEnd(24)} ${user.enabled === false ? "disabled" : "enabled "} ${user.apiRoles.join(", ")}`);
  }
  client.close();
  return 0;
}

/** Steps that touch Vectara (the stack and components only group them). */
function managedChanges(result: runner.RunResult): runner.Step[] {
  return result.steps.filter((s) => s.op !== "same" && s.type.startsWith("pulumi-nodejs:dynamic"));
}

function clientSettings(target: Target) {
  return {
    apiKey: target.config["vectara:apiKey"],
    baseUrl: target.config["vectara:baseUrl"],
    authUrl: target.config["vectara:authUrl"],
  };
}

function report(result: runner.RunResult): number {
  console.error("\nThe run failed:");
  for (const error of result.errors) console.error(`  ${error}`);
  return 1;
}

async function main(): Promise<number> {
  const target = await chooseTarget();
  console.log(`Target: ${target.description}\n`);
  try {
    const cli = pulumiCli();
    return cli ? runWithCli(cli, target) : await runOffline(target);
  } finally {
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
