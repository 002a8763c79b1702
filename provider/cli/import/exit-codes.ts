/**
 * Exit codes of `pulumi-vectara import`, one per thing a pipeline can act on, and the error
 * each failure maps to, with what to do about it.
 */
import { VectaraAuthError, VectaraConfigError, VectaraNetworkError, UnexpectedResponseError, isVectaraApiError } from "../../client";

export const EXIT = {
  /** Written (or, with --dry-run, printed). */
  ok: 0,
  /** A bug: the message and stack are printed. */
  internal: 1,
  /** The command line cannot run: an unknown flag, a bad value, --out exists without --force. */
  usage: 2,
  /** No credentials, an invalid vectara:* or VECTARA_* value, or the stack config could not be read. */
  config: 3,
  /** Vectara refused the credential (401, or the token URL refused it) or its role (403). */
  access: 4,
  /** Vectara could not be reached or kept failing: no answer, timeouts, 429/5xx after retries, a malformed answer, a listing that does not end. */
  unavailable: 5,
  /** Written, but some users, app clients or API keys hold values the provider refuses (listed): `pulumi preview` fails until they are handled. */
  attention: 6,
} as const;

export const EXIT_CODE_HELP = `Exit codes:
  0  written (with --dry-run: printed)
  1  an unexpected error (a bug; please report it)
  2  usage: an unknown flag or bad value, or --out exists and --force is not given
  3  configuration: no credentials, an invalid vectara:* / VECTARA_* value, or the stack's
     config could not be read
  4  access refused: the credential was rejected (401, or the OAuth token URL refused it), or
     it lacks the administrator or owner role (403)
  5  Vectara unreachable or failing: no answer, timeouts, 429 or 5xx after retries
  6  written, but some users (or app clients, API keys) hold values this version of the
     provider refuses (listed on stderr and in the file): \`pulumi preview\` fails until
     they are handled`;

const ROLE_NEEDED =
  "The import lists users, app clients and API keys (GET /v2/users, /v2/app_clients, /v2/api_keys), which needs a credential " +
  "with the `administrator` or `owner` API role (a personal API key or an app client's; --users-only lists users alone).";

/** The exit code for a failure. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof Error && e.name === "UsageError") return EXIT.usage;
  if (e instanceof VectaraConfigError) return EXIT.config;
  if (e instanceof VectaraAuthError) return EXIT.access;
  if (isVectaraApiError(e)) return e.status === 401 || e.status === 403 ? EXIT.access : EXIT.unavailable;
  if (e instanceof VectaraNetworkError || e instanceof UnexpectedResponseError) return EXIT.unavailable;
  return EXIT.internal;
}

/**
 * What to print for a failure, line by line: the error's own words, and what to do where they
 * do not say; for a bug, its stack frames. An answer from Vectara (which may quote account
 * data) stays on one line, whatever it holds; a configuration or usage error, which this
 * command words from local things (the stack's config, `pulumi config`'s output), keeps its lines.
 */
export function failureLines(e: unknown, baseUrl: string | undefined): string[] {
  if (!(e instanceof Error)) return [String(e)];
  const code = exitCodeOf(e);
  if (code === EXIT.config || code === EXIT.usage) return e.message.split("\n");
  if (code === EXIT.internal) return [`${e.name}: ${e.message}`, ...(e.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line))];
  if (code === EXIT.access) return [e.message, ROLE_NEEDED];
  if (code === EXIT.unavailable && baseUrl) {
    return [
      e.message,
      `Check the base URL (${baseUrl}; vectara:baseUrl or VECTARA_BASE_URL) and the network, then run the import again: it only reads.`,
    ];
  }
  return [e.message];
}
