/**
 * The errors every public method of the client throws, and their wording. No raw axios error ever escapes: those
 * carry the request config, and with it the `x-api-key` / `Authorization` header.
 *
 * Every class here holds only plain, credential-free data (status, method, path, server
 * messages after redaction) and has a `toJSON` that lists exactly those fields, so
 * `message`, `toString()`, `util.inspect(err)`, `JSON.stringify(err)`, `err.stack` and
 * `err.cause` are safe to log.
 */
import { STATUS_CODES } from "node:http";

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

/** A response that does not have the shape the spec promises. */
export class UnexpectedResponseError extends VectaraError {}

/**
 * A create whose answer was lost found its username taken by a user with another email: the
 * POST did not create it, and sending it again would fail.
 */
export class UsernameTakenError extends VectaraError {
  readonly username: string;
  /** The email of the user that has the username. */
  readonly existingEmail: string;

  constructor(username: string, existingEmail: string) {
    super(`Vectara user "${username}" exists with email "${existingEmail}": the username is taken by another user.`);
    this.username = username;
    this.existingEmail = existingEmail;
  }
}

/**
 * A create that may or may not have made the user: the answer to its POST was lost (no answer,
 * a 5xx, an unreadable 2xx) and the GET that would have told failed too. The user may exist
 * with this username and email; nothing was sent again. `cause` is the GET's error.
 */
export class CreateUnconfirmedError extends VectaraError {
  readonly username: string;
  readonly email: string;

  constructor(username: string, email: string, lost: unknown, check: unknown) {
    super(
      `Vectara user "${username}" may have been created: the answer to POST /v2/users was lost (${reasonOf(lost)}) ` +
        `and the GET that checks for the user failed too (${reasonOf(check)}). The POST was not sent again.`,
      check instanceof VectaraError ? { cause: check } : undefined,
    );
    this.username = username;
    this.email = email;
  }
}

/** What went wrong, without the advice an OutcomeUnknownError adds about its own request. */
function reasonOf(e: unknown): string {
  const inner = isOutcomeUnknown(e) && e.cause instanceof Error ? e.cause : e;
  return inner instanceof Error ? inner.message : String(inner);
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
/** What `promise` resolves to, or undefined when it rejects with a 404 (any other error is thrown). */
export async function unlessNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function isConflict(e: unknown): boolean {
  return isVectaraApiError(e) && e.status === 409;
}

/** True when `e` is an `OutcomeUnknownError` (also across two loaded copies of this module). */
export function isOutcomeUnknown(e: unknown): e is OutcomeUnknownError {
  return e instanceof OutcomeUnknownError || (e instanceof Error && e.name === "OutcomeUnknownError");
}

/** True when `e` is a `CreateUnconfirmedError` (also across two loaded copies of this module). */
export function isCreateUnconfirmed(e: unknown): e is CreateUnconfirmedError {
  return e instanceof CreateUnconfirmedError || (e instanceof Error && e.name === "CreateUnconfirmedError");
}

// ------------------------------------------------------------ wording

/** What a message says about the request that failed. */
export interface FailedRequest {
  kind: string;
  method: string;
  /** Path as sent (percent-encoded), without the query. */
  path: string;
  /** Who answers: "Vectara API" (default) or "Vectara token URL". */
  service?: string;
  /** Safe description of the credential used, for 401/403 messages. */
  credential?: string;
  /** Extra words for a 401 message (e.g. "(a freshly issued token was rejected too)"). */
  unauthorizedNote?: string;
  /** What a 401 or 403 adds for this credential (an API key: that OAuth client credentials may be needed). */
  refusedAdvice?: string;
  /** For "create" / "action": what to check before trying again. */
  outcomeAdvice?: string;
  /** Why the retries stopped before the budget was spent (the operation's time limit). */
  stopNote?: string;
}

/** The parts of an error body a message quotes (already redacted). */
export interface QuotedBody {
  messages: string[];
  fieldErrors: Record<string, string>;
  requestId?: string;
}

/** The status text the server sent, else the standard one. */
export function statusTextOf(status: number, given: string | undefined): string {
  return given && given.trim() ? given.trim() : (STATUS_CODES[status] ?? "");
}

function retriesNote(retries: number): string {
  return retries > 0 ? `gave up after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
}

function serviceOf(req: FailedRequest): string {
  return req.service ?? "Vectara API";
}

/**
 * Clauses joined with "; ", each but the last without its closing full stop: a server's
 * "Invalid API key." and our "the API key was rejected" read "Invalid API key; the API key
 * was rejected", never ".;". Empty clauses are left out.
 */
export function joinClauses(parts: readonly string[]): string {
  const clauses = parts.map((p) => p.trim()).filter((p) => p !== "");
  return clauses.map((clause, i) => (i < clauses.length - 1 ? clause.replace(/(?<!\.)\.$/, "") : clause)).join("; ");
}

/** `Vectara API 403 Forbidden on GET /v2/users: <server's words>; <what it means>; gave up after …` */
export function apiErrorMessage(req: FailedRequest, status: number, statusText: string, body: QuotedBody, retries: number): string {
  const parts: string[] = [];
  const server = joinClauses(body.messages);
  if (status >= 300 && status < 400) {
    parts.push("redirected elsewhere; redirects are not followed so that credentials are not forwarded (check baseUrl / authUrl)");
  } else if (status === 400) {
    // A server may say a field's problem in `messages` too: quote it once.
    const fields = Object.entries(body.fieldErrors)
      .map(([f, m]) => `${f}: ${m}`)
      .filter((text) => !server.includes(text));
    parts.push(server || "bad request");
    if (fields.length) parts.push(`field errors: ${fields.join("; ")}`);
  } else if (status === 401) {
    parts.push(server);
    parts.push(
      `the ${req.credential ?? "credential"} was rejected or has expired${req.unauthorizedNote ? ` ${req.unauthorizedNote}` : ""}`,
    );
    if (req.refusedAdvice) parts.push(req.refusedAdvice);
  } else if (status === 403) {
    parts.push(server);
    parts.push(`the ${req.credential ?? "credential"} may not do this: the users API needs the \`administrator\` or \`owner\` API role`);
    if (req.refusedAdvice) parts.push(req.refusedAdvice);
  } else if (status === 404) {
    parts.push(server || "not found");
  } else if (status === 409) {
    parts.push(server || "already exists");
  } else if (status === 429) {
    parts.push(server || "too many requests");
  } else {
    parts.push(server);
  }
  parts.push(retriesNote(retries), req.stopNote ?? "");
  const text = joinClauses(parts);
  const rid = body.requestId ? ` (request ${body.requestId})` : "";
  return `${serviceOf(req)} ${status} ${statusText} on ${req.method} ${req.path}${text ? `: ${text}` : ""}${rid}`;
}

/** No answer: a timeout, or a connection that could not be made or broke. `detail` is redacted. */
export function noAnswerMessage(
  req: FailedRequest,
  failure: { timedOutAfterMs: number } | { sent: boolean; code?: string; detail: string },
  retries: number,
): string {
  let message: string;
  if ("timedOutAfterMs" in failure) {
    message = `${serviceOf(req)} request ${req.method} ${req.path} timed out after ${failure.timedOutAfterMs} ms (timeoutMs) without an answer`;
  } else {
    const what = failure.sent ? "the connection failed" : "could not connect";
    const code = failure.code && !failure.detail.includes(failure.code) ? `${failure.code}: ` : "";
    message = `${serviceOf(req)} request ${req.method} ${req.path} got no answer: ${what} (${code}${failure.detail})`;
  }
  return joinClauses([message, retriesNote(retries), req.stopNote ?? ""]);
}

/** Why a create or action may have taken effect, and that it was not sent again. */
export function outcomeUnknownMessage(req: FailedRequest, reason: string): string {
  const what = req.kind === "create" ? "to avoid creating the user twice" : "to avoid repeating an action that is not idempotent";
  return (
    `Outcome unknown: ${req.method} ${req.path} may or may not have taken effect: ${reason}. ` +
    `It was not sent again, ${what}. ${req.outcomeAdvice ?? "Check the current state (GET) before trying again."}`
  );
}
