/**
 * A Vectara resource's provider: the framework's adapter (framework/provider.ts) over the
 * connection of this provider-host process, with what a refused credential in a refresh or
 * destroy must add.
 */
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { isVectaraApiError, VectaraError } from "../client";
import { dynamicProvider, type ResourceDefinition } from "../framework/provider";
import { sharedConnection, type ApiClient, type Connection, type OperationSettings } from "./connection";

/** What a Vectara resource's operations are given: the clients they call, the stack's settings. */
export interface VectaraContext {
  /** The client of one Vectara API (made on first use; throws a configuration error or "no credentials"). */
  client<C>(api: ApiClient<C>): C;
  settings(): OperationSettings;
}

export type VectaraResourceDefinition = ResourceDefinition<VectaraContext>;

/**
 * What a 401 or 403 during a read or delete adds. Without `--run-program`, `pulumi refresh`
 * and `pulumi destroy` configure the provider from the config the last `pulumi up` recorded in
 * state, not from the current stack config; so a key rotated in the config since is not used.
 * Said so that it is true wherever a read or delete runs (refresh, destroy, an `up` that
 * deletes or refreshes).
 */
export const SAVED_CREDENTIALS_NOTE =
  "Note: without `--run-program`, `pulumi refresh` and `pulumi destroy` use the Vectara credentials saved in the stack by the last " +
  "`pulumi up`, not the current stack config. If this is one of them and the credentials changed since (a rotated key, another " +
  "client), run it again with `--run-program` (`pulumi refresh --run-program`, `pulumi destroy --run-program`), which uses the " +
  "current config, or run `pulumi up` once first, which saves it.";

/** The provider the host runs for one Vectara resource type; every type of a host process shares one connection. */
export function vectaraProvider(definition: VectaraResourceDefinition, connection: Connection = sharedConnection): ResourceProvider {
  return dynamicProvider(definition, {
    configure: (config) => connection.configure(config),
    problem: () => connection.problem(),
    context: { client: (api) => connection.client(api), settings: () => connection.operationSettings() },
    explainReadOrDelete: withSavedCredentialsNote,
  });
}

/** A refused credential in a read or delete, with SAVED_CREDENTIALS_NOTE added. */
function withSavedCredentialsNote(e: unknown): unknown {
  const refused = isVectaraApiError(e) && (e.status === 401 || e.status === 403 || e.name === "VectaraAuthError");
  return refused ? new VectaraError(`${e.message} ${SAVED_CREDENTIALS_NOTE}`, { cause: e }) : e;
}
