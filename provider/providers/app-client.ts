/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/app-client`: the VectaraAppClient provider,
 * loaded by the `__provider` of every VectaraAppClient in state. Never rename or move this
 * file, and keep its export `provider`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.appClient.definition);
