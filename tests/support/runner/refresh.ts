import { message } from "./errors";
import { changedKeys, display, markSecrets, plain, secretKeysOf } from "./props";
import { Session } from "./session";
import type { ResourceState } from "./state";
import type { RunResult, StackOptions, Step } from "./types";
import { STACK_TYPE } from "./urns";

/** Reads every resource in state; drops those whose Read returns an empty id; stores the returned props/inputs. */
export async function refresh(opts: StackOptions): Promise<RunResult> {
  const s = new Session(opts, true);
  s.load();
  let resources = [...s.state.resources];
  try {
    await Promise.all(
      resources
        .filter((r) => r.custom)
        .map(async (r) => {
          const step: Step = {
            op: "refresh",
            urn: r.urn,
            type: r.type,
            name: r.name,
            changed: [],
            replaces: [],
            deleteBeforeReplace: false,
          };
          try {
            const read = await s.call((h) => h.read(r.urn, r.id ?? "", plain(r.outputs), plain(r.inputs)));
            if (!read.id) {
              resources = resources.filter((x) => x !== r);
              s.checkpoint(resources);
              s.record({ ...step, op: "read-gone" });
              return;
            }
            const secretOut = new Set([...secretKeysOf(r.outputs), ...secretKeysOf(r.inputs)]);
            const next: ResourceState = {
              ...r,
              id: read.id,
              outputs: markSecrets(read.properties, secretOut),
              inputs: read.inputs ? markSecrets(read.inputs, secretKeysOf(r.inputs)) : r.inputs,
            };
            resources = resources.map((x) => (x === r ? next : x));
            s.checkpoint(resources);
            s.record({ ...step, changed: changedKeys(plain(r.outputs), read.properties) });
          } catch (e) {
            s.record({ ...step, error: `${r.urn}: Read failed: ${message(e)}` });
          }
        }),
    );
    const stack = resources.find((r) => r.type === STACK_TYPE && !r.parent);
    return s.result(display(stack?.outputs ?? {}) as Record<string, unknown>, false);
  } finally {
    await s.close();
  }
}
