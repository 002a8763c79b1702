/**
 * One axios instance per client: keep-alive agents, per-request timeout, no redirects, the
 * retry policy of retry.ts (through axios-retry) and the translation of every failure into
 * the errors of errors.ts. Nothing axios-shaped leaves this file.
 */
import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from "axios";
import axiosRetry from "axios-retry";
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
import { classifyFailure, computeRetryDelay, outcomeUnknown, shouldRetry, type Failure, type RequestKind } from "./retry";
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
/** The TCP keep-alive delay axios's http adapter sets on each request's socket (`setKeepAlive(true, 1000 * 60)`). */
const AXIOS_KEEP_ALIVE_DELAY_MS = 60_000;

/** A failure in a log line: "503 Service Unavailable", "timeout", "ECONNRESET". */
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
      this.log(
        `${req.method} ${this.logPath(req.url)} -> ${translated.name}${"status" in translated ? ` ${String((translated as VectaraApiError).status)}` : ""} (${Date.now() - started} ms)`,
      );
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
