import { lazyProvider } from "../runtime/lazy-provider";

/**
 * What every VectaraUser stores in state as `__provider`: a stub that loads `operations.ts`
 * from the installed package at run time. One module-level instance, because the SDK caches
 * the serialized text per provider object.
 */
export const userProvider = lazyProvider("pulumi-vectara/dist/user/operations.js");
