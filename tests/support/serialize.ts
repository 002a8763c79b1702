/**
 * The `__provider` string a real program stores in state for a dynamic resource.
 *
 * Same call as `serializeFunctionMaybeSecret` in `@pulumi/pulumi/dynamic/index.js` (3.248):
 * `require("../runtime/closure/serializeClosure").serializeFunction(() => provider, { allowSecrets: true })`,
 * then `.text`. `dynamic.Resource` also caches the result per provider object (a WeakMap) and
 * marks `__provider` secret when `containsSecrets` is true (a captured secret Output); this
 * helper does neither: it serializes on every call and returns the text only.
 *
 * The text is built from `Function.prototype.toString()` of the code as loaded: under tsx (the
 * test runner) it is esbuild's output, not tsc's, so do not compare it with a string taken
 * from a compiled program's state; compare behaviour, or grep it (e.g. for captured secrets).
 */
const serializeClosure = require("@pulumi/pulumi/runtime/closure/serializeClosure");

export async function serializeProvider(provider: object): Promise<string> {
  const sf = await serializeClosure.serializeFunction(() => provider, { allowSecrets: true });
  return sf.text as string;
}
