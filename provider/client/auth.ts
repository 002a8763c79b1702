/**
 * Credentials -> request headers.
 * - API key: `x-api-key`.
 * - OAuth 2.0 client credentials: a form-encoded POST to the token URL; the token is cached
 *   until 2 minutes before it expires; concurrent callers share one token request
 *   (single-flight); `invalidate` drops a token the API rejected so the next call gets a new one.
 */
import { VectaraApiError, VectaraAuthError, isVectaraApiError } from "./errors";
import type { HttpTransport } from "./transport";
import type { Redactor } from "./redact";
import { describeCredential, type ClientCredentials, type CredentialKind, type ResolvedSettings } from "./settings";
import { tokenRequestToWire, tokenResponseFromWire } from "./wire";

/** Refresh this long before the token expires (what the official SDKs do). */
export const TOKEN_REFRESH_MARGIN_MS = 120_000;
/** Lifetime assumed when the token URL does not send `expires_in` (Vectara: 30 minutes). */
export const DEFAULT_TOKEN_LIFETIME_S = 1800;

export interface AuthHeaders {
  headers: Record<string, string>;
  /** The bearer token used, if any: pass it to `invalidate` after a 401. */
  token?: string;
}

export interface Authenticator {
  readonly kind: CredentialKind;
  /** Safe to show: "API key" or "OAuth client credentials (client id 'x')". */
  readonly description: string;
  /** What a 401 or 403 from the users API adds for this credential. */
  readonly refusedAdvice?: string;
  headers(): Promise<AuthHeaders>;
  /** Drops `token` after the API rejected it. True when asking again may help. */
  invalidate(token: string | undefined): boolean;
}

export class ApiKeyAuthenticator implements Authenticator {
  readonly kind = "api key" as const;
  readonly description = "API key";
  readonly refusedAdvice: string;
  readonly #headers: Record<string, string>;

  /** @param oauthAdvice how to switch to OAuth client credentials (see `ClientSettings.oauthAdvice`). */
  constructor(apiKey: string, oauthAdvice: string) {
    this.#headers = { "x-api-key": apiKey };
    // Vectara's user-management guide asks for OAuth client credentials, while its own API
    // tests use an API key on the same routes: a refused key may be the wrong kind of credential.
    this.refusedAdvice = `the users API may require OAuth client credentials instead of an API key: ${oauthAdvice}`;
  }

  async headers(): Promise<AuthHeaders> {
    return { headers: { ...this.#headers } };
  }

  invalidate(): boolean {
    return false;
  }
}

interface CachedToken {
  token: string;
  /** Epoch ms after which a new token is fetched. */
  refreshAt: number;
}

export class ClientCredentialsAuthenticator implements Authenticator {
  readonly kind = "oauth client credentials" as const;
  readonly description: string;
  readonly #credential: ClientCredentials;
  readonly #authUrl: string;
  readonly #http: HttpTransport;
  readonly #redactor: Redactor;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #pending: Promise<string> | undefined;

  constructor(credential: ClientCredentials, authUrl: string, http: HttpTransport, redactor: Redactor, now: () => number = Date.now) {
    this.#credential = credential;
    this.#authUrl = authUrl;
    this.#http = http;
    this.#redactor = redactor;
    this.#now = now;
    this.description = describeCredential(credential);
  }

  async headers(): Promise<AuthHeaders> {
    const token = await this.token();
    return { headers: { Authorization: `Bearer ${token}` }, token };
  }

  invalidate(token: string | undefined): boolean {
    // Only drop the token that failed: a concurrent caller may already have a fresh one.
    if (token !== undefined && this.#cached?.token === token) this.#cached = undefined;
    return true;
  }

  /** A valid access token: cached, or fetched (one fetch at a time, shared by all callers). */
  token(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.refreshAt) return Promise.resolve(cached.token);
    if (!this.#pending) {
      this.#pending = this.fetch().finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  private async fetch(): Promise<string> {
    const path = new URL(this.#authUrl).pathname;
    let data: unknown;
    try {
      ({ data } = await this.#http.send({
        kind: "token",
        method: "POST",
        url: this.#authUrl,
        path,
        service: "Vectara token URL",
        form: tokenRequestToWire(this.#credential.clientId, this.#credential.clientSecret.reveal()),
        credential: this.description,
      }));
    } catch (e) {
      throw this.rejection(e);
    }
    const response = tokenResponseFromWire(data, `POST ${this.#authUrl}`);
    this.#redactor.add(response.accessToken);
    const lifetimeMs = (response.expiresIn ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    this.#cached = { token: response.accessToken, refreshAt: this.#now() + lifetimeMs - TOKEN_REFRESH_MARGIN_MS };
    return response.accessToken;
  }

  /** 400/401/403 from the token URL: the client credentials were rejected. */
  private rejection(e: unknown): unknown {
    if (!isVectaraApiError(e) || ![400, 401, 403].includes(e.status)) return e;
    const api = e as VectaraApiError;
    const oauth = api.messages.length ? ` (${api.messages.join("; ")})` : "";
    return new VectaraAuthError(
      `Vectara token URL ${this.#authUrl} rejected the OAuth client credentials for client id ` +
        `'${this.#credential.clientId}': ${api.status} ${api.statusText}${oauth}. ` +
        `Check clientId and clientSecret (or VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET), and authUrl (VECTARA_AUTH_URL).`,
      {
        status: api.status,
        statusText: api.statusText,
        method: api.method,
        path: api.path,
        messages: api.messages,
        fieldErrors: api.fieldErrors,
        requestId: api.requestId,
        retryable: false,
      },
    );
  }
}

export function createAuthenticator(settings: ResolvedSettings, http: HttpTransport, redactor: Redactor): Authenticator {
  const credential = settings.credential;
  if (credential.kind === "api key") {
    redactor.add(credential.apiKey);
    return new ApiKeyAuthenticator(credential.apiKey.reveal(), settings.oauthAdvice);
  }
  redactor.add(credential.clientSecret);
  return new ClientCredentialsAuthenticator(credential, settings.authUrl, http, redactor);
}
