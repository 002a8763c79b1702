/**
 * What every API module of one client shares: the resolved settings, one transport (its
 * keep-alive sockets and the retry policy) and one authenticator (its OAuth token). The users
 * API's client is made on a session; a client of another Vectara API is made on the same one, so
 * a provider host makes one token request and keeps one pool of sockets for all of them.
 */
import { createAuthenticator, type Authenticator } from "./auth";
import { VectaraAuthError, isVectaraApiError } from "./errors";
import { Redactor } from "./redact";
import { resolve, withCredential, type CredentialKind, type ResolvedSettings, type SettingsSources } from "./settings";
import { HttpTransport, type HttpRequest, type HttpResponse } from "./transport";

/** One request of an API module: its path (under the base URL) and query; the session adds the rest. */
export type Call = Omit<HttpRequest, "url" | "headers" | "credential" | "unauthorizedNote" | "refusedAdvice"> & { query?: string };

export class Session {
  readonly settings: ResolvedSettings;
  readonly #http: HttpTransport;
  readonly #auth: Authenticator;

  constructor(settings: ResolvedSettings) {
    this.settings = settings;
    const redactor = new Redactor();
    this.#http = new HttpTransport(settings, redactor);
    this.#auth = createAuthenticator(settings, this.#http, redactor);
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

  /** Sends with the credential; on a 401 with a bearer token, refreshes it and tries once more. */
  async call(call: Call): Promise<HttpResponse> {
    const { query, ...rest } = call;
    const request: HttpRequest = {
      ...rest,
      url: `${this.settings.baseUrl}${call.path}${query ? `?${query}` : ""}`,
      credential: this.#auth.description,
      refusedAdvice: this.#auth.refusedAdvice,
    };
    const first = await this.#auth.headers();
    try {
      return await this.#http.send({ ...request, headers: first.headers });
    } catch (e) {
      const unauthorized = isVectaraApiError(e) && e.status === 401 && !(e instanceof VectaraAuthError);
      if (!unauthorized || first.token === undefined || !this.#auth.invalidate(first.token)) throw e;
      this.#http.log(`${call.method} ${call.path}: 401 with a bearer token, fetching a new token and trying once more`);
    }
    const second = await this.#auth.headers();
    return await this.#http.send({
      ...request,
      headers: second.headers,
      unauthorizedNote: "(a freshly issued token was rejected too)",
    });
  }
}

/** A session on the settings `sources` resolve to. @throws VectaraConfigError for settings that cannot work, or no credential. */
export function openSession(sources: SettingsSources): Session {
  return new Session(withCredential(resolve(sources)));
}
