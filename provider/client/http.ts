/**
 * One axios instance per client: keep-alive agents, per-request timeout, no redirects, the
 * retry policy (through axios-retry) and the translation of every failure into the errors of
 * errors.ts. Nothing axios-shaped leaves this file.
 *
 * Retry policy, by kind of request:
 * - "read" (GET) and "idempotent" (PATCH, DELETE): 429, 502, 503, 504 and network errors.
 * - "token" (OAuth token POST, harmless to repeat): 429, any 5xx and network errors.
 * - "create" (POST /v2/users) and "action" (reset_password, which sends an email): only
 *   429 (refused before acting) and connection failures that prove the request never left
 *   (ECONNREFUSED and the like). A timeout, a reset after sending or any 5xx becomes an
 *   OutcomeUnknownError: the request may have taken effect, so it is not sent again.
 * Timeouts are never retried: the worst case of one call stays near `timeoutMs`.
 * Delays: `Retry-After` (seconds or HTTP date) when present, else exponential backoff with
 * full jitter; both capped by `retryMaxDelayMs`.
 */
import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
import {
  OutcomeUnknownError,
  RETRYABLE_STATUSES,
  VectaraApiError,
  VectaraError,
  VectaraNetworkError,
} from "./errors";
import type { Redactor } from "./redact";
import type { ResolvedSettings } from "./settings";
import { errorBodyFromWire, type ErrorBody } from "./wire";

export type RequestKind = "read" | "idempotent" | "create" | "action" | "token";

export interface HttpRequest {
  kind: RequestKind;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Absolute URL, query included. */
  url: string;
  /** Path as sent (percent-encoded), without the query: used in messages. */
  path: string;
  /** Who answers, for messages: "Vectara API" (default) or "Vectara token URL". */
  service?: string;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Form-encoded body (sent as application/x-www-form-urlencoded). */
  form?: string;
  /** Safe description of the credential used, for 401/403 messages. */
  credential?: string;
  /** Extra words for a 401 message (e.g. "even with a freshly issued token"). */
  unauthorizedNote?: string;
  /** For "create" / "action": what to check before trying again. */
  outcomeAdvice?: string;
}

export interface HttpResponse {
  status: number;
  data: unknown;
}

interface RequestMeta {
  kind: RequestKind;
  lastDelayMs: number;
}

declare module "axios" {
  interface AxiosRequestConfig {
    vectara?: RequestMeta;
  }
}

const USER_AGENT = "pulumi-vectara";
/** Idle keep-alive sockets are closed after this long (an active request uses `timeoutMs`). */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

// ------------------------------------------------------------ failure classes

/** Connection failures that prove the request never reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);
/** ...of which these are worth trying again (a DNS name that does not exist is not). */
const TRANSIENT_NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

export type Failure =
  | { type: "status"; status: number }
  | { type: "timeout" }
  | { type: "notSent"; code: string }
  | { type: "network"; code?: string };

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

// ------------------------------------------------------------ delays

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

// ------------------------------------------------------------ messages

function describeFailure(failure: Failure, statusText?: string): string {
  switch (failure.type) {
    case "status":
      return `${failure.status} ${statusText ?? ""}`.trim();
    case "timeout":
      return "timeout";
    case "notSent":
    case "network":
      return failure.code ?? "network error";
  }
}

function statusTextOf(status: number, given: string | undefined): string {
  return given && given.trim() ? given.trim() : http.STATUS_CODES[status] ?? "";
}

function retriesNote(retries: number): string {
  return retries > 0 ? `gave up after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
}

function apiErrorMessage(req: HttpRequest, status: number, statusText: string, body: ErrorBody, retries: number): string {
  const service = req.service ?? "Vectara API";
  const parts: string[] = [];
  const server = body.messages.join("; ");
  if (status >= 300 && status < 400) {
    parts.push("redirected elsewhere; redirects are not followed so that credentials are not forwarded (check baseUrl / authUrl)");
  } else if (status === 400) {
    const fields = Object.entries(body.fieldErrors).map(([f, m]) => `${f}: ${m}`);
    parts.push(server || "bad request");
    if (fields.length) parts.push(`field errors: ${fields.join("; ")}`);
  } else if (status === 401) {
    if (server) parts.push(server);
    parts.push(
      `the ${req.credential ?? "credential"} was rejected or has expired${req.unauthorizedNote ? ` ${req.unauthorizedNote}` : ""}`,
    );
  } else if (status === 403) {
    if (server) parts.push(server);
    parts.push(
      `the ${req.credential ?? "credential"} is not allowed to do this: the users API needs the \`administrator\` or \`owner\` API role`,
    );
  } else if (status === 404) {
    parts.push(server || "not found");
  } else if (status === 409) {
    parts.push(server || "already exists");
  } else if (status === 429) {
    parts.push(server || "too many requests");
  } else if (server) {
    parts.push(server);
  }
  const note = retriesNote(retries);
  if (note) parts.push(note);
  const rid = body.requestId ? ` (request ${body.requestId})` : "";
  return `${service} ${status} ${statusText} on ${req.method} ${req.path}${parts.length ? `: ${parts.join("; ")}` : ""}${rid}`;
}

// ------------------------------------------------------------ the transport

export class HttpTransport {
  readonly #axios: AxiosInstance;
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;
  readonly #settings: ResolvedSettings;
  readonly #redactor: Redactor;
  /** HTTP attempts made (retries included), by kind of request. */
  readonly attempts: Record<RequestKind, number> = { read: 0, idempotent: 0, create: 0, action: 0, token: 0 };

  constructor(settings: ResolvedSettings, redactor: Redactor) {
    this.#settings = settings;
    this.#redactor = redactor;
    // `timeout` closes idle pooled sockets before a typical server does (Node's default is 5 s),
    // and lets Node honour a shorter `Keep-Alive: timeout=N` hint; both make a stale socket,
    // and with it an ECONNRESET on reuse (an "unknown outcome" for a create), unlikely.
    const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS, scheduling: "lifo" as const };
    this.#httpAgent = new http.Agent(agentOptions);
    this.#httpsAgent = new https.Agent(agentOptions);
    this.#axios = axios.create({
      timeout: settings.timeoutMs,
      maxRedirects: 0, // never carry a credential to another host
      // axios's own proxy support sends an https request to an http:// proxy in the clear
      // (no CONNECT tunnel), credential headers included: ignore HTTP(S)_PROXY instead.
      proxy: false,
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      headers: { Accept: "application/json", "User-Agent": USER_AGENT },
      transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false },
    });
    this.#axios.interceptors.request.use((config) => {
      const kind = config.vectara?.kind;
      if (kind) this.attempts[kind] += 1;
      return config;
    });
    axiosRetry(this.#axios, {
      retries: settings.maxRetries,
      shouldResetTimeout: true, // the timeout is per attempt
      retryCondition: (error) => {
        const kind = error.config?.vectara?.kind;
        return kind !== undefined && shouldRetry(kind, classifyFailure(error));
      },
      retryDelay: (retryCount, error) => {
        const delay = computeRetryDelay(retryCount, error.response?.headers?.["retry-after"], settings);
        if (error.config?.vectara) error.config.vectara.lastDelayMs = delay;
        return delay;
      },
      onRetry: (retryCount, error, config) => {
        const failure = classifyFailure(error);
        this.log(
          `${String(config.method).toUpperCase()} ${this.logPath(String(config.url))}: ${describeFailure(failure, error.response?.statusText)}, ` +
            `retry ${retryCount}/${settings.maxRetries} in ${config.vectara?.lastDelayMs ?? 0} ms`,
        );
      },
    });
  }

  /** Sends one request (with retries); resolves with a 2xx answer or throws a VectaraError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const headers: Record<string, string> = { ...req.headers };
    let data: unknown;
    if (req.form !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      data = req.form;
    } else if (req.body !== undefined) {
      headers["Content-Type"] = "application/json";
      data = JSON.stringify(req.body);
    }
    const config: AxiosRequestConfig = {
      method: req.method,
      url: req.url,
      headers,
      data,
      vectara: { kind: req.kind, lastDelayMs: 0 },
    };
    try {
      const res = await this.#axios.request(config);
      this.log(`${req.method} ${this.logPath(req.url)} -> ${res.status} (${Date.now() - started} ms)`);
      return { status: res.status, data: res.data };
    } catch (err) {
      const translated = this.translate(err, req);
      this.log(`${req.method} ${this.logPath(req.url)} -> ${translated.name}${"status" in translated ? ` ${String((translated as VectaraApiError).status)}` : ""} (${Date.now() - started} ms)`);
      throw translated;
    }
  }

  /** Closes the keep-alive sockets. */
  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  log(line: string): void {
    const logger = this.#settings.logger;
    if (!logger) return;
    try {
      logger(`vectara: ${this.#redactor.scrub(line)}`);
    } catch {
      // a failing logger must not fail the call
    }
  }

  private logPath(url: string): string {
    try {
      const u = new URL(url);
      return `${u.pathname}${u.search}`;
    } catch {
      return "(invalid url)";
    }
  }

  /** Any failure -> VectaraApiError / VectaraNetworkError / OutcomeUnknownError / VectaraError. */
  private translate(err: unknown, req: HttpRequest): VectaraError {
    if (err instanceof VectaraError) return err;
    const scrub = (s: string) => this.#redactor.scrub(s);
    if (!axios.isAxiosError(err)) {
      const text = err instanceof Error ? err.message : String(err);
      return new VectaraError(`${req.service ?? "Vectara API"} request ${req.method} ${req.path} failed: ${scrub(text)}`);
    }
    const axiosErr = err as AxiosError;
    const retries = (axiosErr.config?.["axios-retry"] as { retryCount?: number } | undefined)?.retryCount ?? 0;
    const failure = classifyFailure(axiosErr);
    let error: VectaraApiError | VectaraNetworkError;
    if (failure.type === "status") {
      const res = axiosErr.response!;
      const body = errorBodyFromWire(res.data);
      body.messages = body.messages.map(scrub);
      for (const k of Object.keys(body.fieldErrors)) body.fieldErrors[k] = scrub(body.fieldErrors[k]);
      const headerId = res.headers?.["x-request-id"];
      if (!body.requestId && typeof headerId === "string" && headerId) body.requestId = headerId.slice(0, 200);
      if (body.requestId) body.requestId = scrub(body.requestId);
      const statusText = scrub(statusTextOf(res.status, res.statusText));
      error = new VectaraApiError(scrub(apiErrorMessage(req, res.status, statusText, body, retries)), {
        status: res.status,
        statusText,
        method: req.method,
        path: req.path,
        messages: body.messages,
        fieldErrors: body.fieldErrors,
        requestId: body.requestId,
      });
    } else {
      const service = req.service ?? "Vectara API";
      const note = retriesNote(retries);
      let message: string;
      if (failure.type === "timeout") {
        message = `${service} request ${req.method} ${req.path} timed out after ${this.#settings.timeoutMs} ms (timeoutMs) without an answer`;
      } else {
        const what = failure.type === "notSent" ? "could not connect" : "the connection failed";
        const detail = scrub(axiosErr.message || "network error");
        const code = failure.code && !detail.includes(failure.code) ? `${failure.code}: ` : "";
        message = `${service} request ${req.method} ${req.path} got no answer: ${what} (${code}${detail})`;
      }
      if (note) message += `; ${note}`;
      error = new VectaraNetworkError(message, {
        method: req.method,
        path: req.path,
        code: failure.type === "timeout" ? "ETIMEDOUT" : axiosErr.code,
        timedOut: failure.type === "timeout",
      });
    }
    if (outcomeUnknown(req.kind, failure)) {
      const reason =
        failure.type === "timeout"
          ? `it timed out after ${this.#settings.timeoutMs} ms`
          : failure.type === "status"
            ? `the server answered ${(error as VectaraApiError).status} ${(error as VectaraApiError).statusText}`
            : `the connection broke after the request was sent (${failure.code ?? "network error"})`;
      const what = req.kind === "create" ? "to avoid creating the user twice" : "to avoid repeating an action that is not idempotent";
      return new OutcomeUnknownError(
        `Outcome unknown: ${req.method} ${req.path} may or may not have taken effect: ${reason}. ` +
          `It was not sent again, ${what}. ${req.outcomeAdvice ?? "Check the current state (GET) before trying again."}`,
        { method: req.method, path: req.path, cause: error },
      );
    }
    return error;
  }
}
