/**
 * Bench-only fixture: a VectaraUser-shaped dynamic provider that makes no API call and does no
 * work, but waits as long as the emulator's added latency wherever the real one makes its one
 * request (create, update, delete). Driven through the same host and harness as the real
 * provider, it measures the floor of the lifecycle benchmark: what the SDK's host, the gRPC
 * harness (tests/support/host.ts) and the 20 ms waits cost by themselves on this machine.
 * (The 20 is written out in each method: the closure serializer would capture a constant too,
 * but literals keep the serialized text self-evident.)
 */
import type * as pulumi from "@pulumi/pulumi";

export const nullProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: { ...news, username: news.username ?? news.email, description: news.description ?? "" }, failures: [] };
  },
  async diff() {
    return { changes: true, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const id = `usr_null_${Math.random().toString(16).slice(2)}`;
    const at = new Date().toISOString();
    return { id, outs: { ...inputs, userId: id, enabled: true, adoptExisting: false, createdAt: at, updatedAt: at } };
  },
  async update(_id, olds, news) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { outs: { ...olds, ...news, updatedAt: new Date().toISOString() } };
  },
  async delete() {
    await new Promise((resolve) => setTimeout(resolve, 20));
  },
};
