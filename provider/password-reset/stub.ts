import { providerStub } from "../runtime/stub";

/** What every PasswordReset stores in state as `__provider` (see runtime/stub.ts). */
export const passwordResetStub = providerStub("pulumi-vectara/providers/password-reset");
