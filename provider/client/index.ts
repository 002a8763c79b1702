/**
 * `pulumi-vectara/client`: the Vectara access API clients (users, app clients, API keys), for programs and scripts that call
 * the API directly (it knows nothing of Pulumi). Re-exports only; what is not here (retry
 * delays, settings resolution, path encoding, sessions) is internal and may change in any release.
 */
export * from "./users/types";
export * from "./app-clients/types";
export * from "./api-keys/types";
export type { ApiPolicy, ApiOperationPolicy } from "./api-policy";
export {
  VectaraError,
  VectaraApiError,
  VectaraAuthError,
  VectaraNetworkError,
  OutcomeUnknownError,
  VectaraConfigError,
  UnexpectedResponseError,
  UsernameTakenError,
  CreateUnconfirmedError,
  isNotFound,
  isConflict,
  isOutcomeUnknown,
  isCreateUnconfirmed,
  isVectaraApiError,
} from "./errors";
export {
  DEFAULT_BASE_URL,
  DEFAULT_AUTH_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
} from "./settings";
export type { ClientSettings, CredentialKind } from "./settings";
export { UsersClient, sameEmail } from "./users/client";
export { AppClientsClient } from "./app-clients/client";
export { ApiKeysClient } from "./api-keys/client";
