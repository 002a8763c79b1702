/**
 * The `__provider` of a resource in state (its inputs and its outputs): the text the SDK's
 * dynamic-provider host evaluates as a module before every call, calling its `handler` export
 * for the provider (`requireFromString(__provider).handler()`, the provider then cached per
 * text; every SDK from 3.216 to 3.276 does this, tests/host/versions/stub.test.ts holds each leg
 * of the matrix to it). The text makes the stable entry point itself that module: each exports
 * `handler` (and `provider`, which state written before 0.2's short text asks for:
 * `exports.handler=()=>require("…").provider;`).
 *
 * It holds no code of ours and no credential: it loads the provider from the installed package,
 * resolved from the host's working directory (the program's folder, where the package is
 * installed), when the host first needs it. So a package upgrade upgrades the provider that
 * serves resources created by older versions, and state pays about 60 bytes per copy where
 * `dynamic.Resource`'s serialized closure of a provider object took 2,200.
 *
 * `entryPoint` must be one of the package's stable entry points (`pulumi-vectara/providers/…`,
 * see provider/providers/): state written today will ask for it for as long as the stack lives.
 */
export function providerStub(entryPoint: string): string {
  return `module.exports=require(${JSON.stringify(entryPoint)});`;
}
