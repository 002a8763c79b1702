/**
 * What every API module of one client shares: the resolved settings, one transport (its
 * keep-alive sockets and the retry policy) and one authenticator (its OAuth token). The users
 * API's client is made on a session; a client of another Vectara API is made on the same one, so
 * a provider host makes one token request and keeps one pool of sockets for all of them.
 */
import { createAuthenticator, type Authenticator } from "./auth";
import { Redactor } from "./redact";
import { resolve, withCredential, type CredentialKind, type ResolvedSettings, type SettingsSources } from "./settings";
import { HttpTransport, type HttpRequest, type HttpResponse } from "./transport";

/** One request of an API module: its path (under the base URL) and query; the session adds the rest. */
export type Call = Omit<HttpRequest, "url" | "headers" | "credential" | "unauthorizedNote" | "refusedAdvice" | "refresh" | "stopNote"> & {
  query?: string;
};

export class Session {
  readonly settings: ResolvedSettings;
  readonly #http: HttpTransport;
  readonly #auth: Authenticator;
  readonly #redactor = new Redactor();

  constructor(settings: ResolvedSettings) {
    this.settings = settings;
    this.#http = new HttpTransport(settings, this.#redactor);
    this.#auth = createAuthenticator(settings, this.#http, this.#redactor);
  }

  /** A secret an API answered (a new client secret or secret key): scrubbed from every later error text. */
  protect(secret: string | undefined): void {
    this.#redactor.add(secret);
  }

  /** Which credential this session uses. */
  get credentialKind(): CredentialKind {
    return this.#auth.kind;
  }

  /** How many HTTP requests this session made to the token URL (retries included). */
  get tokenRequests(): number {
    return this.#http.attempts.token;
  }

  /** Closes the keep-alive connections. The session stays usable (new ones open). */
  close(): void {
    this.#http.close();
  }

  /**
   * Sends with the credential, under the transport's one retry policy (which also refreshes a
   * bearer token that a 401 refused, once).
   */
  async call(call: Call): Promise<HttpResponse> {
    const { query, ...rest } = call;
    const auth = this.#auth;
    const first = await auth.headers();
    return await this.#http.send({
      ...rest,
      url: `${this.settings.baseUrl}${call.path}${query ? `?${query}` : ""}`,
      headers: first.headers,
      credential: auth.description,
      refusedAdvice: auth.refusedAdvice,
      ...(first.token !== undefined && {
        refresh: async () => (auth.invalidate(first.token) ? (await auth.headers()).headers : undefined),
      }),
    });
  }
}

/** A session on the settings `sources` resolve to. @throws VectaraConfigError for settings that cannot work, or no credential. */
export function openSession(sources: SettingsSources): Session {
  return new Session(withCredential(resolve(sources)));
}
