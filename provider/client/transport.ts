/**
 * One axios instance per session: keep-alive agents, per-request timeout, no redirects, THE
 * retry policy of retry.ts applied through axios-retry (blind retries, the token refresh after
 * a 401, the look before a lost create is sent again, the budget and the operation's deadline),
 * and the translation of every failure into the errors of errors.ts. Nothing axios-shaped
 * leaves this file, and nothing above it retries.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosStatic } from "axios";
import type axiosRetryFunction from "axios-retry";
import {
  apiErrorMessage,
  noAnswerMessage,
  OutcomeUnknownError,
  outcomeUnknownMessage,
  statusTextOf,
  VectaraApiError,
  VectaraError,
  VectaraNetworkError,
  type FailedRequest,
} from "./errors";
import type { Redactor } from "./redact";
import {
  allowRetry,
  classifyFailure,
  computeRetryDelay,
  decide,
  outcomeUnknown,
  type Failure,
  type Refusal,
  type RequestKind,
} from "./retry";
import type { ResolvedSettings } from "./settings";
import { errorBodyFromWire } from "./wire";

export interface HttpRequest extends FailedRequest {
  kind: RequestKind;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Absolute URL, query included. */
  url: string;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Form-encoded body (sent as application/x-www-form-urlencoded). */
  form?: string;
  /** After a 401 to a bearer token: a fresh token's headers, or undefined when asking again cannot help. */
  refresh?: () => Promise<Record<string, string> | undefined>;
  /** A request whose answer may be lost (a create): how to read its answer, and how to look for what it made. */
  reconcile?: Reconcile<unknown>;
  /** Epoch ms after which no retry starts; default `operationTimeoutMs` after the request begins. */
  deadline?: number;
}

/** How a request whose answer may be lost is read and reconciled (the policy decides when: retry.ts). */
export interface Reconcile<T> {
  /** The value of a 2xx answer; throws (UnexpectedResponseError) for one it cannot read, which leaves the outcome unknown. */
  read(data: unknown): T;
  /**
   * After the answer was lost (`conflict` false), or a 409 came after such a loss (`conflict`
   * true): what the request made, which ends the call; undefined when it made nothing (a lost
   * request may then be sent again). Throws to end the call with that error.
   */
  look(lost: VectaraError, conflict: boolean, deadline: number): Promise<T | undefined>;
  /** The error when every attempt lost its answer and a look after each found nothing. */
  exhausted(lost: VectaraError, attempts: number): Error;
}

export interface HttpResponse {
  status: number;
  data: unknown;
  /** For a request with `reconcile`: the value read from its answer, or what a look found. */
  value?: unknown;
}

/**
 * One operation: a request and its retries. A class, so that axios passes it on by reference
 * from one attempt's config to the next (it deep-copies plain objects).
 */
class Operation {
  /** Retries made (the budget is maxRetries); a token refresh is not one. */
  retries = 0;
  /** The delay before the next attempt. */
  delayMs = 0;
  /** The next attempt is a retry counted in the budget (a refresh is not). */
  counted = false;
  refreshed = false;
  /** Headers for the next attempt (a fresh token's). */
  nextHeaders: Record<string, string> | undefined;
  /** The last lost answer, translated. */
  lost: VectaraError | undefined;
  /** Why no further attempt was made, when the policy would have made one. */
  refused: Refusal | undefined;
  /** The error of a 2xx that `reconcile.read` could not read. */
  unreadable: Error | undefined;
  /** What ends the call instead of the last failure: a value read or found, or an error of a look or a refresh. */
  outcome: { value: unknown } | { error: unknown } | undefined;

  constructor(
    readonly req: HttpRequest,
    readonly deadline: number,
  ) {}
}

declare module "axios" {
  interface AxiosRequestConfig {
    vectara?: Operation;
  }
}

const USER_AGENT = "pulumi-vectara";
/** Idle keep-alive sockets are closed after this long (an active request uses `timeoutMs`). */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;
/** The TCP keep-alive delay axios's http adapter sets on each request's socket (`setKeepAlive(true, 1000 * 60)`). */
const AXIOS_KEEP_ALIVE_DELAY_MS = 60_000;

/** A failure in a log line: "503 Service Unavailable", "timeout", "ECONNRESET". */
function describeFailure(failure: Failure, statusText?: string): string {
  switch (failure.type) {
    case "status":
      return `${failure.status} ${statusText ?? ""}`.trim();
    case "timeout":
      return "timeout";
    case "unreadable":
      return "an answer that could not be read";
    case "notSent":
    case "network":
      return failure.code ?? "network error";
  }
}

/**
 * axios and axios-retry, loaded with the first transport (a session's first request), not with
 * this module: the provider host of a preview (check and diff only, never a request) does not
 * pay their load (about 0.1 s of CPU on a quiet machine, 0.3 s on a busy one).
 */
let libraries: { axios: AxiosStatic; axiosRetry: typeof axiosRetryFunction } | undefined;
function load(): NonNullable<typeof libraries> {
  return (libraries ??= { axios: require("axios"), axiosRetry: require("axios-retry").default });
}

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
    // `keepAliveMsecs` equals the TCP keep-alive delay axios sets on every request's socket
    // (60 s): with Node's default (1 s) the agent set it back on each release, so every request
    // on a reused socket cost two `setKeepAlive` syscalls; equal values make both no-ops.
    const agentOptions = {
      keepAlive: true,
      keepAliveMsecs: AXIOS_KEEP_ALIVE_DELAY_MS,
      timeout: IDLE_SOCKET_TIMEOUT_MS,
      scheduling: "lifo" as const,
    };
    this.#httpAgent = new http.Agent(agentOptions);
    this.#httpsAgent = new https.Agent(agentOptions);
    const { axios, axiosRetry } = load();
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
      const kind = config.vectara?.req.kind;
      if (kind) this.attempts[kind] += 1;
      return config;
    });
    axiosRetry(this.#axios, {
      // The policy counts and bounds the retries itself (retry.ts): axios-retry only applies them.
      retries: Number.MAX_SAFE_INTEGER,
      shouldResetTimeout: true, // the timeout is per attempt
      retryCondition: (error) => this.next(error),
      retryDelay: (_count, error) => error.config?.vectara?.delayMs ?? 0,
      onRetry: (_count, error, config) => {
        const op = config.vectara;
        if (!op) return;
        if (op.nextHeaders) {
          config.headers = { ...(config.headers as Record<string, string>), ...op.nextHeaders } as never;
          op.nextHeaders = undefined;
        }
        if (op.counted) {
          this.log(
            `${op.req.method} ${this.logPath(op.req.url)}: ${describeFailure(this.failureOf(error, op), error.response?.statusText)}, ` +
              `retry ${op.retries}/${this.#settings.maxRetries} in ${op.delayMs} ms`,
          );
        }
      },
    });
  }

  /** Sends one request (with the policy's retries); resolves with a 2xx answer or throws a VectaraError. */
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
    const op = new Operation(req, req.deadline ?? started + this.#settings.operationTimeoutMs);
    const config: AxiosRequestConfig = { method: req.method, url: req.url, headers, data, vectara: op };
    const { reconcile } = req;
    if (reconcile) {
      // A 2xx answer is read here, so that one that cannot be read is a lost answer to the policy.
      config["axios-retry"] = {
        validateResponse: (res) => {
          op.unreadable = undefined;
          if (res.status < 200 || res.status >= 300) return false;
          try {
            op.outcome = { value: reconcile.read(res.data) };
            return true;
          } catch (e) {
            op.unreadable = e instanceof Error ? e : new VectaraError(String(e));
            return false;
          }
        },
      };
    }
    try {
      const res = await this.#axios.request(config);
      this.log(`${req.method} ${this.logPath(req.url)} -> ${res.status} (${Date.now() - started} ms)`);
      return { status: res.status, data: res.data, ...(op.outcome && "value" in op.outcome ? { value: op.outcome.value } : {}) };
    } catch (err) {
      const outcome = op.outcome;
      if (outcome && "value" in outcome) {
        this.log(`${req.method} ${this.logPath(req.url)} -> resolved by a look (${Date.now() - started} ms)`);
        return { status: 200, data: undefined, value: outcome.value };
      }
      const translated = outcome ? outcome.error : this.translate(err, op);
      const name = translated instanceof Error ? translated.name : "error";
      this.log(
        `${req.method} ${this.logPath(req.url)} -> ${name}${translated instanceof VectaraApiError ? ` ${translated.status}` : ""} (${Date.now() - started} ms)`,
      );
      throw translated;
    }
  }

  /** The policy's decision after a failed attempt, applied: true sends the request again. */
  private async next(error: AxiosError): Promise<boolean> {
    const op = error.config?.vectara;
    if (!(op instanceof Operation) || op.outcome) return false;
    op.counted = false;
    const failure = this.failureOf(error, op);
    const decision = decide(op.req.kind, failure, {
      canRefresh: op.req.refresh !== undefined && !op.refreshed,
      canLook: op.req.reconcile !== undefined,
      lostBefore: op.lost !== undefined,
    });
    switch (decision) {
      case "stop":
        return false;
      case "retry":
        return this.allow(op, error);
      case "refresh":
        return this.refresh(op);
      case "look":
        return this.look(op, error, failure);
    }
  }

  /** A retry within the budget and before the deadline: its delay is set, and it is counted. */
  private allow(op: Operation, error: AxiosError): boolean {
    const delay = computeRetryDelay(op.retries + 1, error.response?.headers?.["retry-after"], this.#settings);
    op.refused = allowRetry(op.retries, this.#settings.maxRetries, delay, op.deadline);
    if (op.refused) return false;
    op.retries += 1;
    op.delayMs = delay;
    op.counted = true;
    return true;
  }

  /** A 401 to a bearer token: one fresh token, and the request sent again at once. */
  private async refresh(op: Operation): Promise<boolean> {
    if (Date.now() > op.deadline) {
      op.refused = "deadline";
      return false;
    }
    this.log(`${op.req.method} ${op.req.path}: 401 with a bearer token, fetching a new token and trying once more`);
    try {
      op.nextHeaders = await op.req.refresh!();
    } catch (e) {
      op.outcome = { error: e };
      return false;
    }
    if (!op.nextHeaders) return false;
    op.refreshed = true;
    op.delayMs = 0;
    return true;
  }

  /**
   * A lost answer (or a 409 after one): look for what the request made. Found: the call ends
   * with it. Nothing: the request is sent again, within the budget and the deadline; else the
   * call ends with `exhausted`.
   */
  private async look(op: Operation, error: AxiosError, failure: Failure): Promise<boolean> {
    const reconcile = op.req.reconcile!;
    const conflict = failure.type === "status" && failure.status === 409;
    if (!conflict) op.lost = this.translate(error, op, { lost: true });
    let made: unknown;
    try {
      made = await reconcile.look(op.lost!, conflict, op.deadline);
    } catch (e) {
      op.outcome = { error: e };
      return false;
    }
    if (made !== undefined) {
      op.outcome = { value: made };
      return false;
    }
    if (conflict) return false;
    if (this.allow(op, error)) return true;
    op.outcome = { error: reconcile.exhausted(op.lost!, op.retries + 1) };
    return false;
  }

  private failureOf(error: AxiosError, op: Operation): Failure {
    return op.unreadable && error.response ? { type: "unreadable" } : classifyFailure(error);
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

  /**
   * Any failure -> VectaraApiError / VectaraNetworkError / OutcomeUnknownError / VectaraError.
   * `lost`: the answer of an attempt that a look follows (said without the retries made).
   */
  private translate(err: unknown, op: Operation, { lost = false } = {}): VectaraError {
    if (err instanceof VectaraError) return err;
    const req: FailedRequest & HttpRequest = {
      ...op.req,
      ...(op.refreshed ? { unauthorizedNote: "(a freshly issued token was rejected too)" } : {}),
      ...(op.refused === "deadline" && !lost
        ? {
            stopNote: `no retry started after the operation's time limit of ${this.#settings.operationTimeoutMs} ms (operationTimeoutMs, vectara:operationTimeoutSeconds)`,
          }
        : {}),
    };
    const scrub = (s: string) => this.#redactor.scrub(s);
    if (!load().axios.isAxiosError(err)) {
      const text = err instanceof Error ? err.message : String(err);
      return new VectaraError(`${req.service ?? "Vectara API"} request ${req.method} ${req.path} failed: ${scrub(text)}`);
    }
    const axiosErr = err as AxiosError;
    const retries = lost ? 0 : op.retries;
    const failure = this.failureOf(axiosErr, op);
    if (failure.type === "unreadable") return op.unreadable as VectaraError;
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
      const message =
        failure.type === "timeout"
          ? noAnswerMessage(req, { timedOutAfterMs: this.#settings.timeoutMs }, retries)
          : noAnswerMessage(
              req,
              { sent: failure.type === "network", code: failure.code, detail: scrub(axiosErr.message || "network error") },
              retries,
            );
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
      return new OutcomeUnknownError(outcomeUnknownMessage(req, reason), { method: req.method, path: req.path, cause: error });
    }
    return error;
  }
}
