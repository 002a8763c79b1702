/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/api-key`: the VectaraApiKey provider, loaded by
 * the `__provider` of every VectaraApiKey in state. Never rename or move this file, and keep
 * its exports `provider` and `handler`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.apiKey.definition);
/** What the `__provider` text (../framework/stub.ts) hands the SDK's host: `module.exports=require(<this>)`, then `handler()`. */
export const handler = () => provider;
