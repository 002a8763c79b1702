/**
 * What an app client's or API key's `api_policy` says it may do (the access spec's ApiPolicy),
 * in camelCase; `wire.ts` reads it. Shared by the app clients and API keys APIs.
 */

/** Which resources one operation is allowed on. */
export interface ApiOperationPolicy {
  /** True: the operation is allowed on any resource. */
  allowAnyResource: boolean;
  /**
   * Resource path (`path.corpus_key`, `body.…`, `implicit.…`: data, kept as the API spells it)
   * -> the resources allowed there.
   */
  allowedResources?: Record<string, string[]>;
}

export interface ApiPolicy {
  /** The API role the policy comes from. */
  name: string;
  /** Operation name (such as `query`, `index`) -> where it is allowed. */
  allowedOperations: Record<string, ApiOperationPolicy>;
}

/** The resource path under which a policy names corpora. */
export const CORPUS_KEY_RESOURCE = "path.corpus_key";

/** Every corpus key a policy names (sorted, once each); [] for a policy that names none. */
export function corpusKeysOf(policy: ApiPolicy): string[] {
  const keys = new Set<string>();
  for (const op of Object.values(policy.allowedOperations)) {
    for (const key of op.allowedResources?.[CORPUS_KEY_RESOURCE] ?? []) keys.add(key);
  }
  return [...keys].sort();
}
