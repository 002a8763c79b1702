/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/app-client`: the VectaraAppClient provider,
 * loaded by the `__provider` of every VectaraAppClient in state. Never rename or move this
 * file, and keep its exports `provider` and `handler`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.appClient.definition);
/** What the `__provider` text (../framework/stub.ts) hands the SDK's host: `module.exports=require(<this>)`, then `handler()`. */
export const handler = () => provider;
