import type { EmulatorOptions } from "./options";
import { VectaraEmulator } from "./server";

export { VectaraEmulator, READY_PATH } from "./server";
export { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "./auth";
export { type EmulatorOptions } from "./options";
export { type LoggedRequest } from "./request";
export { type Fault, FaultQueue, faultName } from "./faults";
export type { RouteName } from "./contract";
export { type EmulatorUser, type ResetRecord, EmulatorStore } from "./store";
export { type StoredAppClient, type NewAppClient } from "./app-client";
export { type StoredApiKey, type NewApiKey, type ApiKeyRole, apiKeyPolicy } from "./api-key";
export {
  validate,
  check,
  fieldErrors,
  responseSchemaFor,
  OPERATIONS,
  OPERATION_OF_ROUTE,
  DEFAULT_REQUIRED_ROLES,
  requiredRolesOf,
  SCHEMA_NAMES,
  type OperationId,
  type OperationInfo,
  type SchemaIssue,
} from "./contract";

/** Starts an emulator; resolves once it listens (`emu.url`, `emu.stop()`). */
export function start(options: EmulatorOptions = {}): Promise<VectaraEmulator> {
  return VectaraEmulator.start(options);
}
