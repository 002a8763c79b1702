/**
 * The retry policy, by kind of request. Pure: what to retry, how long to wait, and when a
 * failed request may still have taken effect. transport.ts applies it through axios-retry.
 *
 * - "read" (GET) and "idempotent" (PATCH, DELETE): 429, 502, 503, 504 and network errors.
 * - "token" (OAuth token POST, harmless to repeat): 429, any 5xx and network errors.
 * - "create" (POST /v2/users) and "action" (reset_password, which sends an email): only
 *   429 (refused before acting) and connection failures that prove the request never left
 *   (ECONNREFUSED and the like). A timeout, a reset after sending or any 5xx leaves the outcome
 *   unknown: the request is not sent again (UsersClient.createReconciled looks first).
 * Timeouts are never retried: the worst case of one call stays near `timeoutMs`.
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
  { type: "status"; status: number } | { type: "timeout" } | { type: "notSent"; code: string } | { type: "network"; code?: string };

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

/** The retry decision for one failure of one kind of request. */
export function shouldRetry(kind: RequestKind, failure: Failure): boolean {
  switch (failure.type) {
    case "timeout":
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
  return failure.type === "timeout" || failure.type === "network";
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
