import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { UsersClient } from "../client";
import { settingsFromConfig } from "./config";

/** What the provider host hands `configure`: the stack config, secrets already decrypted. */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

type Resolved = ReturnType<typeof settingsFromConfig>;

/**
 * One client per provider-host process, shared by every resource type the package serves, so
 * a whole `pulumi up` reuses one OAuth token and one pool of keep-alive connections.
 * Credentials live only here, in memory, read at run time; never in a closure that Pulumi
 * serializes into state.
 */
let resolved: Resolved | Error | undefined;
let fingerprint: string | undefined;
let client: UsersClient | undefined;

/**
 * Called from each provider's `configure` (the host calls it once per resource type). A
 * configuration without credentials is not an error yet: `check` and `diff` need none, so a
 * preview still works; the first API call reports it.
 */
export function configureConnection(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): void {
  let next: Resolved | Error;
  try {
    next = settingsFromConfig((key) => config.get(key), env);
  } catch (e) {
    next = e as Error;
  }
  const nextFingerprint = next instanceof Error ? undefined : digest(next);
  if (nextFingerprint !== undefined && nextFingerprint === fingerprint) return; // same settings: keep the client and its token
  resolved = next;
  fingerprint = nextFingerprint;
  client = undefined;
}

/** The shared client; throws the "no credentials" error (naming the config keys) when none are set. */
export function usersClient(): UsersClient {
  if (!client) {
    if (resolved === undefined) configureConnection({ get: () => undefined });
    if (resolved instanceof Error) throw resolved;
    client = new UsersClient(resolved!.settings, resolved!.env);
  }
  return client;
}

function digest({ settings, env }: Resolved): string {
  const credentialEnv = [env.VECTARA_API_KEY, env.VECTARA_CLIENT_ID, env.VECTARA_CLIENT_SECRET, env.VECTARA_BASE_URL, env.VECTARA_AUTH_URL];
  return createHash("sha256").update(JSON.stringify([settings, credentialEnv])).digest("hex");
}

/** A provider whose `configure` sets up the shared connection (every resource type needs the same). */
export function connectedProvider(provider: Omit<pulumi.dynamic.ResourceProvider, "configure">): pulumi.dynamic.ResourceProvider {
  return {
    ...provider,
    async configure(req) {
      configureConnection(req.config);
    },
  };
}
