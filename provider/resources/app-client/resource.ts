import * as pulumi from "@pulumi/pulumi";
import type { AppClientApiRole } from "../../client";
import { registered } from "../../framework/resource";
import type { AssertTrue, Declared, SameKeys } from "../../framework/schema";
import { REGISTRY } from "../registry";
import type { AppClientInputs, AppClientOutputs } from "./schema";

/** The inputs of a {@link VectaraAppClient}. */
export interface VectaraAppClientArgs {
  /** Its name (not unique in an account). Changing it replaces the app client: a new client id and secret. */
  name: pulumi.Input<string>;
  /** Free text. Updated in place. */
  description?: pulumi.Input<string | undefined>;
  /** Account-wide roles the app client acts with, e.g. `["corpus_administrator"]`. Compared as a set; updated in place. */
  apiRoles?: pulumi.Input<pulumi.Input<AppClientApiRole>[] | undefined>;
  /**
   * Any value (a date, a counter, a map of them). Changing it rotates the credential: the next
   * `pulumi up` creates a new app client (a new `clientId` and `clientSecret`), hands the new
   * secret to the resources that use it, and only then deletes the old one.
   */
  rotationTrigger?: pulumi.Input<unknown>;
  /**
   * Take over an app client that exists instead of creating one: its id (`"app_…"`), or `true`
   * for the only app client with this `name` (none: one is created; several: an error listing their
   * ids). Its `description` and `apiRoles` become the declared ones; its secret is not known to
   * the stack (`clientSecret` is "", `secretNote` says so) until `rotationTrigger` changes.
   * This is how to bring an existing one under the stack by its id (`pulumi import` and the
   * `import` resource option do not work for dynamic resources). Only matters at create.
   * Default `false`.
   */
  adoptExisting?: pulumi.Input<boolean | string | undefined>;
}

/** Compile-time check: VectaraAppClientArgs declares exactly the inputs of the table in schema.ts. */
export type VectaraAppClientArgsMatchSchema = AssertTrue<SameKeys<VectaraAppClientArgs, AppClientInputs>>;

/** Its outputs, one per row of the table in schema.ts (documented there). */
// Merged into the class so its outputs come from the schema table (see ../user/resource.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface VectaraAppClient extends Declared<AppClientOutputs> {}

/**
 * A Vectara OAuth app client (`client_credentials`), managed through the app clients API.
 *
 * `description` and `apiRoles` are updated in place; a new `name` or `rotationTrigger`
 * replaces it, the new app client created before the old one is deleted. `clientId` and
 * `clientSecret` are Pulumi secrets; Vectara shows the secret only when it creates the app
 * client, so an app client taken over (`adoptExisting`, by its id or its name) has an empty
 * `clientSecret` until its `rotationTrigger` changes.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class VectaraAppClient extends pulumi.CustomResource {
  constructor(name: string, args: VectaraAppClientArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registered(REGISTRY.appClient, name, args, opts));
  }
}
