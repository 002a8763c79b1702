/**
 * The public surface of pulumi-vectara: the resources and the component, the lookups (`listVectaraUsers`,
 * `listVectaraAppClients`, `listVectaraApiKeys`),
 * the roster loader, their argument and value types, and the errors a program may catch. Re-exports only. The
 * users API client has its own entry point, `pulumi-vectara/client`.
 */
export { VectaraUser, type VectaraUserArgs, type CorpusRoleArgs, type AgentRoleArgs } from "./resources/user/resource";
export { PasswordReset, type PasswordResetArgs } from "./resources/password-reset/resource";
export { VectaraAppClient, type VectaraAppClientArgs } from "./resources/app-client/resource";
export { VectaraApiKey, type VectaraApiKeyArgs } from "./resources/api-key/resource";
export {
  UserPasswordReset,
  type UserPasswordResetArgs,
  type UserPasswordResetOptions,
  type ManagedUser,
} from "./resources/password-reset/component";
export { listVectaraUsers, type ListVectaraUsersArgs } from "./resources/user/lookup";
export { listVectaraAppClients, type ListVectaraAppClientsArgs, type ListedAppClient } from "./resources/app-client/lookup";
export { listVectaraApiKeys, type ListVectaraApiKeysArgs, type ListedApiKey } from "./resources/api-key/lookup";
export { isolateInlineRuns } from "./framework/inline-runs";
export { loadRoster, parseRoster, RosterError, type Roster, type RosterPerson } from "./roster";
export type {
  AgentRole,
  AgentRoleName,
  ApiKeyRole,
  ApiOperationPolicy,
  ApiPolicy,
  ApiRole,
  AppClientApiRole,
  ClientSettings,
  CorpusRole,
  CorpusRoleName,
  User,
} from "./client";
export {
  CreateUnconfirmedError,
  OutcomeUnknownError,
  UnexpectedResponseError,
  UsernameTakenError,
  VectaraApiError,
  VectaraAuthError,
  VectaraConfigError,
  VectaraError,
  VectaraNetworkError,
} from "./client";
