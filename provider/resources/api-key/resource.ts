import * as pulumi from "@pulumi/pulumi";
import type { ApiKeyRole } from "../../client";
import { registered } from "../../framework/resource";
import type { AssertTrue, Declared, SameKeys } from "../../framework/schema";
import { REGISTRY } from "../registry";
import type { ApiKeyInputs, ApiKeyOutputs } from "./schema";

/** The inputs of a {@link VectaraApiKey}. */
export interface VectaraApiKeyArgs {
  /** Its name (not unique in an account). Changing it replaces the key: a new secret key. */
  name: pulumi.Input<string>;
  /**
   * `serving` (queries its corpora), `serving_and_indexing` (queries and indexes into them) or
   * `personal` (acts with the roles of whoever created it; names no corpora). Changing it replaces the key.
   */
  apiKeyRole: pulumi.Input<ApiKeyRole>;
  /** The corpora a serving or serving-and-indexing key reaches; leave out for a personal key. Compared as a set; changing it replaces the key. */
  corpusKeys?: pulumi.Input<pulumi.Input<string>[] | undefined>;
  /** Whether the key is accepted (default `true`). Updated in place. */
  enabled?: pulumi.Input<boolean | undefined>;
  /**
   * Any value (a date, a counter, a map of them). Changing it rotates the key: the next
   * `pulumi up` creates a new key, hands its secret to the resources that use it, and only
   * then deletes the old one.
   */
  rotationTrigger?: pulumi.Input<unknown>;
  /**
   * Take over a key that exists instead of creating one: its id (`"aky_…"`), or `true` for the
   * only key with this `name` (none: one is created; several: an error listing their ids). Its
   * `apiKeyRole` and `corpusKeys` must be the declared ones (a replacement otherwise); its
   * secret key is not known to the stack (`secretKey` is "", `secretNote` says so) until
   * `rotationTrigger` changes. Only matters at create. Default `false`.
   */
  adoptExisting?: pulumi.Input<boolean | string | undefined>;
}

/** Compile-time check: VectaraApiKeyArgs declares exactly the inputs of the table in schema.ts. */
export type VectaraApiKeyArgsMatchSchema = AssertTrue<SameKeys<VectaraApiKeyArgs, ApiKeyInputs>>;

/** Its outputs, one per row of the table in schema.ts (documented there). */
// Merged into the class so its outputs come from the schema table (see ../user/resource.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface VectaraApiKey extends Declared<ApiKeyOutputs> {}

/**
 * A Vectara API key, managed through the API keys API.
 *
 * Only `enabled` is updated in place; a new `name`, `apiKeyRole`, `corpusKeys` or
 * `rotationTrigger` replaces the key, the new one created before the old one is deleted.
 * `secretKey` is a Pulumi secret; Vectara shows it only when it creates the key, so a key taken
 * over (`adoptExisting`, by its id or its name) has an empty `secretKey` until its `rotationTrigger` changes.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class VectaraApiKey extends pulumi.CustomResource {
  constructor(name: string, args: VectaraApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(...registered(REGISTRY.apiKey, name, args, opts));
  }
}
