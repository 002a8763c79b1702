import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object that `pulumi.dynamic.Resource` serializes into every resource's state
 * (`__provider`). It holds no code of ours and no credential: each method loads the real
 * implementation from the installed `pulumi-vectara` package when the provider host calls it.
 * So state stays a few hundred bytes per resource, and upgrading the package upgrades the
 * provider that serves resources created by older versions.
 *
 * `modulePath` must stay a stable, public subpath of the package: old state refers to it.
 */
export function lazyProvider(modulePath: string): pulumi.dynamic.ResourceProvider {
  // `require` here is the host module's own: the SDK's closure serializer never captures it.
  const load = (): pulumi.dynamic.ResourceProvider => require(modulePath).provider;
  return {
    configure: (req) => load().configure!(req),
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}
