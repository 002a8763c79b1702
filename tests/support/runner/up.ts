/** preview and up: run the program, play the engine for each registration, then delete what is gone. */
import { deleteInOrder } from "./deletes";
import { Deployment } from "./deployment";
import { message } from "./errors";
import { runUnderMocks } from "./program";
import { display } from "./props";
import { isolateRuntime, settle } from "./runtime";
import { Session } from "./session";
import { register } from "./steps";
import type { RunResult, StackOptions } from "./types";

async function runProgram(opts: StackOptions, preview: boolean): Promise<RunResult> {
  const s = new Session(opts, !preview);
  s.load();
  const d = new Deployment(s, preview);
  const runtime = isolateRuntime();
  try {
    await runUnderMocks(s, opts.program, preview, {
      register: (args, reg) => register(d, args, reg),
      onOutputs: (urn, outputs) => d.onOutputs(d.toEngine(urn), outputs),
    });
    for (const reason of runtime.unhandled) {
      s.error(message(reason));
    }

    // Everything the program did not declare, and old halves of replacements: dependents first.
    if (s.failed && !preview) {
      const kept = d.leftovers().length;
      if (kept > 0) {
        s.log(`  ${kept} resource(s) to delete left in state: the run failed`);
      }
    } else {
      await deleteInOrder(s, d.leftovers(), preview, (r) => {
        d.removed.add(r);
        d.checkpoint();
      });
    }
    try {
      d.checkpoint();
    } catch (e) {
      s.error(message(e));
    }
    const stackOutputs = d.componentOutputs.get(d.stackUrn) ?? {};
    return s.result(display(stackOutputs) as Record<string, unknown>, preview);
  } finally {
    await s.close();
    await settle();
    runtime.restore();
  }
}

/** Check and Diff only: no Create/Update/Delete/Read, the state file is not touched. */
export function preview(opts: StackOptions): Promise<RunResult> {
  return runProgram(opts, true);
}

export function up(opts: StackOptions): Promise<RunResult> {
  return runProgram(opts, false);
}
