/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/password-reset`: the PasswordReset provider,
 * loaded by the `__provider` of every PasswordReset in state (state written by 0.1.0 asks for
 * it as `pulumi-vectara/dist/password-reset/operations.js`, an alias in package.json's
 * `exports`). Never rename or move this file, and keep its exports `provider` and `handler`.
 */
import { REGISTRY } from "../resources/registry";
import { vectaraProvider } from "../vectara/provider";

export const provider = vectaraProvider(REGISTRY.passwordReset.definition);
/** What the `__provider` text (../framework/stub.ts) hands the SDK's host: `module.exports=require(<this>)`, then `handler()`. */
export const handler = () => provider;
