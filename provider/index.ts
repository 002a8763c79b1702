// The public surface of pulumi-vectara: re-exports only.
export { VectaraUser, type VectaraUserArgs, type CorpusRoleArgs, type AgentRoleArgs } from "./user/resource";
export { PasswordReset, type PasswordResetArgs } from "./password-reset/resource";
export { UserPasswordReset, type UserPasswordResetArgs } from "./password-reset/component";
export { listVectaraUsers, type ListVectaraUsersArgs } from "./lookup";
export * from "./client";
