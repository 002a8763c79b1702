/**
 * The API keys API's snake_case JSON <-> camelCase (types.ts). The only file that knows both
 * for API keys. Going out: never sends an `undefined` key. Coming in: keeps only the fields
 * types.ts knows; `corpusKeys` is read from `api_policy` (the API's key has no `corpus_keys`).
 */
import { corpusKeysOf } from "../api-policy";
import { VectaraError } from "../errors";
import { apiPolicyFromWire, isObject, listPageFromWire, str, unexpected, type Json } from "../wire";
import type { ApiKey, ApiKeyRole, ApiKeysPage, ApiKeysPageOptions, CreateApiKeyRequest, CreatedApiKey, UpdateApiKeyRequest } from "./types";

/** Body of `POST /v2/api_keys`. */
export function createApiKeyToWire(req: CreateApiKeyRequest): Json {
  const out: Json = { name: req.name, api_key_role: req.apiKeyRole };
  if (req.corpusKeys !== undefined) {
    if (!Array.isArray(req.corpusKeys)) throw new VectaraError("corpusKeys must be an array.");
    out.corpus_keys = [...req.corpusKeys];
  }
  return out;
}

/** Body of `PATCH /v2/api_keys/{id}`: only the fields given. */
export function updateApiKeyToWire(req: UpdateApiKeyRequest): Json {
  const out: Json = {};
  if (req.enabled !== undefined) out.enabled = req.enabled;
  return out;
}

/** Query of `GET /v2/api_keys` ("" when empty). */
export function apiKeysQueryToWire(options: ApiKeysPageOptions): string {
  const q = new URLSearchParams();
  if (options.limit !== undefined) q.set("limit", String(options.limit));
  if (options.pageKey !== undefined) q.set("page_key", options.pageKey);
  if (options.corpusKey !== undefined) q.set("corpus_key", options.corpusKey);
  if (options.apiKeyRole !== undefined) q.set("api_key_role", options.apiKeyRole);
  return q.toString();
}

/** An `ApiKey` from its JSON; `where` names the call in the error for a body that is not one. */
export function apiKeyFromWire(raw: unknown, where: string): ApiKey {
  if (!isObject(raw)) unexpected(where, "the body is not an API key object");
  const id = str(raw.id);
  if (!id) unexpected(where, "the API key has no id");
  const key: ApiKey = { id, name: str(raw.name) ?? "", apiKeyRole: (str(raw.api_key_role) ?? "") as ApiKeyRole };
  const secret = str(raw.secret_key);
  if (secret) key.secretKey = secret;
  if (typeof raw.enabled === "boolean") key.enabled = raw.enabled;
  const policy = apiPolicyFromWire(raw.api_policy);
  if (policy) {
    key.apiPolicy = policy;
    key.corpusKeys = corpusKeysOf(policy);
  }
  return key;
}

/**
 * The 201 answer of `POST /v2/api_keys`. One without a secret key cannot be used: the error
 * names the id it was created with, for the caller to delete it.
 */
export function createdApiKeyFromWire(raw: unknown, where: string): CreatedApiKey {
  const key = apiKeyFromWire(raw, where);
  if (!key.secretKey) unexpected(where, `API key ${key.id} was created, but the answer has no secret_key; delete it and create it again`);
  return key as CreatedApiKey;
}

/** One page of `GET /v2/api_keys`. An absent, null or empty `metadata.page_key` means the last page. */
export function apiKeysPageFromWire(raw: unknown, where: string): ApiKeysPage {
  const { items: apiKeys, ...key } = listPageFromWire(raw, where, "api_keys", "API keys", (k) => apiKeyFromWire(k, where));
  return { apiKeys, ...key };
}
