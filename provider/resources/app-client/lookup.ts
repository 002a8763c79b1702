import type * as pulumi from "@pulumi/pulumi";
import { AppClientsClient, type AppClient } from "../../client";
import { lookup, type LookupArgs } from "../../vectara/lookup";

/** Arguments of {@link listVectaraAppClients}. */
export interface ListVectaraAppClientsArgs extends LookupArgs {
  /** A regular expression (Vectara's): only app clients whose name contains a match. */
  nameFilter?: string | undefined;
}

/** An app client as a lookup lists it: never its client secret. */
export type ListedAppClient = Omit<AppClient, "clientSecret">;

/**
 * Every OAuth app client in the Vectara account (data-source style), read with the `vectara:*`
 * stack config or the `VECTARA_*` environment variables: to find app clients no program manages.
 * The client secret is never returned: Vectara shows it only when an app client is created, and
 * an API that shows it on read has it dropped here (it would otherwise reach state in plain text).
 */
export function listVectaraAppClients(args: ListVectaraAppClientsArgs = {}): pulumi.Output<ListedAppClient[]> {
  return lookup("listVectaraAppClients", args, async function* (session) {
    for await (const { clientSecret: _secret, ...client } of new AppClientsClient(session).list({ filter: args.nameFilter, limit: 100 })) {
      yield client;
    }
  });
}
