import type * as pulumi from "@pulumi/pulumi";
import { ApiKeysClient, type ApiKey, type ApiKeyRole } from "../../client";
import { lookup, type LookupArgs } from "../../vectara/lookup";

/** Arguments of {@link listVectaraApiKeys}. */
export interface ListVectaraApiKeysArgs extends LookupArgs {
  /** Only keys with permissions on this corpus. */
  corpusKey?: string | undefined;
  /** Only keys with this role. */
  apiKeyRole?: ApiKeyRole | undefined;
}

/** An API key as a lookup lists it: never its secret key. */
export type ListedApiKey = Omit<ApiKey, "secretKey">;

/**
 * Every API key in the Vectara account (data-source style), read with the `vectara:*` stack
 * config or the `VECTARA_*` environment variables: to find keys no program manages. The secret
 * key is never returned: Vectara shows it only when a key is created, and an API that shows it
 * on read has it dropped here (it would otherwise reach state in plain text).
 */
export function listVectaraApiKeys(args: ListVectaraApiKeysArgs = {}): pulumi.Output<ListedApiKey[]> {
  return lookup("listVectaraApiKeys", args, async function* (session) {
    const keys = new ApiKeysClient(session).list({ corpusKey: args.corpusKey, apiKeyRole: args.apiKeyRole, limit: 100 });
    for await (const { secretKey: _secret, ...key } of keys) yield key;
  });
}
