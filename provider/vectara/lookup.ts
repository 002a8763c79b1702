/**
 * What every data-source-style listing shares (listVectaraUsers, listVectaraAppClients,
 * listVectaraApiKeys): no API call during a preview unless asked, a session from the given
 * settings or the `vectara:*` stack config, every page read, and a Vectara error said as a
 * RunError naming the lookup.
 */
import * as pulumi from "@pulumi/pulumi";
import { VectaraError, type ClientSettings } from "../client";
import { openSession, type Session } from "../client/session";

/** What every lookup takes. */
export interface LookupArgs {
  /**
   * Also list during `pulumi preview` (default false). Off by default so that a preview makes
   * no API call; the result is then unknown until `pulumi up`.
   */
  duringPreview?: boolean | undefined;
  /** Client settings to use instead of the `vectara:*` stack config (`VECTARA_*` env vars still fill gaps). */
  settings?: ClientSettings | undefined;
}

/** A session on `settings`, or else on the stack's `vectara:*` config (then the environment). */
function sessionOf(settings: ClientSettings | undefined): Session {
  if (settings) return openSession({ options: settings, env: process.env });
  const config = new pulumi.Config("vectara");
  return openSession({ config: (key) => config.get(key.slice("vectara:".length)), env: process.env });
}

/**
 * Every item `list` yields, as an Output: unknown during a preview (unless `duringPreview`).
 * `name` (the lookup's function name) starts the message of a Vectara error.
 */
export function lookup<T>(name: string, args: LookupArgs, list: (session: Session) => AsyncIterable<T>): pulumi.Output<T[]> {
  if (pulumi.runtime.isDryRun() && !args.duringPreview) return pulumi.output(pulumi.unknown) as pulumi.Output<T[]>;
  const all = async () => {
    const items: T[] = [];
    for await (const item of list(sessionOf(args.settings))) items.push(item);
    return items;
  };
  return pulumi.output(
    all().catch((e: unknown) => {
      // A Vectara answer or a configuration problem is said as it is: a RunError, which the
      // SDK prints as its message alone, not as an "unhandled exception" with a stack trace.
      throw e instanceof VectaraError ? new pulumi.RunError(`${name}: ${e.message}`) : e;
    }),
  ) as pulumi.Output<T[]>;
}
