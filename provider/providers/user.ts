/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/user`: the VectaraUser provider, loaded by the
 * `__provider` of every VectaraUser in state (state written by 0.1.0 asks for it as
 * `pulumi-vectara/dist/user/operations.js`, an alias in package.json's `exports`). Refresh and
 * destroy of a stack created by any release load it: never rename or move this file, and keep
 * its exports `provider` and `handler`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.user.definition);
/** What the `__provider` text (../framework/stub.ts) hands the SDK's host: `module.exports=require(<this>)`, then `handler()`. */
export const handler = () => provider;
