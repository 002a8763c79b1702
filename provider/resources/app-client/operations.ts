/**
 * create / read / update / delete of VectaraAppClient: the machine-credential operations
 * (vectara/machine-operations.ts: adoption, a lost create reconciled by listing, the secret
 * kept only from the create's answer) over the app clients API's client. definition.ts wires
 * them to the provider host's connection; tests hand them a client of their own.
 */
import type { AppClient, AppClientsClient } from "../../client";
import type { Operations } from "../../framework/partial-failure";
import { credentialOperations, type CredentialApi, type CredentialKind } from "../../vectara/machine-operations";
import { APP_CLIENT_SCHEMA } from "./schema";

export const APP_CLIENT_KIND: CredentialKind<AppClient> = {
  label: "app client",
  schema: APP_CLIENT_SCHEMA,
  idOutput: "appClientId",
  secretOutput: "clientSecret",
  secretField: "clientSecret",
  matchedFields: "description and apiRoles",
};

/** The app clients API's client, as the operations use it. */
export function appClientApi(client: AppClientsClient): CredentialApi<AppClient> {
  return {
    find: (id) => client.find(id),
    async named(name) {
      const found: AppClient[] = [];
      // The filter is the server's regular expression (a match anywhere in the name): anchored and escaped, then compared exactly.
      for await (const c of client.list({ filter: `^${escapeRegExp(name)}$`, limit: 100 })) if (c.name === name) found.push(c);
      return found;
    },
    create: (request) => client.create(request as never),
    update: (id, request) => client.update(id, request),
    delete: (id) => client.delete(id),
  };
}

/** VectaraAppClient's operations, each API call made with `client()`. */
export function appClientOperations(client: () => AppClientsClient): Operations {
  return credentialOperations(APP_CLIENT_KIND, () => appClientApi(client()));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
