/** VectaraAppClient as its provider runs it: the table (check and diff derived from it) and the operations on the host's app clients client. */
import { AppClientsClient } from "../../client";
import type { VectaraResourceDefinition } from "../../vectara/provider";
import { appClientOperations } from "./operations";
import { APP_CLIENT_SCHEMA } from "./schema";

export const appClientDefinition: VectaraResourceDefinition = {
  schema: APP_CLIENT_SCHEMA,
  operations: ({ client }) => appClientOperations(() => client(AppClientsClient)),
};
