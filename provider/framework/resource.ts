/**
 * What a resource class over a property table registers, for the program's side: its outputs
 * declared from the table, its secret outputs marked, input strings the SDK could not carry
 * wrapped for check (carriable.ts), and the `__provider` that loads its stable entry point in
 * the provider host.
 *
 * Exactly what `pulumi.dynamic.Resource` registers (the type token
 * `pulumi-nodejs:dynamic/<module>:<Name>`, served by the SDK's dynamic-provider host through the
 * default `pulumi-nodejs` provider, and a `__provider` input), except that `__provider` is the
 * short text of stub.ts instead of a serialized closure: so the class extends CustomResource.
 */
import type * as pulumi from "@pulumi/pulumi";
import { carriable } from "./carriable";
import { isolateInlineRuns } from "./inline-runs";
import type { ResourceDefinition } from "./provider";
import { declaredOutputs, secretKeys } from "./schema";
import { providerStub } from "./stub";

// An Automation API process may run many programs: none may inherit an earlier run's dead connection (inline-runs.ts).
isolateInlineRuns();

/** A row of a package's registry: how state names the resource, what its `__provider` loads, what the provider runs. */
export interface Registration<Context = unknown> {
  /** The type token in state: `pulumi-nodejs:dynamic/<module>:<Name>` (never changed). */
  type: string;
  /** The stable entry point whose export `provider` serves it (never renamed). */
  entryPoint: string;
  definition: ResourceDefinition<Context>;
}

/**
 * What a registered resource's class hands `pulumi.CustomResource`'s constructor:
 * `super(...registered(REGISTRY.<name>, name, args, opts))`. A function, not a base class: the
 * SDK records the stack from four frames above its own constructor as the resource's source
 * position, so with no class between the resource's and CustomResource, that position is the
 * program's line that declares the resource (not this package's), and state holds one frame
 * less per resource. `extra` are inputs besides the program's arguments (such as a message for
 * check).
 */
export function registered(
  registration: Registration<any>,
  name: string,
  args: object,
  opts?: pulumi.CustomResourceOptions,
  extra: Record<string, unknown> = {},
): [type: string, name: string, props: Record<string, unknown>, opts: pulumi.CustomResourceOptions | undefined] {
  const schema = registration.definition.schema;
  const secret = secretKeys(schema);
  // Every output must be a key of the props, or the SDK never fills it in.
  const props = { ...declaredOutputs(schema), ...carriable(args), ...extra, __provider: providerStub(registration.entryPoint) };
  const options = secret.length ? { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secret] } : opts;
  return [registration.type, name, props, options];
}
