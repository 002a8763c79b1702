import type * as pulumi from "@pulumi/pulumi";
import { UsersClient, type User } from "../../client";
import { lookup, type LookupArgs } from "../../vectara/lookup";

/** Arguments of {@link listVectaraUsers}. */
export interface ListVectaraUsersArgs extends LookupArgs {
  /** Only users with a role on this corpus. */
  corpusKey?: string | undefined;
}

/**
 * Every user in the Vectara account (data-source style), read with the `vectara:*` stack
 * config or the `VECTARA_*` environment variables. Use it to find users that no program
 * manages, e.g. people added by hand.
 */
export function listVectaraUsers(args: ListVectaraUsersArgs = {}): pulumi.Output<User[]> {
  return lookup("listVectaraUsers", args, (session) => new UsersClient(session).list({ corpusKey: args.corpusKey, limit: 100 }));
}
