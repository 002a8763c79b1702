/**
 * `npm start`: `pulumi up` of the team example (the root Pulumi project) through the real
 * Pulumi CLI, against Vectara when `VECTARA_*` credentials are set, else against an emulator
 * embedded in this process.
 *
 * - The engine: the CLI pinned in tools/pulumi/go.mod (built by `npm run engine:install`, run
 *   here first if it was never built), else a `pulumi` on the PATH.
 * - The program runs as an Automation API inline program: this process keeps answering (the
 *   embedded emulator lives here) while the CLI runs, and only the CLI is needed (a clone
 *   without ../shared/pulumi/language-nodejs has no Node.js language host: the Go module proxy
 *   serves none). The package gives each inline run its own connections to the engine
 *   (isolateInlineRuns): the preview's cannot leak into the up.
 * - Everything local lives in .pulumi-local/ (git-ignored): a file backend, PULUMI_HOME, the
 *   stack's config file, and the emulator's users. The emulator's URL and key reach the engine
 *   through the environment only, never through stack config, and each target has its own
 *   stack (`local-emulator`, `vectara`), so a later run with real credentials neither reuses the
 *   emulator's settings nor believes the emulator's users exist in Vectara.
 * - The roster is checked before the engine starts (a roster's problems are printed once), and
 *   the CLI's output is streamed as it comes: a failed command's error has been shown by the
 *   CLI, once, and is not printed again.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { UsersClient } from "../provider/client";
import { openSession } from "../provider/client/session";
import { resolve } from "../provider/client/settings";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { loadRoster, RosterError } from "pulumi-vectara";
import { findEngine, inlineProgram, offlineEnv, REPO_ROOT, type Engine } from "../tools/pulumi/engine";

/** Local state; tests point it elsewhere (it must stay inside the repository: see workDir). */
const LOCAL = process.env.PULUMI_VECTARA_LOCAL_DIR ?? path.join(REPO_ROOT, ".pulumi-local");
const PROGRAM = path.join(REPO_ROOT, "examples", "team", "index.ts");
const DEFAULT_PASSPHRASE = "pulumi-vectara-local";

interface Target {
  description: string;
  stackName: string;
  /** VECTARA_* settings for the program and the provider host the engine starts. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function chooseTarget(env: NodeJS.ProcessEnv): Promise<Target> {
  // The provider's own rules (half an OAuth pair, an insecure URL: an error naming the variable).
  const settings = resolve({ config: () => undefined, env });
  if (settings.credentialSource) {
    return {
      description: `Vectara at ${env.VECTARA_BASE_URL || "https://api.vectara.io"} (credentials from VECTARA_* environment variables)`,
      stackName: "vectara",
      env: {},
      stop: async () => {},
    };
  }
  fs.mkdirSync(LOCAL, { recursive: true });
  const usersFile = path.join(LOCAL, "emulator-users.json");
  const emulator = await VectaraEmulator.start({ stateFile: usersFile });
  return {
    description:
      `the embedded Vectara emulator at ${emulator.url} (no VECTARA_CLIENT_ID/VECTARA_CLIENT_SECRET or VECTARA_API_KEY set; ` +
      `users kept in ${path.relative(REPO_ROOT, usersFile)})`,
    stackName: "local-emulator",
    env: { VECTARA_API_KEY: DEFAULT_API_KEY, VECTARA_BASE_URL: emulator.url, VECTARA_AUTH_URL: emulator.tokenUrl },
    stop: () => emulator.stop(),
  };
}

/** The engine, building the pinned one first if there is none. */
function engine(): Engine {
  const found = findEngine();
  if (found) return found;
  console.log("No Pulumi CLI yet: building the pinned one first (`npm run engine:install`, about 8 minutes the first time).\n");
  const install = spawnSync(process.execPath, [require.resolve("tsx/cli"), path.join(REPO_ROOT, "tools", "pulumi", "install.ts")], {
    stdio: "inherit",
  });
  const built = install.status === 0 ? findEngine() : undefined;
  if (!built) throw new Error("No Pulumi CLI: `npm run engine:install` did not build one (its message is above).");
  return built;
}

/**
 * The root project, in a work folder under LOCAL: its Pulumi.yaml without `main` (the program
 * is inline), so the stack's config file lands in LOCAL, never beside the tracked Pulumi.yaml.
 * LOCAL must be inside the repository: the engine starts the provider host there, and it
 * loads @pulumi/pulumi and pulumi-vectara from this repository's node_modules.
 */
async function openStack(target: Target, cli: Engine): Promise<Stack> {
  const workDir = path.join(LOCAL, "project");
  fs.mkdirSync(workDir, { recursive: true });
  const project = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8").replace(/^main:.*\n/m, "");
  fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), project);
  const projectName = /^name:\s*(\S+)/m.exec(project)![1];
  return LocalWorkspace.createOrSelectStack(
    {
      stackName: target.stackName,
      projectName,
      program: inlineProgram(PROGRAM),
    },
    {
      workDir,
      pulumiCommand: await PulumiCommand.get({ root: path.dirname(cli.binDir), skipVersionCheck: true }),
      envVars: { ...offlineEnv(LOCAL, process.env.PULUMI_CONFIG_PASSPHRASE || DEFAULT_PASSPHRASE), ...target.env },
    },
  );
}

/**
 * The roster the program reads: the stack's `roster` config (`pulumi config set roster …`), else
 * the example's. npm start checks it before the engine starts, so that a roster's problems are
 * printed once: the program checks it too, but an error thrown by an inline program is printed
 * twice by the SDK (the language host of a plain `pulumi up` prints it once).
 */
async function rosterFile(stack: Stack): Promise<string> {
  const project = (await stack.workspace.projectSettings()).name;
  return (await stack.getAllConfig())[`${project}:roster`]?.value ?? path.join(path.dirname(PROGRAM), "roster.json");
}

async function listUsers(): Promise<void> {
  const client = new UsersClient(openSession({ config: () => undefined, env: process.env }));
  try {
    for await (const user of client.list({ limit: 100 })) {
      console.log(`  ${user.username.padEnd(24)} ${user.enabled === false ? "disabled" : "enabled "} ${user.apiRoles.join(", ")}`);
    }
  } finally {
    client.close();
  }
}

async function main(): Promise<number> {
  const target = await chooseTarget(process.env);
  let streaming = false;
  // The inline program (listVectaraUsers) reads the same settings as the provider host.
  Object.assign(process.env, target.env);
  try {
    const cli = engine();
    console.log(`Target: ${target.description}`);
    console.log(`Engine: Pulumi CLI ${cli.version} (${path.relative(REPO_ROOT, cli.cli) || cli.cli})`);
    console.log(`Stack:  ${target.stackName}, state in ${path.relative(REPO_ROOT, path.join(LOCAL, "backend"))}`);
    const stack = await openStack(target, cli);
    const roster = await rosterFile(stack);
    const people = loadRoster(roster).length;
    console.log(`Roster: ${path.relative(REPO_ROOT, roster) || roster} (${people} ${people === 1 ? "person" : "people"})\n`);
    process.on("SIGINT", () => console.log("\nInterrupted: the CLI is cancelling the update (it got the signal too)."));
    // The CLI's output, both streams, as it comes: a failed command's error is then already shown.
    const output = { onOutput: (text: string) => process.stdout.write(text), onError: (text: string) => process.stderr.write(text) };
    streaming = true;
    await stack.preview({ ...output, color: "never", diff: false });
    console.log("");
    await stack.up({ ...output, color: "never" });
    streaming = false;
    console.log("\nUsers now in the target:");
    await listUsers();
    return 0;
  } catch (e) {
    if (e instanceof RosterError) console.error(`\nThe roster cannot be used; nothing was run:\n${e.message}`);
    else if (streaming && e instanceof CommandError) console.error("\nThe run failed: its error is above.");
    else {
      const stderr = (e as { commandResult?: { stderr?: string } }).commandResult?.stderr?.trim();
      console.error(`\nThe run failed:\n${stderr || (e instanceof Error ? e.message : e)}`);
    }
    return 1;
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
