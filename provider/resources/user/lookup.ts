import * as pulumi from "@pulumi/pulumi";
import { UsersClient, VectaraError, type ClientSettings, type User } from "../../client";
import { openSession } from "../../client/session";

/** Arguments of {@link listVectaraUsers}. */
export interface ListVectaraUsersArgs {
  /** Only users with a role on this corpus. */
  corpusKey?: string | undefined;
  /**
   * Also list during `pulumi preview` (default false). Off by default so that a preview makes
   * no API call; the result is then unknown until `pulumi up`.
   */
  duringPreview?: boolean | undefined;
  /** Client settings to use instead of the `vectara:*` stack config (`VECTARA_*` env vars still fill gaps). */
  settings?: ClientSettings | undefined;
}

/**
 * Every user in the Vectara account (data-source style), read with the `vectara:*` stack
 * config or the `VECTARA_*` environment variables. Use it to find users that no program
 * manages, e.g. people added by hand.
 */
export function listVectaraUsers(args: ListVectaraUsersArgs = {}): pulumi.Output<User[]> {
  if (pulumi.runtime.isDryRun() && !args.duringPreview) return pulumi.output(pulumi.unknown) as pulumi.Output<User[]>;
  return pulumi.output(
    fetchUsers(args).catch((e: unknown) => {
      // A Vectara answer or a configuration problem is said as it is: a RunError, which the
      // SDK prints as its message alone, not as an "unhandled exception" with a stack trace.
      throw e instanceof VectaraError ? new pulumi.RunError(`listVectaraUsers: ${e.message}`) : e;
    }),
  );
}

function clientOf(args: ListVectaraUsersArgs): UsersClient {
  if (args.settings) return new UsersClient(openSession({ options: args.settings, env: process.env }));
  const config = new pulumi.Config("vectara");
  return new UsersClient(openSession({ config: (key) => config.get(key.slice("vectara:".length)), env: process.env }));
}

async function fetchUsers(args: ListVectaraUsersArgs): Promise<User[]> {
  const client = clientOf(args);
  const users: User[] = [];
  for await (const user of client.list({ corpusKey: args.corpusKey, limit: 100 })) users.push(user);
  return users;
}
