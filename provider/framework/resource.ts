/**
 * A resource class over a property table, for the program's side: its outputs declared from
 * the table, its secret outputs marked, input strings the SDK could not carry wrapped for check
 * (carriable.ts), and the `__provider` that loads its stable entry point in the provider host.
 */
import * as pulumi from "@pulumi/pulumi";
import { carriable } from "./carriable";
import type { ResourceDefinition } from "./provider";
import { declaredOutputs, secretKeys } from "./schema";
import { providerStub } from "./stub";

/** A row of a package's registry: how state names the resource, what its `__provider` loads, what the provider runs. */
export interface Registration<Context = unknown> {
  /** The type token in state: `pulumi-nodejs:dynamic/<module>:<Name>` (never changed). */
  type: string;
  /** The stable entry point whose export `provider` serves it (never renamed). */
  entryPoint: string;
  definition: ResourceDefinition<Context>;
}

/**
 * The base of a registered resource's class. `extra` are inputs besides the program's
 * arguments (such as a message for check).
 */
export class TableResource extends pulumi.dynamic.Resource {
  constructor(
    registration: Registration<any>,
    name: string,
    args: object,
    opts?: pulumi.CustomResourceOptions,
    extra: Record<string, unknown> = {},
  ) {
    const schema = registration.definition.schema;
    const secret = secretKeys(schema);
    // Every output must be a key of the props, or the SDK never fills it in.
    const props = { ...declaredOutputs(schema), ...carriable(args), ...extra };
    const options = secret.length ? { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secret] } : opts;
    const [, module, type] = /^pulumi-nodejs:dynamic\/([^:]+):(.+)$/.exec(registration.type) ?? [];
    super(providerStub(registration.entryPoint), name, props, options, module, type);
  }
}
