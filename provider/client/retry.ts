/**
 * THE retry policy: every decision about sending a request again, in one place and pure. The
 * transport (transport.ts) applies it through axios-retry; nothing above the transport retries.
 *
 * By kind of request:
 * - "read" (GET) and "idempotent" (PATCH, DELETE): 429, 502, 503, 504 and network errors.
 * - "token" (OAuth token POST, harmless to repeat): 429, any 5xx and network errors.
 * - "create" (POST /v2/users) and "action" (reset_password, which sends an email): only 429
 *   (refused before acting) and connection failures that prove the request never left
 *   (ECONNREFUSED and the like). A timeout, a reset after sending, any 5xx or an unreadable 2xx
 *   leaves the outcome unknown: such a request is sent again only when its caller can look
 *   (a reconciled create, UsersClient.createReconciled): `look` first (GET the username), and
 *   resend only when that found nothing. Without a look, the outcome stays unknown and nothing
 *   is sent again.
 * - A 401 to a bearer token: the token is refreshed once and the request resent (not counted
 *   as a retry).
 * Budget: at most `maxRetries` retries per operation, whatever their reasons, so a create sends
 * at most 1 + maxRetries POSTs. Deadline: no retry starts once its delay would end after the
 * operation's deadline (`operationTimeoutMs` after the operation began); an operation thus
 * lasts at most about operationTimeoutMs + timeoutMs.
 * Timeouts are never retried: the worst case of one attempt stays near `timeoutMs`.
 * Delays: `Retry-After` (seconds or HTTP date) when present, else exponential backoff with
 * full jitter; both capped by `retryMaxDelayMs`.
 */
import { RETRYABLE_STATUSES } from "./errors";

export type RequestKind = "read" | "idempotent" | "create" | "action" | "token";

/** Connection failures that prove the request never reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);
/** ...of which these are worth trying again (a DNS name that does not exist is not). */
const TRANSIENT_NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
]);

export type Failure =
  | { type: "status"; status: number }
  | { type: "timeout" }
  | { type: "notSent"; code: string }
  | { type: "network"; code?: string }
  /** A 2xx whose body is not what the request expects (only where the caller reads the answer in the transport). */
  | { type: "unreadable" };

function isTlsCode(code: string | undefined): boolean {
  return !!code && /CERT|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_TLS|ERR_SSL/.test(code);
}

/** What kind of failure an axios error is. */
export function classifyFailure(err: { response?: { status: number }; code?: string }): Failure {
  if (err.response) return { type: "status", status: err.response.status };
  // axios reports its own timeout as ECONNABORTED (clarifyTimeoutError is left off, so that
  // an OS-level ETIMEDOUT stays an ordinary network error).
  if (err.code === "ECONNABORTED") return { type: "timeout" };
  if (err.code && NOT_SENT_CODES.has(err.code)) return { type: "notSent", code: err.code };
  return err.code ? { type: "network", code: err.code } : { type: "network" };
}

/** Whether a failure of one kind of request may be retried blind (no look first). */
export function shouldRetry(kind: RequestKind, failure: Failure): boolean {
  switch (failure.type) {
    case "timeout":
    case "unreadable":
      return false;
    case "notSent":
      return TRANSIENT_NOT_SENT_CODES.has(failure.code);
    case "network":
      return (kind === "read" || kind === "idempotent" || kind === "token") && !isTlsCode(failure.code) && failure.code !== "ERR_CANCELED";
    case "status":
      if (failure.status === 429) return true;
      if (kind === "token") return failure.status >= 500;
      if (kind === "read" || kind === "idempotent") return RETRYABLE_STATUSES.has(failure.status);
      return false;
  }
}

/** Whether a final failure of a create/action leaves its outcome unknown. */
export function outcomeUnknown(kind: RequestKind, failure: Failure): boolean {
  if (kind !== "create" && kind !== "action") return false;
  if (failure.type === "status") return failure.status >= 500;
  return failure.type === "timeout" || failure.type === "network" || failure.type === "unreadable";
}

/** Where an operation stands when one of its attempts failed. */
export interface Attempt {
  /** A bearer token was sent and has not been refreshed in this operation yet. */
  canRefresh: boolean;
  /** The caller can look for what a lost request made (a reconciled create). */
  canLook: boolean;
  /** An earlier attempt of this operation lost its answer. */
  lostBefore: boolean;
}

/**
 * What to do after one failed attempt: `refresh` the token and resend; `look` for what a lost
 * request made (then resend only if it found nothing: `allowRetry` decides); `retry` blind;
 * or `stop`.
 */
export type Decision = "refresh" | "look" | "retry" | "stop";

export function decide(kind: RequestKind, failure: Failure, attempt: Attempt): Decision {
  if (failure.type === "status" && failure.status === 401 && attempt.canRefresh) return "refresh";
  if (attempt.canLook) {
    if (outcomeUnknown(kind, failure)) return "look";
    // A 409 after a lost answer is most likely that request taking effect late.
    if (failure.type === "status" && failure.status === 409 && attempt.lostBefore) return "look";
  }
  return shouldRetry(kind, failure) ? "retry" : "stop";
}

/** Why another attempt is not made. */
export type Refusal = "budget" | "deadline";

/**
 * Whether retry number `retries + 1` may start after `delayMs`: within the budget of
 * `maxRetries`, and before the operation's `deadline` (epoch ms).
 */
export function allowRetry(
  retries: number,
  maxRetries: number,
  delayMs: number,
  deadline: number,
  now: number = Date.now(),
): Refusal | undefined {
  if (retries >= maxRetries) return "budget";
  if (now + delayMs > deadline) return "deadline";
  return undefined;
}

/** Milliseconds a `Retry-After` value asks for (seconds or an HTTP date); undefined if unusable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[A-Za-z]{3}/.test(text)) return undefined; // an HTTP date names its month; "-3" is not a date
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export interface DelayPolicy {
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
}

/**
 * Delay before retry number `retryNumber` (1-based): the server's `Retry-After` if usable,
 * else full jitter over `base * 2^(n-1)`; always capped by `retryMaxDelayMs`.
 */
export function computeRetryDelay(
  retryNumber: number,
  retryAfter: unknown,
  policy: DelayPolicy,
  now: number = Date.now(),
  random: () => number = Math.random,
): number {
  const fromServer = parseRetryAfter(retryAfter, now);
  if (fromServer !== undefined) return Math.min(fromServer, policy.retryMaxDelayMs);
  const ceiling = Math.min(policy.retryMaxDelayMs, policy.retryBaseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * ceiling);
}
