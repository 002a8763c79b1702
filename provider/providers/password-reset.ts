/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/password-reset`: the PasswordReset provider,
 * loaded by the `__provider` of every PasswordReset in state (state written by 0.1.0 asks for
 * it as `pulumi-vectara/dist/password-reset/operations.js`, an alias in package.json's
 * `exports`). Never rename or move this file, and keep its export `provider`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.passwordReset.definition);
