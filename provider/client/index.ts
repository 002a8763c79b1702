/** The Vectara users API client (knows nothing of Pulumi). Re-exports only. */
export * from "./types";
export {
  VectaraError,
  VectaraApiError,
  VectaraAuthError,
  VectaraNetworkError,
  OutcomeUnknownError,
  VectaraConfigError,
  isNotFound,
  isConflict,
  isOutcomeUnknown,
  isVectaraApiError,
} from "./errors";
export {
  resolveSettings,
  describeCredential,
  isLoopbackHost,
  DEFAULT_BASE_URL,
  DEFAULT_AUTH_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
} from "./settings";
export type { ClientSettings, ResolvedSettings, Credential, CredentialKind, ApiKeyCredential, ClientCredentials } from "./settings";
export { Secret } from "./redact";
export { UsersClient, usernameSegment } from "./users";
export { computeRetryDelay, parseRetryAfter } from "./http";
export { UnexpectedResponseError } from "./wire";
