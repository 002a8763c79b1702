/**
 * The API keys API in TypeScript terms (camelCase). `wire.ts` is the only place that maps
 * these to and from Vectara's snake_case JSON.
 */
import type { ListBounds } from "../pagination";
import type { ApiPolicy } from "../api-policy";

/**
 * What a key may do: `serving` queries its corpora, `serving_and_indexing` also indexes into
 * them, `personal` acts with its creator's roles (and names no corpora).
 */
export const API_KEY_ROLES = ["serving", "serving_and_indexing", "personal"] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** An API key as the API returns it. Unknown fields from the server are dropped. */
export interface ApiKey {
  /** `aky_…`: the id the API addresses it by. */
  id: string;
  /** Not unique: two API keys may share a name. */
  name: string;
  /**
   * A secret: what `x-api-key` carries. In the answer to create; get and list leave it out on
   * Vectara as documented (an API that shows it on read fills it there too).
   */
  secretKey?: string;
  /** Absent when the API does not say. */
  enabled?: boolean;
  apiKeyRole: ApiKeyRole;
  /** What the key may do, when the API says (a personal key has none of its own). */
  apiPolicy?: ApiPolicy;
  /**
   * The corpora the key reaches, as its `apiPolicy` names them (sorted): the API's key has no
   * `corpus_keys` field. Absent when the answer has no policy (always for a personal key).
   */
  corpusKeys?: string[];
}

/** The answer to create: the key with its secret key (shown this once). */
export interface CreatedApiKey extends ApiKey {
  secretKey: string;
}

export interface CreateApiKeyRequest {
  name: string;
  apiKeyRole: ApiKeyRole;
  /** The corpora a serving or serving-and-indexing key reaches; leave out for a personal key (the API refuses any). */
  corpusKeys?: string[];
}

/** The only field the API lets change. */
export interface UpdateApiKeyRequest {
  enabled?: boolean;
}

/** What every page of a listing asks for. */
export interface ApiKeysQuery {
  /** Page size, 1..100 (the API's default is 10). */
  limit?: number;
  /** Only keys with permissions on this corpus. */
  corpusKey?: string;
  /** Only keys with this role. */
  apiKeyRole?: ApiKeyRole;
}

export interface ListApiKeysOptions extends ApiKeysQuery, ListBounds {}

export interface ApiKeysPageOptions extends ApiKeysQuery {
  /** `metadata.page_key` of the previous page; omit for the first page. */
  pageKey?: string;
}

export interface ApiKeysPage {
  apiKeys: ApiKey[];
  /** Absent on the last page. */
  pageKey?: string;
}
