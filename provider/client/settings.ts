/**
 * Client settings: explicit options, else the `VECTARA_*` environment variables, else defaults.
 * Refuses settings that cannot work (no credential, half a client-credentials pair) and URLs
 * that would leak a credential (plain `http://` to anything but this machine, user:pass@).
 */
import { Secret } from "./redact";
import { VectaraConfigError } from "./errors";

export const DEFAULT_BASE_URL = "https://api.vectara.io";
export const DEFAULT_AUTH_URL = "https://auth.vectara.io/oauth2/token";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

export const ENV = {
  apiKey: "VECTARA_API_KEY",
  clientId: "VECTARA_CLIENT_ID",
  clientSecret: "VECTARA_CLIENT_SECRET",
  baseUrl: "VECTARA_BASE_URL",
  authUrl: "VECTARA_AUTH_URL",
} as const;

export interface ClientSettings {
  /**
   * Vectara API key (sent as `x-api-key`). If both an API key and client credentials are
   * given (in the same place: options, or environment), the API key wins and the client
   * credentials are ignored.
   */
  apiKey?: string | undefined;
  /** OAuth 2.0 client credentials: both or neither. */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** API base URL, default https://api.vectara.io (env VECTARA_BASE_URL). */
  baseUrl?: string | undefined;
  /** OAuth token URL, default https://auth.vectara.io/oauth2/token (env VECTARA_AUTH_URL). */
  authUrl?: string | undefined;
  /** Per-request timeout, default 60000 ms. */
  timeoutMs?: number | undefined;
  /** Retries of a failed request that is safe to retry, default 3. */
  maxRetries?: number | undefined;
  /** Base of the exponential backoff (full jitter), default 500 ms. */
  retryBaseDelayMs?: number | undefined;
  /** Cap of one backoff delay, and of a `Retry-After`, default 30000 ms. */
  retryMaxDelayMs?: number | undefined;
  /** Receives debug lines (method, path, status, retries). Never credentials. */
  logger?: ((line: string) => void) | undefined;
  /**
   * How to switch from an API key to OAuth client credentials, in the caller's words (a Pulumi
   * provider names its stack config keys): said when the users API answers 401 or 403 to an
   * API key. Default: the `clientId` and `clientSecret` options or their VECTARA_* variables.
   */
  oauthAdvice?: string | undefined;
}

export type CredentialKind = "api key" | "oauth client credentials";

export interface ApiKeyCredential {
  kind: "api key";
  apiKey: Secret;
}

export interface ClientCredentials {
  kind: "oauth client credentials";
  clientId: string;
  clientSecret: Secret;
}

export type Credential = ApiKeyCredential | ClientCredentials;

export interface ResolvedSettings {
  credential: Credential;
  /** Where the credential came from. */
  credentialSource: "options" | "environment";
  /** No trailing slash. */
  baseUrl: string;
  authUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  logger?: (line: string) => void;
  oauthAdvice: string;
}

/** The trimmed value, or undefined for a missing, empty or blank one. */
export function present(value: string | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Credential values from one place, and how messages name them there. */
export interface CredentialValues {
  apiKey?: string;
  clientId?: string;
  clientSecret?: string;
  /** How a message names the two halves of a client-credentials pair. */
  names: { clientId: string; clientSecret: string };
  /** Where the values come from, as a message says it: "in the options". */
  where: string;
  /** What a half-set pair's message adds: how to set the missing half. */
  fix?: (missing: string) => string;
}

/**
 * The credential in `values`: an API key (wins), or a complete client-credentials pair, or
 * none. Blank values count as not set. Half a pair is refused, naming what is missing.
 */
export function credentialFrom(values: CredentialValues): Credential | undefined {
  const apiKey = present(values.apiKey);
  const clientId = present(values.clientId);
  const clientSecret = present(values.clientSecret);
  if (apiKey) return { kind: "api key", apiKey: new Secret(apiKey) };
  if (clientId && clientSecret) return { kind: "oauth client credentials", clientId, clientSecret: new Secret(clientSecret) };
  if (clientId || clientSecret) {
    const { names } = values;
    const missing = clientId ? names.clientSecret : names.clientId;
    const given = clientId ? names.clientId : names.clientSecret;
    throw new VectaraConfigError(
      `Vectara OAuth client credentials need both ${names.clientId} and ${names.clientSecret}: ${given} is set ` +
        `${values.where} but ${missing} is not.${values.fix ? ` ${values.fix(missing)}` : ""}`,
    );
  }
  return undefined;
}

/** The credential in the `VECTARA_*` environment variables (see `credentialFrom`). */
export function credentialFromEnv(env: NodeJS.ProcessEnv, fix?: CredentialValues["fix"]): Credential | undefined {
  return credentialFrom({
    apiKey: env[ENV.apiKey],
    clientId: env[ENV.clientId],
    clientSecret: env[ENV.clientSecret],
    names: { clientId: ENV.clientId, clientSecret: ENV.clientSecret },
    where: "in the environment",
    fix,
  });
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return Number(v4[1]) === 127 && v4.slice(2).every((p) => Number(p) <= 255);
  const mapped = /^::ffff:(127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(host);
  return mapped ? isLoopbackHost(mapped[1]) : false;
}

/**
 * A base URL that is safe to send a credential to, without a trailing slash. `label` names the
 * setting in messages. Refuses an invalid URL, user:pass@, a query or fragment, and plain
 * http:// to anything but this machine.
 */
export function checkUrl(label: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    const shown = raw.includes("@") ? "" : `: "${raw.slice(0, 200)}"`; // user:pass@ would be a credential
    throw new VectaraConfigError(`${label} is not a valid URL${shown}.`);
  }
  const shown = `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  if (url.username || url.password) {
    throw new VectaraConfigError(`${label} must not contain a user name or password: ${shown}`);
  }
  if (url.protocol === "http:") {
    if (!isLoopbackHost(url.hostname)) {
      throw new VectaraConfigError(
        `${label} uses plain http:// to ${url.hostname}: credentials would travel unencrypted. ` +
          `Use https://, or http:// only to this machine (localhost, 127.0.0.0/8, ::1).`,
      );
    }
  } else if (url.protocol !== "https:") {
    throw new VectaraConfigError(`${label} must be an https:// URL, got ${url.protocol}//`);
  }
  if (url.search || url.hash) {
    throw new VectaraConfigError(`${label} must not have a query string or fragment: ${shown}`);
  }
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "");
}

/** What a numeric setting accepts, and how a message says so. */
export interface NumberRule {
  min: number;
  /** Inclusive; none when absent. */
  max?: number;
  integer?: boolean;
  /** "an integer >= 0" */
  text: string;
}

/**
 * The longest delay Node.js timers honour (2^31 - 1 ms, about 24.8 days): a longer one fires
 * after 1 ms instead, so a timeout that long would fail every request at once.
 */
export const MAX_TIMER_MS = 2_147_483_647;

export const NUMBER_RULES = {
  timeoutMs: { min: 1, max: MAX_TIMER_MS, text: `a number from 1 to ${MAX_TIMER_MS} (the longest timer Node.js can set)` },
  maxRetries: { min: 0, integer: true, text: "an integer >= 0" },
  retryBaseDelayMs: { min: 0, max: MAX_TIMER_MS, text: `a number from 0 to ${MAX_TIMER_MS} (the longest timer Node.js can set)` },
  retryMaxDelayMs: { min: 0, max: MAX_TIMER_MS, text: `a number from 0 to ${MAX_TIMER_MS} (the longest timer Node.js can set)` },
} as const satisfies Record<string, NumberRule>;

/** True when `value` is a finite number the rule accepts. */
export function meetsRule(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value))
  );
}

function checkNumber(name: keyof typeof NUMBER_RULES, value: number | undefined, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const rule: NumberRule = NUMBER_RULES[name];
  if (!meetsRule(value, rule)) throw new VectaraConfigError(`${name} must be ${rule.text}, got ${String(value)}.`);
  return value;
}

/**
 * Resolves client settings. Explicit options win over the environment:
 * - credentials: if any of `apiKey`, `clientId`, `clientSecret` is given as an option, only the
 *   options are used; otherwise `VECTARA_API_KEY`, `VECTARA_CLIENT_ID`, `VECTARA_CLIENT_SECRET`.
 *   Where both an API key and client credentials are given, the API key wins.
 * - `baseUrl` / `authUrl`: the option, else `VECTARA_BASE_URL` / `VECTARA_AUTH_URL`, else the default.
 * Empty and blank strings count as not set.
 *
 * @throws VectaraConfigError when there is no credential, only half a client-credentials pair,
 *   a URL that is invalid or insecure, or a numeric option out of range.
 */
export function resolveSettings(options: ClientSettings = {}, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  const fromOptions = credentialFrom({
    apiKey: options.apiKey,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    names: { clientId: "clientId", clientSecret: "clientSecret" },
    where: "in the options",
    fix: () => "Explicit credential options are not combined with VECTARA_* environment variables.",
  });
  const fromEnv = fromOptions ? undefined : credentialFromEnv(env);
  const credential = fromOptions ?? fromEnv;
  if (!credential) {
    throw new VectaraConfigError(
      "No Vectara credentials: set an API key (option apiKey, or env VECTARA_API_KEY) or OAuth client " +
        "credentials (options clientId and clientSecret, or env VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET). " +
        "The users API needs the administrator or owner role.",
    );
  }
  const baseUrl = checkUrl(`baseUrl (or ${ENV.baseUrl})`, present(options.baseUrl) ?? present(env[ENV.baseUrl]) ?? DEFAULT_BASE_URL);
  const authUrl = checkUrl(`authUrl (or ${ENV.authUrl})`, present(options.authUrl) ?? present(env[ENV.authUrl]) ?? DEFAULT_AUTH_URL);
  if (options.logger !== undefined && typeof options.logger !== "function") {
    throw new VectaraConfigError("logger must be a function (line: string) => void.");
  }
  return {
    credential,
    credentialSource: fromOptions ? "options" : "environment",
    baseUrl,
    authUrl,
    timeoutMs: checkNumber("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: checkNumber("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
    retryBaseDelayMs: checkNumber("retryBaseDelayMs", options.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS),
    retryMaxDelayMs: checkNumber("retryMaxDelayMs", options.retryMaxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS),
    ...(options.logger ? { logger: options.logger } : {}),
    oauthAdvice:
      present(options.oauthAdvice) ??
      `pass the clientId and clientSecret options (or set ${ENV.clientId} and ${ENV.clientSecret}) and no apiKey`,
  };
}

/** "API key" or "OAuth client credentials (client id 'x')": safe to show. */
export function describeCredential(credential: Credential): string {
  return credential.kind === "api key" ? "API key" : `OAuth client credentials (client id '${credential.clientId}')`;
}
