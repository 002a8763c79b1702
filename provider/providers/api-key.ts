/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/api-key`: the VectaraApiKey provider, loaded by
 * the `__provider` of every VectaraApiKey in state. Never rename or move this file, and keep
 * its export `provider`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.apiKey.definition);
