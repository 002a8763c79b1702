/**
 * STABLE ENTRY POINT `pulumi-vectara/providers/password-reset`: the PasswordReset provider,
 * loaded by the `__provider` of every PasswordReset in state (state written by 0.1.0 asks for
 * it as `pulumi-vectara/dist/password-reset/operations.js`, an alias in package.json's
 * `exports`). Never rename or move this file, and keep its export `provider`.
 */
import { checkReset } from "../resources/password-reset/check";
import { diffReset } from "../resources/password-reset/diff";
import { passwordResetOperations } from "../resources/password-reset/operations";
import { vectaraProvider } from "../framework/provider";

export const provider = vectaraProvider({
  check: checkReset,
  diff: (_id, olds, news) => diffReset(olds, news),
  operations: passwordResetOperations,
});
