import type { ClientSettings } from "../client";

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
} as const;

const ENV_CREDENTIALS = ["VECTARA_API_KEY", "VECTARA_CLIENT_ID", "VECTARA_CLIENT_SECRET"] as const;

/** Thrown when neither stack config nor environment holds a Vectara credential. */
export const MISSING_CREDENTIALS =
  "No Vectara credentials. Set an API key with `pulumi config set --secret vectara:apiKey <key>`, " +
  "or OAuth client credentials with `pulumi config set vectara:clientId <id>` and " +
  "`pulumi config set --secret vectara:clientSecret <secret>`; or set the environment variables " +
  "VECTARA_API_KEY, or VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET.";

/**
 * Client settings from stack config, falling back to the `VECTARA_*` environment variables.
 * Credentials come from one source only: when the stack config names any credential, the
 * environment's are ignored, so a stray `VECTARA_API_KEY` never overrides the stack's choice.
 */
export function settingsFromConfig(
  get: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { settings: ClientSettings; env: NodeJS.ProcessEnv } {
  const value = (key: string): string | undefined => {
    const v = get(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const number = (key: string): number | undefined => {
    const v = value(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) {
      throw new Error(`Stack config ${key} must be a non-negative number, got "${v}".`);
    }
    return n;
  };
  const settings: ClientSettings = {
    apiKey: value(CONFIG_KEYS.apiKey),
    clientId: value(CONFIG_KEYS.clientId),
    clientSecret: value(CONFIG_KEYS.clientSecret),
    baseUrl: value(CONFIG_KEYS.baseUrl),
    authUrl: value(CONFIG_KEYS.authUrl),
    maxRetries: number(CONFIG_KEYS.maxRetries),
    retryBaseDelayMs: number(CONFIG_KEYS.retryBaseDelayMs),
    retryMaxDelayMs: number(CONFIG_KEYS.retryMaxDelayMs),
  };
  const timeoutSeconds = number(CONFIG_KEYS.timeoutSeconds);
  if (timeoutSeconds !== undefined) settings.timeoutMs = timeoutSeconds * 1000;

  const configHasCredential = Boolean(settings.apiKey || settings.clientId || settings.clientSecret);
  const effectiveEnv = { ...env };
  if (configHasCredential) for (const name of ENV_CREDENTIALS) delete effectiveEnv[name];
  else if (!ENV_CREDENTIALS.some((name) => env[name])) throw new Error(MISSING_CREDENTIALS);
  return { settings, env: effectiveEnv };
}
