/**
 * An API key as the emulator keeps it (its secret key, corpora and, for a personal key, its
 * creator's roles), how a new one is made, and its wire shape (the spec's ApiKey).
 */
import * as crypto from "node:crypto";

export type ApiKeyRole = "serving" | "serving_and_indexing" | "personal";

export interface StoredApiKey {
  /** `aky_…` */
  id: string;
  /** Not unique: two API keys may share a name. */
  name: string;
  /** What x-api-key carries: `zqt_…` serving, `zwt_…` serving and indexing, `zut_…` personal. */
  secret_key: string;
  enabled: boolean;
  api_key_role: ApiKeyRole;
  /** The corpora a serving or serving-and-indexing key reaches; none for a personal key. */
  corpus_keys: string[];
  /** A personal key acts with the API roles of whoever created it (as they were then); none otherwise. */
  roles: string[];
}

export type NewApiKey = Pick<StoredApiKey, "name" | "api_key_role"> & Partial<StoredApiKey>;

const SECRET_PREFIX: Record<ApiKeyRole, string> = { serving: "zqt", serving_and_indexing: "zwt", personal: "zut" };

/** A complete record: id and secret_key are generated, enabled is true, unless given. */
export function newApiKey(input: NewApiKey): StoredApiKey {
  return {
    id: input.id ?? `aky_${crypto.randomBytes(8).toString("hex")}`,
    name: input.name,
    secret_key: input.secret_key ?? `${SECRET_PREFIX[input.api_key_role]}_${crypto.randomBytes(24).toString("base64url")}`,
    enabled: input.enabled ?? true,
    api_key_role: input.api_key_role,
    corpus_keys: [...new Set(input.corpus_keys ?? [])],
    roles: [...(input.roles ?? [])],
  };
}

/**
 * Which corpora a key reaches, as its ApiPolicy shows them. The spec says the list "shows what
 * corpora are accessed by these keys and with what permissions" but gives no example: this
 * shape is the emulator's (see the README). A personal key has no policy of its own.
 */
export function apiKeyPolicy(k: StoredApiKey): Record<string, unknown> | undefined {
  if (k.api_key_role === "personal") return undefined;
  const onCorpora = { allow_any_resource: false, allowed_resources: { "path.corpus_key": [...k.corpus_keys] } };
  const operations = k.api_key_role === "serving" ? ["query"] : ["query", "index"];
  return { name: k.api_key_role, allowed_operations: Object.fromEntries(operations.map((op) => [op, onCorpora])) };
}

/** The ApiKey body; `secret_key` only where the emulator discloses it (see the README). */
export function apiKeyView(k: StoredApiKey, withSecret: boolean): Record<string, unknown> {
  const policy = apiKeyPolicy(k);
  return {
    id: k.id,
    name: k.name,
    ...(withSecret ? { secret_key: k.secret_key } : {}),
    enabled: k.enabled,
    api_key_role: k.api_key_role,
    ...(policy ? { api_policy: policy } : {}),
  };
}
