import { createHash } from "node:crypto";
import { VectaraConfigError, type UsersClient } from "../client";
import { clientFor, resolveAdoptExactMatches, resolveConfig, type VectaraConfig } from "./config";

/** What the provider host hands `configure`: the stack config, secrets already decrypted. */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

/**
 * The stack config, resolved once, and the one client made from it. Credentials live only
 * here, in memory, read at run time; never in a closure that Pulumi serializes into state.
 */
export class Connection {
  #config: VectaraConfig | VectaraConfigError | undefined;
  #fingerprint: string | undefined;
  #client: UsersClient | undefined;
  #adoptExactMatches = false;

  /**
   * From each provider's `configure` (the host calls it once per resource type). Settings
   * that cannot work are kept as an error for `assertUsable`; the same settings again keep
   * the client, its OAuth token and its keep-alive connections.
   */
  configure(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): void {
    let next: VectaraConfig | VectaraConfigError;
    try {
      next = resolveConfig((key) => config.get(key), env);
      this.#adoptExactMatches = resolveAdoptExactMatches((key) => config.get(key));
    } catch (e) {
      if (!(e instanceof VectaraConfigError)) throw e;
      next = e;
    }
    const nextFingerprint = next instanceof Error ? undefined : digest(next);
    if (nextFingerprint !== undefined && nextFingerprint === this.#fingerprint) return;
    this.#config = next;
    this.#fingerprint = nextFingerprint;
    this.#client = undefined;
  }

  /**
   * The configuration error (a bad value, an insecure URL, half an OAuth pair), if any. No
   * credentials at all is not one: a preview needs none.
   */
  problem(): VectaraConfigError | undefined {
    return this.#config instanceof Error ? this.#config : undefined;
  }

  /** `vectara:adoptExactMatches`: creates look first and take over users whose username and email match exactly. */
  adoptExactMatches(): boolean {
    return this.#adoptExactMatches;
  }

  /** The client; throws the configuration error, or the "no credentials" one naming what to set. */
  client(): UsersClient {
    if (!this.#client) {
      if (this.#config === undefined) this.configure({ get: () => undefined });
      const config = this.#config;
      if (config instanceof Error) throw config;
      this.#client = clientFor(config as VectaraConfig);
    }
    return this.#client;
  }
}

function digest(config: VectaraConfig): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("hex");
}

/** One per provider-host process: a whole `pulumi up` shares one OAuth token and one pool of connections. */
export const sharedConnection = new Connection();
