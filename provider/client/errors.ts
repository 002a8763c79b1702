/**
 * The errors every public method of the client throws. No raw axios error ever escapes: those
 * carry the request config, and with it the `x-api-key` / `Authorization` header.
 *
 * Every class here holds only plain, credential-free data (status, method, path, server
 * messages after redaction) and has a `toJSON` that lists exactly those fields, so
 * `message`, `toString()`, `util.inspect(err)`, `JSON.stringify(err)`, `err.stack` and
 * `err.cause` are safe to log.
 */

/** Base class of every error the client throws. */
export class VectaraError extends Error {
  constructor(message: string, options?: { cause?: VectaraError }) {
    super(message, options?.cause ? { cause: options.cause } : undefined);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of Object.keys(this)) {
      const value = (this as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = value;
    }
    if (this.cause instanceof VectaraError) out.cause = this.cause.toJSON();
    return out;
  }
}

/** Settings that cannot work: no credential, half a client-credentials pair, a bad or insecure URL. */
export class VectaraConfigError extends VectaraError {}

export interface ApiErrorDetails {
  status: number;
  statusText: string;
  method: string;
  path: string;
  messages?: string[];
  fieldErrors?: Record<string, string>;
  requestId?: string;
  retryable?: boolean;
}

/** The API (or the token URL) answered with an HTTP error status. */
export class VectaraApiError extends VectaraError {
  readonly status: number;
  readonly statusText: string;
  readonly method: string;
  /** Path of the request, percent-encoded as sent, without the query string. */
  readonly path: string;
  /** `messages` of the error body (redacted). */
  readonly messages: string[];
  /** `field_errors` of a 400 body: field -> message. */
  readonly fieldErrors: Record<string, string>;
  /** `request_id` of the error body, for Vectara support. */
  readonly requestId?: string;
  /** Whether trying again later may succeed (429, 502, 503, 504). */
  readonly retryable: boolean;

  constructor(message: string, details: ApiErrorDetails) {
    super(message);
    this.status = details.status;
    this.statusText = details.statusText;
    this.method = details.method;
    this.path = details.path;
    this.messages = details.messages ?? [];
    this.fieldErrors = details.fieldErrors ?? {};
    if (details.requestId !== undefined) this.requestId = details.requestId;
    this.retryable = details.retryable ?? RETRYABLE_STATUSES.has(details.status);
  }
}

/**
 * The OAuth token URL refused to issue a token (for example `invalid_client`): the client
 * credentials are wrong or revoked. A `VectaraApiError` whose `path` is the token URL's path.
 */
export class VectaraAuthError extends VectaraApiError {}

/** No HTTP answer (timeout, connection reset or refused, DNS failure), after any retries. */
export class VectaraNetworkError extends VectaraError {
  readonly method: string;
  readonly path: string;
  /** Node / axios error code, such as `ECONNRESET`, `ECONNREFUSED` or `ETIMEDOUT`. */
  readonly code?: string;
  /** True when the request timed out (`timeoutMs`). */
  readonly timedOut: boolean;

  constructor(message: string, details: { method: string; path: string; code?: string; timedOut?: boolean }) {
    super(message);
    this.method = details.method;
    this.path = details.path;
    if (details.code !== undefined) this.code = details.code;
    this.timedOut = details.timedOut ?? false;
  }
}

/**
 * A non-idempotent request (create a user, reset a password) may or may not have taken effect:
 * the connection broke after it was sent, it timed out, or the server answered 5xx. It was NOT
 * sent again. The caller must look (GET the user) before trying again.
 * `cause` is the underlying `VectaraApiError` or `VectaraNetworkError`.
 */
export class OutcomeUnknownError extends VectaraError {
  readonly method: string;
  readonly path: string;
  declare readonly cause: VectaraApiError | VectaraNetworkError;

  constructor(message: string, details: { method: string; path: string; cause: VectaraApiError | VectaraNetworkError }) {
    super(message, { cause: details.cause });
    this.method = details.method;
    this.path = details.path;
  }
}

/** Statuses worth trying again later. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True when `e` is a `VectaraApiError` (also across two loaded copies of this module). */
export function isVectaraApiError(e: unknown): e is VectaraApiError {
  if (e instanceof VectaraApiError) return true;
  return (
    e instanceof Error &&
    (e.name === "VectaraApiError" || e.name === "VectaraAuthError") &&
    typeof (e as { status?: unknown }).status === "number"
  );
}

/** The API answered 404 (no such user). */
export function isNotFound(e: unknown): boolean {
  return isVectaraApiError(e) && e.status === 404;
}

/** The API answered 409 (a user with that username or email already exists). */
export function isConflict(e: unknown): boolean {
  return isVectaraApiError(e) && e.status === 409;
}

/** True when `e` is an `OutcomeUnknownError` (also across two loaded copies of this module). */
export function isOutcomeUnknown(e: unknown): e is OutcomeUnknownError {
  return e instanceof OutcomeUnknownError || (e instanceof Error && e.name === "OutcomeUnknownError");
}
