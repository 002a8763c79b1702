/**
 * The inline programs of the engine benchmarks: `count` users of one provider, all alike but
 * for their name and email (and the description, changed between two `up`s to update every user).
 *
 * - ours: `VectaraUser` from the compiled package (`pulumi-vectara`), as a user's program loads it;
 * - floor: tests/bench/floor-provider.ts (no API call, the waits ours spends on the API);
 * - naive: tests/bench/naive-provider.ts (the client imported statically: a large `__provider`).
 *
 * The floor and naive resources are `pulumi.dynamic.Resource`s with VectaraUser's inputs and
 * output keys (a dynamic resource only fills in outputs that are keys of its props).
 */
import * as pulumi from "@pulumi/pulumi";
import { VectaraUser } from "pulumi-vectara";
import { floorProvider } from "./floor-provider";
import { naiveUserProvider } from "./naive-provider";

export const PROVIDER_KINDS = ["ours", "floor", "naive"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** `pulumi.dynamic.Resource` is abstract (in its types): the floor's and naive resources' class. */
class BenchUser extends pulumi.dynamic.Resource {}

const OUTPUT_KEYS = { userId: undefined, enabled: undefined, createdAt: undefined, updatedAt: undefined };

function userArgs(kind: ProviderKind, i: number, description: string) {
  return {
    email: `${kind}-${i}@bench.example.com`,
    description,
    apiRoles: ["viewer" as const],
    corpusRoles: [{ corpusKey: "docs", role: "viewer" as const }],
  };
}

/** A program declaring `count` users served by `kind`'s provider. */
export function usersProgram(kind: ProviderKind, count: number, description: string): () => Promise<Record<string, unknown>> {
  return async () => {
    for (let i = 0; i < count; i++) {
      const name = `${kind}-${i}`;
      const args = userArgs(kind, i, description);
      if (kind === "ours") new VectaraUser(name, args);
      else {
        const provider = kind === "floor" ? floorProvider : naiveUserProvider;
        const type = kind === "floor" ? "FloorUser" : "NaiveUser";
        new BenchUser(provider, name, { ...OUTPUT_KEYS, ...args }, undefined, "vectara", type);
      }
    }
    return {};
  };
}
