import { message } from "./errors";
import { plain } from "./props";
import type { Session } from "./session";
import type { ResourceState } from "./state";
import type { Step } from "./types";
import { displayType } from "./urns";

/**
 * Deletes `items` dependents first: an item waits until every other item that depends on it (by
 * `dependencies` or as a child) is gone; independent ones run concurrently (the Session limits
 * provider calls), started in reverse state order. A failed delete blocks what it depends on.
 */
export async function deleteInOrder(
  s: Session,
  items: ResourceState[],
  preview: boolean,
  onDeleted: (r: ResourceState) => void,
): Promise<void> {
  const waitsFor = new Map(items.map((r) => [r, items.filter((o) => o !== r && (o.parent === r.urn || o.dependencies.includes(r.urn)))]));
  const finished = new Set<ResourceState>();
  const blocked = new Set<ResourceState>();
  const started = new Set<ResourceState>();
  const running = new Set<Promise<void>>();
  const one = async (r: ResourceState) => {
    const step: Step = { op: "delete", urn: r.urn, type: r.type, name: r.name, changed: [], replaces: [], deleteBeforeReplace: false };
    try {
      if (!preview && r.custom) {
        await s.call((h) => h.delete(r.urn, r.id ?? "", plain(r.outputs)));
      }
      if (!preview) {
        onDeleted(r);
      }
      finished.add(r);
      s.record(step);
    } catch (e) {
      blocked.add(r);
      s.record({ ...step, error: `${r.urn}: Delete failed: ${message(e)}` });
    }
  };
  for (;;) {
    // What a failed delete depends on must stay, transitively.
    for (let more = true; more; ) {
      more = false;
      for (const r of items) {
        if (!started.has(r) && waitsFor.get(r)!.some((d) => blocked.has(d))) {
          started.add(r);
          blocked.add(r);
          more = true;
          s.log(`  skipped delete of ${displayType(r.type)} ${r.name}: a resource that depends on it was not deleted`);
        }
      }
    }
    const todo = [...items].reverse().filter((r) => !started.has(r));
    if (todo.length === 0) {
      break;
    }
    let ready = todo.filter((r) => waitsFor.get(r)!.every((d) => finished.has(d)));
    if (ready.length === 0 && running.size === 0) {
      ready = [todo[0]]; // a dependency cycle in state: fall back to reverse state order
    }
    for (const r of ready) {
      started.add(r);
      const p: Promise<void> = one(r).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) {
      await Promise.race(running);
    }
  }
  await Promise.all(running);
}
