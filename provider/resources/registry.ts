/**
 * Every resource of the package, one row each: its type token (as state records it), its stable
 * entry point (what every such resource's `__provider` in state loads: a file in
 * provider/providers/, never renamed) and its definition (what the provider runs).
 *
 * Adding a resource: its folder beside this file, a row here, its entry point file in
 * provider/providers/ (`export const provider = vectaraProvider(REGISTRY.<name>.definition)` and
 * `export const handler = () => provider`),
 * and its class in provider/index.ts (README, Development: "To add a resource").
 */
import type { Registration } from "../framework/resource";
import type { VectaraContext } from "../vectara/provider";
import { apiKeyDefinition } from "./api-key/definition";
import { appClientDefinition } from "./app-client/definition";
import { passwordResetDefinition } from "./password-reset/definition";
import { userDefinition } from "./user/definition";

export const REGISTRY = {
  user: { type: "pulumi-nodejs:dynamic/vectara:User", entryPoint: "pulumi-vectara/providers/user", definition: userDefinition },
  passwordReset: {
    type: "pulumi-nodejs:dynamic/vectara:PasswordReset",
    entryPoint: "pulumi-vectara/providers/password-reset",
    definition: passwordResetDefinition,
  },
  appClient: {
    type: "pulumi-nodejs:dynamic/vectara:AppClient",
    entryPoint: "pulumi-vectara/providers/app-client",
    definition: appClientDefinition,
  },
  apiKey: { type: "pulumi-nodejs:dynamic/vectara:ApiKey", entryPoint: "pulumi-vectara/providers/api-key", definition: apiKeyDefinition },
} as const satisfies Record<string, Registration<VectaraContext>>;
