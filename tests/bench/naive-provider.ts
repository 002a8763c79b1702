/**
 * Bench-only fixture: what the thin stub in provider/runtime/stub.ts avoids. This
 * provider object calls the implementation it imports statically at module top, so the SDK's
 * closure serializer has to capture operations.ts and, through it, the client, the check/diff
 * rules and everything they reference, into every resource's `__provider`.
 *
 * It imports the COMPILED provider (dist/, through the package name), as a program built
 * with tsc would. (Importing ../../provider/providers/user instead, i.e. the TypeScript sources
 * as tsx loads them, makes the SDK's closure serializer fail: "Remote object was not 'function'".)
 *
 * Never used by a real program; only serialized (never run) by tests/bench/run.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import { provider as operations } from "pulumi-vectara/providers/user";

export const naiveUserProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => operations.configure!(req),
  check: (olds, news) => operations.check!(olds, news),
  diff: (id, olds, news) => operations.diff!(id, olds, news),
  create: (inputs) => operations.create(inputs),
  read: (id, props) => operations.read!(id, props),
  update: (id, olds, news) => operations.update!(id, olds, news),
  delete: (id, props) => operations.delete!(id, props),
};
