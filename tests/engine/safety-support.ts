/**
 * What the safety scenarios (tests/engine/safety-*.test.ts) share: a stack of the program in
 * fixtures/safety (its users come from stack config, so each step is a config change), what
 * state holds, and the CLI commands the Automation API does not offer.
 */
import * as path from "node:path";
import { DEFAULT_API_KEY, type VectaraEmulator } from "../emulator";
import { EngineStack } from "../support/engine";
import type { DeclaredUser } from "./fixtures/safety/index";

export type { DeclaredUser };

const PROJECT = path.join(__dirname, "fixtures", "safety");
const USERS_KEY = "vectara-safety:users";

/** A stack of fixtures/safety against `emulator`: its admin key, 1 retry, millisecond backoff. */
export async function openSafetyStack(emulator: VectaraEmulator, users: DeclaredUser[]): Promise<EngineStack> {
  return EngineStack.open({
    projectDir: PROJECT,
    config: {
      "vectara:baseUrl": emulator.url,
      "vectara:maxRetries": "1",
      "vectara:retryBaseDelayMs": "1",
      [USERS_KEY]: JSON.stringify(users),
    },
    secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
  });
}

/** The program's next version. */
export async function declare(stack: EngineStack, users: DeclaredUser[]): Promise<void> {
  await stack.setConfig(USERS_KEY, JSON.stringify(users));
}

export interface StateUser {
  /** Resource name. */
  name: string;
  id: string;
  outputs: Record<string, unknown>;
  initErrors?: string[];
}

/** The VectaraUsers in state. */
export async function stateUsers(stack: EngineStack): Promise<StateUser[]> {
  const resources = (await stack.resources()) as (Awaited<ReturnType<EngineStack["resources"]>>[number] & { initErrors?: string[] })[];
  return resources
    .filter((r) => r.type === "pulumi-nodejs:dynamic/vectara:User")
    .map((r) => ({ name: r.urn.split("::").pop()!, id: r.id ?? "", outputs: r.outputs ?? {}, initErrors: r.initErrors }));
}

/** `pending_operations` of `pulumi stack export`: what the engine started and never saw finish. */
export async function pendingOperations(stack: EngineStack): Promise<{ type: string; urn: string; name: string }[]> {
  const exported = await stack.stack.exportStack();
  const ops = ((exported.deployment as { pending_operations?: { type: string; resource: { urn: string } }[] }).pending_operations ?? []);
  return ops.map((op) => ({ type: op.type, urn: op.resource.urn, name: op.resource.urn.split("::").pop()! }));
}

/**
 * Any `pulumi` command on this stack, as a user types it (non-interactive); never throws:
 * `error` holds what the user saw when it failed.
 */
export async function pulumiCli(stack: EngineStack, args: string[]): Promise<{ stdout: string; error?: string }> {
  const workspace = stack.stack.workspace as unknown as {
    pulumiCommand: { run(args: string[], cwd: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string }> };
    envVars: Record<string, string>;
  };
  try {
    const result = await workspace.pulumiCommand.run([...args, "--stack", stack.stack.name, "--non-interactive", "--color", "never"], stack.workDir, workspace.envVars);
    return { stdout: `${result.stdout}${result.stderr}` };
  } catch (e) {
    const result = (e as { commandResult?: { stdout?: string; stderr?: string } }).commandResult;
    return { stdout: result?.stdout ?? "", error: result ? `${result.stderr ?? ""}\n${result.stdout ?? ""}` : String(e) };
  }
}
