import { providerStub } from "../../framework/stub";

/** What every PasswordReset stores in state as `__provider` (see framework/stub.ts). */
export const passwordResetStub = providerStub("pulumi-vectara/providers/password-reset");
