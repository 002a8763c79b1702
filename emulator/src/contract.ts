/**
 * Validators for the official Vectara API schemas of the emulated operations (users, app
 * clients, API keys; schemas.json, generated from the spec subsets by extract-schemas.ts).
 * Used by the emulator for requests and responses, and by other tests to check what a client
 * sends.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

export type OperationId =
  | "listUsers"
  | "createUser"
  | "getUser"
  | "updateUser"
  | "deleteUser"
  | "resetUserPassword"
  | "getOAuthToken"
  | "listAppClient"
  | "createAppClient"
  | "getAppClient"
  | "updateAppClient"
  | "deleteAppClient"
  | "listApiKeys"
  | "createApiKey"
  | "getApiKey"
  | "updateApiKey"
  | "deleteApiKey";

export interface OperationInfo {
  method: string;
  path: string;
  /** `x-required-roles` of the operation (any one of them suffices); empty when the spec names none. */
  requiredRoles: string[];
  /** `x-supported-api-key-type` of the operation (e.g. `["Personal"]`), when the spec gives it. */
  apiKeyTypes?: string[];
  /** Schema name of the query parameters, as one object. */
  query?: string;
  /** Schema name of the JSON request body. */
  request?: string;
  /** Documented status -> schema name (null: no body). */
  responses: Record<string, string | null>;
}

interface SchemasFile {
  source: string;
  definitions: Record<string, unknown>;
  operations: Record<OperationId, OperationInfo>;
}

const FILE: SchemasFile = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "schemas.json"), "utf8"));
const ROOT_ID = "https://emulator.vectara.invalid/schemas.json";

// unicodeRegExp: false because the spec's CorpusKey pattern uses `\=`, which is not a valid
// escape in a /u regular expression. strict: false because OpenAPI 3.0 schemas use keywords
// (`default` beside `$ref`, `properties` without `type`, `discriminator`) that ajv's strict
// mode rejects; `check` tests discriminators itself (discriminatorIssue).
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
ajv.addSchema({ $id: ROOT_ID, definitions: FILE.definitions });

/** Operations of the spec, keyed by operationId. */
export const OPERATIONS: Readonly<Record<OperationId, OperationInfo>> = FILE.operations;
/** Every schema name `validate` accepts. */
export const SCHEMA_NAMES: readonly string[] = Object.keys(FILE.definitions);
/** The emulator's route names -> the spec's operationIds. */
export const OPERATION_OF_ROUTE = {
  listUsers: "listUsers",
  createUser: "createUser",
  getUser: "getUser",
  updateUser: "updateUser",
  deleteUser: "deleteUser",
  resetPassword: "resetUserPassword",
  token: "getOAuthToken",
  listAppClients: "listAppClient",
  createAppClient: "createAppClient",
  getAppClient: "getAppClient",
  updateAppClient: "updateAppClient",
  deleteAppClient: "deleteAppClient",
  listApiKeys: "listApiKeys",
  createApiKey: "createApiKey",
  getApiKey: "getApiKey",
  updateApiKey: "updateApiKey",
  deleteApiKey: "deleteApiKey",
} as const satisfies Record<string, OperationId>;

/**
 * The emulator's routes: the users API's (listUsers, createUser, getUser, updateUser,
 * deleteUser, resetPassword), the app clients API's (listAppClients, createAppClient,
 * getAppClient, updateAppClient, deleteAppClient), the API keys API's (listApiKeys,
 * createApiKey, getApiKey, updateApiKey, deleteApiKey) and the token endpoint's (token).
 */
export type RouteName = keyof typeof OPERATION_OF_ROUTE;

/**
 * Roles the emulator requires of the caller of an operation whose spec entry names none (the
 * app clients and API keys operations): administrator or owner, as the users API requires
 * for its writes.
 */
export const DEFAULT_REQUIRED_ROLES: readonly string[] = ["administrator", "owner"];

/** The roles a caller needs for `route`: the spec's `x-required-roles`, else DEFAULT_REQUIRED_ROLES. */
export function requiredRolesOf(route: Exclude<keyof typeof OPERATION_OF_ROUTE, "token">): readonly string[] {
  const roles = OPERATIONS[OPERATION_OF_ROUTE[route]].requiredRoles;
  return roles.length ? roles : DEFAULT_REQUIRED_ROLES;
}

const cache = new Map<string, ValidateFunction>();
function validatorFor(schemaName: string): ValidateFunction {
  let fn = cache.get(schemaName);
  if (!fn) {
    if (!Object.prototype.hasOwnProperty.call(FILE.definitions, schemaName)) {
      throw new Error(`unknown schema "${schemaName}" (known: ${SCHEMA_NAMES.join(", ")})`);
    }
    fn = ajv.getSchema(`${ROOT_ID}#/definitions/${schemaName}`);
    if (!fn) throw new Error(`cannot compile schema "${schemaName}"`);
    cache.set(schemaName, fn);
  }
  return fn;
}

/** One violation: `field` is a readable path such as `corpus_roles[0].role`, "" for the root. */
export interface SchemaIssue {
  field: string;
  message: string;
}

function fieldOf(e: ErrorObject): string {
  let field = e.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
  const extra = (e.params as any).missingProperty ?? (e.params as any).additionalProperty;
  if (typeof extra === "string") field = field ? `${field}.${extra}` : extra;
  return field;
}

function messageOf(e: ErrorObject): string {
  const got = e.data === undefined ? "" : ` (got ${JSON.stringify(e.data)})`;
  switch (e.keyword) {
    case "enum":
      return `must be one of: ${(e.params as any).allowedValues.join(", ")}${got}`;
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not allowed";
    case "format":
    case "pattern":
    case "type":
      return `${e.message}${got}`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * The violation of a top-level OpenAPI discriminator (which ajv does not check): its property,
 * when given as a string, must be one of the mapping's values (CreateAppClientRequest's
 * `type` must be `client_credentials`).
 */
function discriminatorIssue(schemaName: string, value: unknown): SchemaIssue | undefined {
  const d = (FILE.definitions[schemaName] as any)?.discriminator;
  if (!d?.mapping || !value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const got = (value as Record<string, unknown>)[d.propertyName];
  const allowed = Object.keys(d.mapping);
  if (typeof got !== "string" || allowed.includes(got)) return undefined;
  return { field: d.propertyName, message: `must be one of: ${allowed.join(", ")} (got ${JSON.stringify(got)})` };
}

/** Structured violations of `schemaName` by `value` (empty when valid). */
export function check(schemaName: string, value: unknown): SchemaIssue[] {
  const fn = validatorFor(schemaName);
  const discriminator = discriminatorIssue(schemaName, value);
  if (fn(value)) return discriminator ? [discriminator] : [];
  const seen = new Set<string>();
  const issues: SchemaIssue[] = discriminator ? [discriminator] : [];
  const errors = fn.errors ?? [];
  // A combinator's own error only repeats its branches' errors, which say it better.
  const combinator = (e: ErrorObject) => e.keyword === "allOf" || e.keyword === "oneOf" || e.keyword === "anyOf" || e.keyword === "if";
  const specific = errors.some((e) => !combinator(e));
  for (const e of errors) {
    if (specific && combinator(e)) continue;
    const issue = { field: fieldOf(e), message: messageOf(e) };
    const key = `${issue.field}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Human-readable violations, e.g. `email: must match format "email" (got "x")`; empty when valid. */
export function validate(schemaName: string, value: unknown): string[] {
  return check(schemaName, value).map((i) => `${i.field || "(root)"}: ${i.message}`);
}

/** Violations as a BadRequestError `field_errors` map (messages of one field joined by "; "). */
export function fieldErrors(schemaName: string, value: unknown, rootName = "body"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of check(schemaName, value)) {
    const f = i.field || rootName;
    out[f] = out[f] ? `${out[f]}; ${i.message}` : i.message;
  }
  return out;
}

/**
 * The schema a response of `operation` with `status` must satisfy: the documented one; else
 * (statuses the spec does not list) BadRequestError for 400, NotFoundError for 404 on
 * operations with a path parameter (`{username}`, `{app_client_id}`, `{api_key_id}`), Error
 * for any other 4xx/5xx (CONTRACT.md: 401, 409, 429, 5xx use the Error shape). null: no body expected. undefined: nothing to check against.
 */
export function responseSchemaFor(operation: OperationId | keyof typeof OPERATION_OF_ROUTE, status: number): string | null | undefined {
  const id: OperationId = (OPERATION_OF_ROUTE as Record<string, OperationId>)[operation] ?? operation;
  const op = OPERATIONS[id];
  if (!op) throw new Error(`unknown operation "${operation}"`);
  const documented = op.responses[String(status)];
  if (documented !== undefined) return documented;
  if (status === 400) return "BadRequestError";
  if (status === 404 && op.path.includes("{")) return "NotFoundError";
  if (status >= 400) return "Error";
  return undefined;
}
