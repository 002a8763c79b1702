/**
 * Bench-only fixture: a VectaraUser-shaped dynamic provider that makes no API call and does no
 * work, but waits 20 ms (the emulator's added latency in the lifecycle benchmarks) for each API
 * call ours makes in the same operation: create 1, update 2 and delete 2 (ours GETs the user
 * before it writes, to make sure it is still this resource's), one after the other as ours
 * sends them. Driven the same way as ours, it is the floor: what the engine (or the JS harness),
 * the SDK's provider host and the waits cost by themselves on this machine.
 * (The 20 is written out in each method: the closure serializer would capture a constant too,
 * but literals keep the serialized text self-evident.)
 */
import type * as pulumi from "@pulumi/pulumi";

export const floorProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: { ...news, username: news.username ?? news.email, description: news.description ?? "" }, failures: [] };
  },
  async diff(_id, olds, news) {
    return { changes: olds.description !== news.description, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const id = `usr_floor_${Math.random().toString(16).slice(2)}`;
    const at = new Date().toISOString();
    return { id, outs: { ...inputs, userId: id, enabled: true, createdAt: at, updatedAt: at } };
  },
  async update(_id, olds, news) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return { outs: { ...olds, ...news, updatedAt: new Date().toISOString() } };
  },
  async delete() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 20));
  },
};
