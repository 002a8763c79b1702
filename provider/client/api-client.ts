/**
 * What every Vectara API's client shares: its session, made from client options (resolved by
 * settings.ts) or handed in by a provider's connection, and what a caller may ask of it. A
 * client of another API (app clients, API keys) extends this class and makes its calls with
 * `this.call`.
 */
import { VectaraError } from "./errors";
import { Session, type Call } from "./session";
import { resolveSettings, type ClientSettings, type CredentialKind } from "./settings";
import type { HttpResponse } from "./transport";

/**
 * The path segment of a name or id (`what`: "username", "app client id"): `encodeURIComponent`,
 * after refusing values that are not a string or would change the path (`""`, `.`, `..`).
 */
export function pathSegment(what: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new VectaraError(`A Vectara ${what} must be a string, got ${value === null ? "null" : typeof value}.`);
  }
  if (value === "" || value === "." || value === "..") {
    throw new VectaraError(`"${value}" is not a usable Vectara ${what}: an empty ${what}, "." or ".." would change the request path.`);
  }
  return encodeURIComponent(value);
}

export abstract class ApiClient {
  readonly #session: Session;

  /**
   * @param settings explicit settings; anything missing comes from the `VECTARA_*` environment
   *   variables (see `resolveSettings`). Throws VectaraConfigError for unusable settings. (A
   *   session, inside this package: the client shares its credential and transport.)
   * @param env the environment to fall back on (default `process.env`).
   */
  constructor(settings?: ClientSettings | Session, env?: NodeJS.ProcessEnv) {
    this.#session = settings instanceof Session ? settings : new Session(resolveSettings(settings, env));
  }

  /** Which credential this client uses. */
  get credentialKind(): CredentialKind {
    return this.#session.credentialKind;
  }

  /** How many HTTP requests this client made to the token URL (retries included). */
  get tokenRequests(): number {
    return this.#session.tokenRequests;
  }

  /** The API base URL in use (no trailing slash). */
  get baseUrl(): string {
    return this.#session.settings.baseUrl;
  }

  /** Closes this client's keep-alive connections. The client stays usable (new ones open). */
  close(): void {
    this.#session.close();
  }

  /**
   * Registers a secret this client received (a client secret, an API key's secret key): any
   * later error text that quotes it says `[redacted]` instead.
   */
  protected protect(secret: string | undefined): void {
    this.#session.protect(secret);
  }

  /** One request through the session (credential, retry policy, errors). */
  protected call(call: Call): Promise<HttpResponse> {
    return this.#session.call(call);
  }
}
