import { providerStub } from "../../framework/stub";

/**
 * What every VectaraUser stores in state as `__provider` (see framework/stub.ts). One
 * module-level instance, because the SDK caches the serialized text per provider object.
 */
export const userStub = providerStub("pulumi-vectara/providers/user");
