import { deleteInOrder } from "./deletes";
import { Session } from "./session";
import type { RunResult, StackOptions } from "./types";

/** Deletes every resource in state, dependents first. */
export async function destroy(opts: StackOptions): Promise<RunResult> {
  const s = new Session(opts, true);
  s.load();
  let resources = [...s.state.resources];
  try {
    await deleteInOrder(s, [...resources], false, (r) => {
      resources = resources.filter((x) => x !== r);
      s.checkpoint(resources);
    });
    s.checkpoint(resources);
    return s.result({}, false);
  } finally {
    await s.close();
  }
}
