/**
 * What the safety scenarios (tests/engine/safety-*.test.ts) share: a stack whose program
 * declares the users a test gives it (each step of a scenario is an edit of the program, as a
 * user's would be), what state holds, and the CLI commands the Automation API does not offer.
 */
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset, VectaraUser, type ApiRole } from "pulumi-vectara";
import type { VectaraEmulator } from "vectara-emulator";
import { EngineStack, type StateResource } from "../support/engine";
import { failureText } from "../support/engine-stack";
import { apiKeyTarget } from "./helpers";

export interface DeclaredUser {
  /** The resource name. */
  name: string;
  email: string;
  username?: string;
  apiRoles?: ApiRole[];
  adoptExisting?: boolean;
  /** Earlier names of this resource (the `aliases` resource option). */
  aliases?: string[];
  /** Also a UserPasswordReset for this user, with this trigger value (a change sends a new reset). */
  resetWave?: string;
}

const programs = new WeakMap<EngineStack, DeclaredUser[]>();

/** One VectaraUser per declared user; the stack output `ids` maps resource names to `usr_…` ids. */
function program(declared: () => DeclaredUser[]) {
  return async () => {
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const d of declared()) {
      const user = new VectaraUser(
        d.name,
        { email: d.email, username: d.username, apiRoles: d.apiRoles, adoptExisting: d.adoptExisting },
        d.aliases ? { aliases: d.aliases.map((name) => ({ name })) } : {},
      );
      if (d.resetWave !== undefined) new UserPasswordReset(`${d.name}-password`, { user, triggers: { wave: d.resetWave } });
      ids[d.name] = user.userId;
    }
    return { ids: pulumi.all(ids) };
  };
}

/** A stack of `users` against `emulator`: its admin key, 1 retry, millisecond backoff. */
export async function openSafetyStack(emulator: VectaraEmulator, users: DeclaredUser[]): Promise<EngineStack> {
  const target = apiKeyTarget(emulator);
  const stack: EngineStack = await EngineStack.open({
    project: "vectara-safety",
    program: program(() => programs.get(stack!) ?? users),
    ...target,
    config: { ...target.config, "vectara:retryBaseDelayMs": "1" },
  });
  programs.set(stack, users);
  return stack;
}

/** The program's next version. */
export function declare(stack: EngineStack, users: DeclaredUser[]): void {
  programs.set(stack, users);
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
  return (await stack.resources())
    .filter((r: StateResource) => r.type === "pulumi-nodejs:dynamic/vectara:User")
    .map((r) => ({ name: r.urn.split("::").pop()!, id: r.id ?? "", outputs: r.outputs ?? {}, initErrors: r.initErrors }));
}

/** `pending_operations` of `pulumi stack export`: what the engine started and never saw end. */
export async function pendingOperations(stack: EngineStack): Promise<{ type: string; urn: string; name: string }[]> {
  const exported = JSON.parse(await stack.exportText()) as {
    deployment?: { pending_operations?: { type: string; resource: { urn: string } }[] };
  };
  return (exported.deployment?.pending_operations ?? []).map((op) => ({
    type: op.type,
    urn: op.resource.urn,
    name: op.resource.urn.split("::").pop()!,
  }));
}

/**
 * Any `pulumi` command on this stack, as a user types it (non-interactive); never throws:
 * `error` holds what the user saw when it failed.
 */
export async function pulumiCli(stack: EngineStack, args: string[]): Promise<{ stdout: string; error?: string }> {
  const result = await stack.command(args);
  return result.code === 0 ? { stdout: `${result.stdout}${result.stderr}` } : { stdout: result.stdout, error: failureText(result) };
}
