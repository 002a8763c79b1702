/**
 * create / read / update / delete of VectaraApiKey: the machine-credential operations
 * (vectara/machine-operations.ts: adoption, a lost create reconciled by listing, the secret
 * kept only from the create's answer) over the API keys API's client.
 */
import type { ApiKey, ApiKeysClient } from "../../client";
import type { Operations } from "../../framework/partial-failure";
import { credentialOperations, type CredentialApi, type CredentialKind } from "../../vectara/machine-operations";
import { API_KEY_SCHEMA } from "./schema";

export const API_KEY_KIND: CredentialKind<ApiKey> = {
  label: "API key",
  schema: API_KEY_SCHEMA,
  idOutput: "apiKeyId",
  secretOutput: "secretKey",
  secretField: "secretKey",
  matchedFields: "apiKeyRole and corpusKeys",
};

/** The API keys API's client, as the operations use it. */
export function apiKeyApi(client: ApiKeysClient): CredentialApi<ApiKey> {
  return {
    find: (id) => client.find(id),
    async named(name) {
      // The listing filters by corpus and role only: every key is read, and compared by name here.
      const found: ApiKey[] = [];
      for await (const key of client.list({ limit: 100 })) if (key.name === name) found.push(key);
      return found;
    },
    create: (request) => client.create(request as never),
    update: (id, request) => client.update(id, request),
    delete: (id) => client.delete(id),
  };
}

/** VectaraApiKey's operations, each API call made with `client()`. */
export function apiKeyOperations(client: () => ApiKeysClient): Operations {
  return credentialOperations(API_KEY_KIND, () => apiKeyApi(client()));
}
