/** VectaraApiKey as its provider runs it: the table, check (the table's plus the personal-key rule), the table's diff, and the operations on the host's API keys client. */
import { ApiKeysClient } from "../../client";
import type { VectaraResourceDefinition } from "../../vectara/provider";
import { checkApiKey } from "./check";
import { apiKeyOperations } from "./operations";
import { API_KEY_SCHEMA } from "./schema";

export const apiKeyDefinition: VectaraResourceDefinition = {
  schema: API_KEY_SCHEMA,
  check: checkApiKey,
  operations: ({ client }) => apiKeyOperations(() => client(ApiKeysClient)),
};
