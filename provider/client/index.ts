/**
 * `pulumi-vectara/client`: the Vectara users API client, for programs and scripts that call
 * the API directly (it knows nothing of Pulumi). Re-exports only; what is not here (retry
 * delays, settings resolution, path encoding, sessions) is internal and may change in any release.
 */
export * from "./users/types";
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
