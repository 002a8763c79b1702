import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

const stubs = new Map<string, ResourceProvider>();

/**
 * The provider object that `pulumi.dynamic.Resource` serializes into every resource's state
 * (`__provider`). It holds no code of ours and no credential: each method loads the real
 * provider from the installed package when the provider host calls it. So state holds no
 * code, and upgrading the package upgrades the provider that serves resources created by older
 * versions. One object per entry point: the SDK caches the serialized text per object.
 *
 * `entryPoint` must be one of the package's stable entry points (`pulumi-vectara/providers/…`,
 * see provider/providers/): state written today will ask for it for as long as the stack lives.
 */
export function providerStub(entryPoint: string): ResourceProvider {
  let stub = stubs.get(entryPoint);
  if (!stub) {
    stub = stubFor(entryPoint);
    stubs.set(entryPoint, stub);
  }
  return stub;
}

function stubFor(entryPoint: string): ResourceProvider {
  // `require` here is the host module's own: the SDK's closure serializer never captures it.
  const load = (): ResourceProvider => require(entryPoint).provider;
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
