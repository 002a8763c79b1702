/**
 * The stack config (`vectara:*`) and the `VECTARA_*` environment variables, resolved once into
 * complete client settings, with every error in the words a stack's owner uses: the config key
 * and the environment variable, never a client option name.
 *
 * - Stack config wins over the environment.
 * - Credentials come from one source only: when the stack config names any credential, the
 *   environment's are ignored, so a stray `VECTARA_API_KEY` never overrides the stack's choice.
 *   In either source an API key wins over OAuth client credentials; half an OAuth pair is an
 *   error that says what is missing.
 * - No credential at all is not an error here: a preview needs none. `clientFor` reports it.
 */
import { UsersClient, VectaraConfigError, type ClientSettings } from "../client";
import {
  checkUrl,
  credentialFrom,
  credentialFromEnv,
  ENV,
  MAX_TIMER_MS,
  meetsRule,
  NUMBER_RULES,
  present,
  type Credential,
  type NumberRule,
} from "../client/settings";

/** Stack config keys the providers read (namespace `vectara`). */
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
  /** `true`: every create looks first and takes over a user whose username and email match exactly (recovery after a killed run). */
  adoptExactMatches: "vectara:adoptExactMatches",
} as const;

/** Thrown by the first API call when neither stack config nor environment holds a credential. */
export const MISSING_CREDENTIALS =
  "No Vectara credentials. Set an API key with `pulumi config set --secret vectara:apiKey <key>`, " +
  "or OAuth client credentials with `pulumi config set vectara:clientId <id>` and " +
  "`pulumi config set --secret vectara:clientSecret <secret>`; or set the environment variables " +
  "VECTARA_API_KEY, or VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET.";

/** The numeric config keys: the client setting each sets, and what it accepts. */
const LONGEST_TIMER = "the longest timer Node.js can set, about 24.8 days";
/** Whole seconds, so that seconds x 1000 stays within the timer's limit. */
const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMER_MS / 1000);
const NUMBERS = {
  timeoutSeconds: {
    setting: "timeoutMs",
    scale: 1000,
    example: "60",
    rule: {
      min: 0.001,
      max: MAX_TIMEOUT_SECONDS,
      text: `a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} (${LONGEST_TIMER})`,
    },
  },
  maxRetries: { setting: "maxRetries", scale: 1, example: "3", rule: { ...NUMBER_RULES.maxRetries, text: "a whole number, 0 or more" } },
  retryBaseDelayMs: {
    setting: "retryBaseDelayMs",
    scale: 1,
    example: "500",
    rule: { ...NUMBER_RULES.retryBaseDelayMs, text: `a number of milliseconds from 0 to ${MAX_TIMER_MS} (${LONGEST_TIMER})` },
  },
  retryMaxDelayMs: {
    setting: "retryMaxDelayMs",
    scale: 1,
    example: "30000",
    rule: { ...NUMBER_RULES.retryMaxDelayMs, text: `a number of milliseconds from 0 to ${MAX_TIMER_MS} (${LONGEST_TIMER})` },
  },
} as const satisfies Record<string, { setting: keyof ClientSettings; scale: number; example: string; rule: NumberRule }>;

/** Settings resolved from stack config and environment. */
export interface VectaraConfig {
  /** Complete: the client reads nothing more from the environment. */
  settings: ClientSettings;
  /** Where the credential comes from; undefined when none is configured. */
  credentialSource?: "stack config" | "environment";
}

/**
 * Resolves the `vectara:*` stack config (`get` takes the namespaced key), falling back to the
 * `VECTARA_*` environment variables.
 *
 * @throws VectaraConfigError for configuration that can never work: a value that is not a
 *   number in range, an invalid or insecure URL, half an OAuth client-credentials pair.
 */
export function resolveConfig(get: (key: string) => string | undefined, env: NodeJS.ProcessEnv = process.env): VectaraConfig {
  const value = (key: string) => present(get(key));
  const settings: ClientSettings = {};

  const fromConfig = credentialFrom({
    apiKey: value(CONFIG_KEYS.apiKey),
    clientId: value(CONFIG_KEYS.clientId),
    clientSecret: value(CONFIG_KEYS.clientSecret),
    names: { clientId: CONFIG_KEYS.clientId, clientSecret: CONFIG_KEYS.clientSecret },
    where: "in the stack config",
    fix: (missing) =>
      `Set it with \`pulumi config set ${missing === CONFIG_KEYS.clientSecret ? `--secret ${missing} <secret>` : `${missing} <id>`}\`. ` +
      `While the stack config names a credential, the VECTARA_* credential variables (${ENV.clientId}, ${ENV.clientSecret}) are not used.`,
  });
  const fromEnv = fromConfig
    ? undefined
    : credentialFromEnv(
        env,
        (missing) =>
          `Set ${missing} too, or configure the stack instead: \`pulumi config set ${CONFIG_KEYS.clientId} <id>\` and ` +
          `\`pulumi config set --secret ${CONFIG_KEYS.clientSecret} <secret>\` (or an API key: ${CONFIG_KEYS.apiKey} / ${ENV.apiKey}).`,
      );
  const credential = fromConfig ?? fromEnv;
  if (credential) Object.assign(settings, credentialSettings(credential));
  if (credential?.kind === "api key") settings.oauthAdvice = oauthAdvice(fromConfig ? "stack config" : "environment");

  for (const name of ["baseUrl", "authUrl"] as const) {
    const key = CONFIG_KEYS[name];
    const fromStack = value(key);
    const fromEnvironment = present(env[ENV[name]]);
    if (fromStack !== undefined) settings[name] = checkUrl(`${key} (stack config, which wins over ${ENV[name]})`, fromStack);
    else if (fromEnvironment !== undefined)
      settings[name] = checkUrl(`${ENV[name]} (environment; the stack config ${key} is not set)`, fromEnvironment);
  }

  for (const [name, spec] of Object.entries(NUMBERS)) {
    const key = CONFIG_KEYS[name as keyof typeof NUMBERS];
    const text = value(key);
    if (text === undefined) continue;
    const number = Number(text);
    if (!meetsRule(number, spec.rule)) {
      throw new VectaraConfigError(
        `${key} must be ${spec.rule.text}, got ${JSON.stringify(text)}. Set it with \`pulumi config set ${key} ${spec.example}\`, or remove it for the default.`,
      );
    }
    (settings as Record<string, unknown>)[spec.setting] = number * spec.scale;
  }

  return { settings, credentialSource: fromConfig ? "stack config" : fromEnv ? "environment" : undefined };
}

/**
 * `vectara:adoptExactMatches` (stack config only: it changes what a create does to an account,
 * so it is a decision recorded with the stack): `true` or `false`, absent is false.
 *
 * @throws VectaraConfigError for any other value.
 */
export function resolveAdoptExactMatches(get: (key: string) => string | undefined): boolean {
  const key = CONFIG_KEYS.adoptExactMatches;
  const text = present(get(key));
  if (text === undefined || text === "false") return false;
  if (text === "true") return true;
  throw new VectaraConfigError(
    `${key} must be true or false, got ${JSON.stringify(text)}. Set it with \`pulumi config set ${key} true\`, or remove it for the default (false).`,
  );
}

/** How to switch an API key in `source` to OAuth client credentials, said when the users API refuses the key. */
function oauthAdvice(source: "stack config" | "environment"): string {
  const configure = `\`pulumi config set ${CONFIG_KEYS.clientId} <id>\` and \`pulumi config set --secret ${CONFIG_KEYS.clientSecret} <secret>\``;
  return source === "stack config"
    ? `${configure}, then \`pulumi config rm ${CONFIG_KEYS.apiKey}\` (an API key wins over client credentials)`
    : `${configure} (the stack config wins over ${ENV.apiKey}), or set ${ENV.clientId} and ${ENV.clientSecret} and unset ${ENV.apiKey}`;
}

function credentialSettings(credential: Credential): ClientSettings {
  return credential.kind === "api key"
    ? { apiKey: credential.apiKey.reveal() }
    : { clientId: credential.clientId, clientSecret: credential.clientSecret.reveal() };
}

/** The client for resolved settings. @throws VectaraConfigError (MISSING_CREDENTIALS) without a credential. */
export function clientFor(config: VectaraConfig): UsersClient {
  if (!config.credentialSource) throw new VectaraConfigError(MISSING_CREDENTIALS);
  return new UsersClient(config.settings, {});
}
