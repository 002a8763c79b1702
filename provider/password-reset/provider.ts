import { lazyProvider } from "../runtime/lazy-provider";

/** The stub stored in state as `__provider` (see runtime/lazy-provider.ts). */
export const resetProvider = lazyProvider("pulumi-vectara/dist/password-reset/operations.js");
