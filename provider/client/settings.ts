/**
 * THE resolver: every setting of this package, from wherever it is given, resolved in one
 * place. Its callers: the clients (`new UsersClient(options)`), the providers' connection (the
 * stack config the provider host hands `configure`), `listVectaraUsers`, `pulumi-vectara
 * import` and `npm start`.
 *
 * Sources, in one precedence rule: the explicit source (client options, or else the stack's
 * `vectara:*` config) wins over the `VECTARA_*` environment variables, which win over the
 * defaults. Credentials come whole from one source: once the explicit source names any
 * credential, the environment's are not used, so a stray `VECTARA_API_KEY` never overrides a
 * choice made in the options or the stack. In either source an API key wins over OAuth client
 * credentials; half a client-credentials pair is an error that says what is missing.
 *
 * Every message is in the words of the source the value came from: an option name (`timeoutMs`),
 * a stack config key (`vectara:timeoutSeconds`), an environment variable (`VECTARA_BASE_URL`).
 * URLs that would leak a credential (plain `http://` to anything but this machine, user:pass@)
 * and numbers a timer cannot wait are refused. No credential at all is not an error here (a
 * preview needs none): `withCredential` reports it when a client is made.
 *
 * Knows nothing of Pulumi: the stack config is a function from key to value.
 */
import { Secret } from "./redact";
import { VectaraConfigError } from "./errors";

export const DEFAULT_BASE_URL = "https://api.vectara.io";
export const DEFAULT_AUTH_URL = "https://auth.vectara.io/oauth2/token";
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 300_000;

export const ENV = {
  apiKey: "VECTARA_API_KEY",
  clientId: "VECTARA_CLIENT_ID",
  clientSecret: "VECTARA_CLIENT_SECRET",
  baseUrl: "VECTARA_BASE_URL",
  authUrl: "VECTARA_AUTH_URL",
} as const;

/** The stack config keys (namespace `vectara`), each read here and nowhere else. */
export const CONFIG_KEYS = {
  apiKey: "vectara:apiKey",
  clientId: "vectara:clientId",
  clientSecret: "vectara:clientSecret",
  baseUrl: "vectara:baseUrl",
  authUrl: "vectara:authUrl",
  timeoutSeconds: "vectara:timeoutSeconds",
  maxRetries: "vectara:maxRetries",
  /** Base of the exponential retry backoff in ms (default 500); mainly for tests. */
  retryBaseDelayMs: "vectara:retryBaseDelayMs",
  /** Cap of one retry delay, and of a server's `Retry-After`, in ms (default 30000). */
  retryMaxDelayMs: "vectara:retryMaxDelayMs",
  /** How long one operation (a request with its retries; a create with its lookups and resends) may go on retrying, in seconds (default 300). */
  operationTimeoutSeconds: "vectara:operationTimeoutSeconds",
  /**
   * `true`: every create looks first and takes over a user whose username and email match
   * exactly (recovery after a killed run). Stack config only: it changes what a create does to
   * an account, so it is a decision recorded with the stack.
   */
  adoptExactMatches: "vectara:adoptExactMatches",
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
  /**
   * How long one operation (a request with its retries; a create with its lookups and resends)
   * may go on retrying, default 300000 ms: no retry starts after it, so an operation ends
   * within about this plus `timeoutMs`.
   */
  operationTimeoutMs?: number | undefined;
  /** Receives debug lines (method, path, status, retries). Never credentials. */
  logger?: ((line: string) => void) | undefined;
  /**
   * How to switch from an API key to OAuth client credentials, in the caller's words: said when
   * the users API answers 401 or 403 to an API key. Default: the `clientId` and `clientSecret`
   * options or their VECTARA_* variables.
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

/** Where a value came from. */
export type Source = "options" | "stack config" | "environment";

/** What `resolve` reads. */
export interface SettingsSources {
  /** Explicit client options. When given, the stack config is not read. */
  options?: ClientSettings;
  /** The stack config by namespaced key (`vectara:apiKey`), secrets decrypted. */
  config?: (key: string) => string | undefined;
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** Every setting, complete; the credential may be missing (a preview needs none). */
export interface Settings {
  credential?: Credential;
  credentialSource?: Source;
  /** No trailing slash. */
  baseUrl: string;
  authUrl: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  operationTimeoutMs: number;
  logger?: (line: string) => void;
  oauthAdvice: string;
  /** `vectara:adoptExactMatches` (false outside a stack). */
  adoptExactMatches: boolean;
  /** What `withCredential` says without a credential, in the words of the sources read. */
  missingCredentials: string;
}

/** Settings a client can use: with a credential. */
export interface ResolvedSettings extends Settings {
  credential: Credential;
  credentialSource: Source;
}

/** Said by the first API call when neither stack config nor environment holds a credential. */
export const MISSING_CREDENTIALS =
  "No Vectara credentials. Set an API key with `pulumi config set --secret vectara:apiKey <key>`, " +
  "or OAuth client credentials with `pulumi config set vectara:clientId <id>` and " +
  "`pulumi config set --secret vectara:clientSecret <secret>`; or set the environment variables " +
  "VECTARA_API_KEY, or VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET.";

const MISSING_IN_OPTIONS =
  "No Vectara credentials: set an API key (option apiKey, or env VECTARA_API_KEY) or OAuth client " +
  "credentials (options clientId and clientSecret, or env VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET). " +
  "The users API needs the administrator or owner role.";

/** The trimmed value, or undefined for a missing, empty or blank one. */
export function present(value: string | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Credential values from one place, and how messages name them there. */
interface CredentialValues {
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
function credentialFrom(values: CredentialValues): Credential | undefined {
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
function checkUrl(label: string, raw: string): string {
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
interface NumberRule {
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
const LONGEST_TIMER = "the longest timer Node.js can set, about 24.8 days";
/** Whole seconds, so that seconds x 1000 stays within the timer's limit. */
const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** True when `value` is a finite number the rule accepts. */
function meetsRule(value: unknown, rule: NumberRule): value is number {
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value))
  );
}

type NumberSetting = "timeoutMs" | "maxRetries" | "retryBaseDelayMs" | "retryMaxDelayMs" | "operationTimeoutMs";

/** A numeric setting: its default, its rule as an option, and as a stack config key (`scale` x the key's value = the setting). */
interface NumberSpec {
  default: number;
  option: NumberRule;
  config: { key: string; scale: number; example: string; rule: NumberRule };
}

/** Milliseconds as an option, from `min` to the longest timer. */
const millisecondsOption = (min: number): NumberRule => ({
  min,
  max: MAX_TIMER_MS,
  text: `a number from ${min} to ${MAX_TIMER_MS} (the longest timer Node.js can set)`,
});

/** A duration that the stack config gives in whole or fractional seconds. */
function secondsSetting(defaultMs: number, key: string, example: string): NumberSpec {
  const rule = {
    min: 0.001,
    max: MAX_TIMEOUT_SECONDS,
    text: `a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} (${LONGEST_TIMER})`,
  };
  return { default: defaultMs, option: millisecondsOption(1), config: { key, scale: 1000, example, rule } };
}

/** A delay that the stack config gives in milliseconds. */
function delaySetting(defaultMs: number, key: string, example: string): NumberSpec {
  const rule = { min: 0, max: MAX_TIMER_MS, text: `a number of milliseconds from 0 to ${MAX_TIMER_MS} (${LONGEST_TIMER})` };
  return { default: defaultMs, option: millisecondsOption(0), config: { key, scale: 1, example, rule } };
}

const NUMBERS: Readonly<Record<NumberSetting, NumberSpec>> = {
  timeoutMs: secondsSetting(DEFAULT_TIMEOUT_MS, CONFIG_KEYS.timeoutSeconds, "60"),
  maxRetries: {
    default: DEFAULT_MAX_RETRIES,
    option: { min: 0, integer: true, text: "an integer >= 0" },
    config: { key: CONFIG_KEYS.maxRetries, scale: 1, example: "3", rule: { min: 0, integer: true, text: "a whole number, 0 or more" } },
  },
  retryBaseDelayMs: delaySetting(DEFAULT_RETRY_BASE_DELAY_MS, CONFIG_KEYS.retryBaseDelayMs, "500"),
  retryMaxDelayMs: delaySetting(DEFAULT_RETRY_MAX_DELAY_MS, CONFIG_KEYS.retryMaxDelayMs, "30000"),
  operationTimeoutMs: secondsSetting(DEFAULT_OPERATION_TIMEOUT_MS, CONFIG_KEYS.operationTimeoutSeconds, "300"),
};

/**
 * The explicit source's values, and its words: how its messages name each setting. Options
 * and stack config are the two explicit sources; the environment fills their gaps.
 */
interface Explicit {
  source: "options" | "stack config";
  credential: CredentialValues;
  /** What a half pair in the environment adds. */
  envFix?: (missing: string) => string;
  /** The label of a URL setting's value, given where it came from. */
  urlLabel(name: "baseUrl" | "authUrl", fromExplicit: boolean): string;
  url(name: "baseUrl" | "authUrl"): string | undefined;
  number(name: NumberSetting): number | undefined;
  oauthAdvice(credentialSource: Source): string;
  adoptExactMatches(): boolean;
  missingCredentials: string;
}

function fromOptions(options: ClientSettings): Explicit {
  return {
    source: "options",
    credential: {
      apiKey: options.apiKey,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      names: { clientId: "clientId", clientSecret: "clientSecret" },
      where: "in the options",
      fix: () => "Explicit credential options are not combined with VECTARA_* environment variables.",
    },
    urlLabel: (name) => `${name} (or ${ENV[name]})`,
    url: (name) => present(options[name]),
    number(name) {
      const value = options[name];
      if (value === undefined || value === null) return undefined;
      const rule = NUMBERS[name].option;
      if (!meetsRule(value, rule)) throw new VectaraConfigError(`${name} must be ${rule.text}, got ${String(value)}.`);
      return value;
    },
    oauthAdvice: () =>
      present(options.oauthAdvice) ??
      `pass the clientId and clientSecret options (or set ${ENV.clientId} and ${ENV.clientSecret}) and no apiKey`,
    adoptExactMatches: () => false,
    missingCredentials: MISSING_IN_OPTIONS,
  };
}

function fromStackConfig(get: (key: string) => string | undefined): Explicit {
  const value = (key: string) => present(get(key));
  const K = CONFIG_KEYS;
  return {
    source: "stack config",
    credential: {
      apiKey: value(K.apiKey),
      clientId: value(K.clientId),
      clientSecret: value(K.clientSecret),
      names: { clientId: K.clientId, clientSecret: K.clientSecret },
      where: "in the stack config",
      fix: (missing) =>
        `Set it with \`pulumi config set ${missing === K.clientSecret ? `--secret ${missing} <secret>` : `${missing} <id>`}\`. ` +
        `While the stack config names a credential, the VECTARA_* credential variables (${ENV.clientId}, ${ENV.clientSecret}) are not used.`,
    },
    envFix: (missing) =>
      `Set ${missing} too, or configure the stack instead: \`pulumi config set ${K.clientId} <id>\` and ` +
      `\`pulumi config set --secret ${K.clientSecret} <secret>\` (or an API key: ${K.apiKey} / ${ENV.apiKey}).`,
    urlLabel: (name, fromExplicit) =>
      fromExplicit
        ? `${K[name]} (stack config, which wins over ${ENV[name]})`
        : `${ENV[name]} (environment; the stack config ${K[name]} is not set)`,
    url: (name) => value(K[name]),
    number(name) {
      const spec = NUMBERS[name].config;
      const text = value(spec.key);
      if (text === undefined) return undefined;
      const number = Number(text);
      if (!meetsRule(number, spec.rule)) {
        throw new VectaraConfigError(
          `${spec.key} must be ${spec.rule.text}, got ${JSON.stringify(text)}. Set it with \`pulumi config set ${spec.key} ${spec.example}\`, or remove it for the default.`,
        );
      }
      return number * spec.scale;
    },
    oauthAdvice(source) {
      const configure = `\`pulumi config set ${K.clientId} <id>\` and \`pulumi config set --secret ${K.clientSecret} <secret>\``;
      return source === "stack config"
        ? `${configure}, then \`pulumi config rm ${K.apiKey}\` (an API key wins over client credentials)`
        : `${configure} (the stack config wins over ${ENV.apiKey}), or set ${ENV.clientId} and ${ENV.clientSecret} and unset ${ENV.apiKey}`;
    },
    adoptExactMatches() {
      const text = value(K.adoptExactMatches);
      if (text === undefined || text === "false") return false;
      if (text === "true") return true;
      throw new VectaraConfigError(
        `${K.adoptExactMatches} must be true or false, got ${JSON.stringify(text)}. Set it with \`pulumi config set ${K.adoptExactMatches} true\`, or remove it for the default (false).`,
      );
    },
    missingCredentials: MISSING_CREDENTIALS,
  };
}

/**
 * Every setting from `sources` (see the top of this file for the precedence rule).
 *
 * @throws VectaraConfigError for settings that can never work: half an OAuth client-credentials
 *   pair, an invalid or insecure URL, a number out of range, a logger that is no function.
 */
export function resolve(sources: SettingsSources = {}): Settings {
  const env = sources.env ?? process.env;
  const explicit =
    sources.options !== undefined || sources.config === undefined ? fromOptions(sources.options ?? {}) : fromStackConfig(sources.config);

  const own = credentialFrom(explicit.credential);
  const fromEnv = own
    ? undefined
    : credentialFrom({
        apiKey: env[ENV.apiKey],
        clientId: env[ENV.clientId],
        clientSecret: env[ENV.clientSecret],
        names: { clientId: ENV.clientId, clientSecret: ENV.clientSecret },
        where: "in the environment",
        fix: explicit.envFix,
      });
  const credential = own ?? fromEnv;
  const credentialSource: Source | undefined = own ? explicit.source : fromEnv ? "environment" : undefined;

  const url = (name: "baseUrl" | "authUrl", fallback: string) => {
    const given = explicit.url(name);
    if (given !== undefined) return checkUrl(explicit.urlLabel(name, true), given);
    const fromEnvironment = present(env[ENV[name]]);
    return fromEnvironment === undefined ? fallback : checkUrl(explicit.urlLabel(name, false), fromEnvironment);
  };
  const number = (name: NumberSetting) => explicit.number(name) ?? NUMBERS[name].default;
  const logger = sources.options?.logger;
  if (logger !== undefined && typeof logger !== "function")
    throw new VectaraConfigError("logger must be a function (line: string) => void.");

  return {
    ...(credential ? { credential, credentialSource } : {}),
    baseUrl: url("baseUrl", DEFAULT_BASE_URL),
    authUrl: url("authUrl", DEFAULT_AUTH_URL),
    timeoutMs: number("timeoutMs"),
    maxRetries: number("maxRetries"),
    retryBaseDelayMs: number("retryBaseDelayMs"),
    retryMaxDelayMs: number("retryMaxDelayMs"),
    operationTimeoutMs: number("operationTimeoutMs"),
    ...(logger ? { logger } : {}),
    oauthAdvice: explicit.oauthAdvice(credentialSource ?? explicit.source),
    adoptExactMatches: explicit.adoptExactMatches(),
    missingCredentials: explicit.missingCredentials,
  };
}

/** `settings`, now that a client needs them. @throws VectaraConfigError (`missingCredentials`) without a credential. */
export function withCredential(settings: Settings): ResolvedSettings {
  if (!settings.credential || !settings.credentialSource) throw new VectaraConfigError(settings.missingCredentials);
  return settings as ResolvedSettings;
}

/**
 * Client options, else the `VECTARA_*` environment variables, else defaults: what
 * `new UsersClient(options, env)` runs.
 *
 * @throws VectaraConfigError when there is no credential, or for settings that can never work.
 */
export function resolveSettings(options: ClientSettings = {}, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  return withCredential(resolve({ options, env }));
}

/** "API key" or "OAuth client credentials (client id 'x')": safe to show. */
export function describeCredential(credential: Credential): string {
  return credential.kind === "api key" ? "API key" : `OAuth client credentials (client id '${credential.clientId}')`;
}
