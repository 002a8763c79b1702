/**
 * The connection of one provider-host process: the stack config the host hands `configure`,
 * resolved once (client/settings.ts, the one resolver), and one session made from it, on which
 * each Vectara API's client is made once. Credentials live only here, in memory, read at run
 * time; never in anything Pulumi serializes into state.
 */
import { createHash } from "node:crypto";
import { VectaraConfigError } from "../client";
import { Session } from "../client/session";
import { resolve, withCredential, type Settings } from "../client/settings";
import type { ProviderConfig } from "../framework/provider";

/** A Vectara API's client class: made on a session (UsersClient). */
export type ApiClient<C> = new (session: Session) => C;

/** Stack-wide settings that change what operations do (not how the client talks to the API). */
export interface OperationSettings {
  /** `vectara:adoptExactMatches`: creates look first and take over users whose username and email match exactly. */
  adoptExactMatches: boolean;
}

export class Connection {
  #settings: Settings | VectaraConfigError | undefined;
  #fingerprint: string | undefined;
  #session: Session | undefined;
  readonly #clients = new Map<ApiClient<unknown>, unknown>();

  /**
   * From each provider's `configure`. Settings that cannot work are kept as an error for
   * `problem`; the same settings again keep the session, its OAuth token and its keep-alive
   * connections.
   */
  configure(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): void {
    let next: Settings | VectaraConfigError;
    try {
      next = resolve({ config: (key) => config.get(key), env });
    } catch (e) {
      if (!(e instanceof VectaraConfigError)) throw e;
      next = e;
    }
    const nextFingerprint = next instanceof Error ? undefined : fingerprint(next);
    if (nextFingerprint !== undefined && nextFingerprint === this.#fingerprint) return;
    this.#settings = next;
    this.#fingerprint = nextFingerprint;
    this.#session = undefined;
    this.#clients.clear();
  }

  /**
   * The configuration error (a bad value, an insecure URL, half an OAuth pair), if any. No
   * credentials at all is not one: a preview needs none.
   */
  problem(): VectaraConfigError | undefined {
    return this.#settings instanceof Error ? this.#settings : undefined;
  }

  /** What changes what operations do. */
  operationSettings(): OperationSettings {
    const settings = this.#settings;
    return { adoptExactMatches: settings !== undefined && !(settings instanceof Error) && settings.adoptExactMatches };
  }

  /** The client of one API, made once; throws the configuration error, or the "no credentials" one naming what to set. */
  client<C>(api: ApiClient<C>): C {
    let client = this.#clients.get(api) as C | undefined;
    if (client === undefined) {
      client = new api(this.session());
      this.#clients.set(api, client);
    }
    return client;
  }

  private session(): Session {
    if (!this.#session) {
      if (this.#settings === undefined) this.configure({ get: () => undefined });
      const settings = this.#settings;
      if (settings instanceof Error) throw settings;
      this.#session = new Session(withCredential(settings as Settings));
    }
    return this.#session;
  }
}

/** Equal for equal settings, credentials included (hashed, never kept). */
function fingerprint(settings: Settings): string {
  const c = settings.credential;
  const credential = c && (c.kind === "api key" ? [c.kind, c.apiKey.reveal()] : [c.kind, c.clientId, c.clientSecret.reveal()]);
  return createHash("sha256")
    .update(JSON.stringify({ ...settings, credential }))
    .digest("hex");
}

/** One per provider-host process: a whole `pulumi up` shares one OAuth token and one pool of connections. */
export const sharedConnection = new Connection();
