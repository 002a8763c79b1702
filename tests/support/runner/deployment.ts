/**
 * The bookkeeping of one preview or up: the old state, what the program registered, what was
 * deleted, and the state that a checkpoint writes from all of that.
 */
import { message } from "./errors";
import type { Session } from "./session";
import type { Props, ResourceState } from "./state";
import { STACK_TYPE, engineUrn } from "./urns";

export class Deployment {
  readonly oldList: ResourceState[];
  readonly oldByUrn: Map<string, ResourceState>;
  readonly pendingDeletes: ResourceState[];
  readonly done = new Map<string, ResourceState>(); // registered this run, in completion order
  readonly seen = new Set<string>(); // registered this run, including failures
  readonly removed = new Set<ResourceState>(); // old entries deleted this run
  readonly componentOutputs = new Map<string, Props>();
  readonly stackUrn: string;
  readonly engineUrns = new Map<string, string>(); // the program's (mock) URN -> the engine's URN

  constructor(
    readonly session: Session,
    readonly preview: boolean,
  ) {
    this.oldList = session.state.resources.filter((r) => !r.delete);
    this.oldByUrn = new Map(this.oldList.map((r) => [r.urn, r]));
    this.pendingDeletes = session.state.resources.filter((r) => r.delete);
    this.stackUrn = engineUrn(session.stack, session.project, "", STACK_TYPE, `${session.project}-${session.stack}`);
  }

  toEngine = (u: string) => this.engineUrns.get(u) ?? u;

  private snapshot(): ResourceState[] {
    return [
      ...this.done.values(),
      ...this.oldList.filter((r) => !this.done.has(r.urn) && !this.removed.has(r)),
      ...this.pendingDeletes.filter((r) => !this.removed.has(r)),
    ];
  }

  checkpoint(): void {
    this.session.checkpoint(this.snapshot());
  }

  /** Everything the program did not declare, and old halves of replacements not deleted yet. */
  leftovers(): ResourceState[] {
    return [...this.oldList.filter((r) => !this.seen.has(r.urn)), ...this.pendingDeletes.filter((r) => !this.removed.has(r))];
  }

  onOutputs(urn: string, outputs: Props): void {
    this.componentOutputs.set(urn, outputs);
    const entry = this.done.get(urn);
    if (entry && !entry.custom) {
      entry.outputs = outputs;
      try {
        this.checkpoint();
      } catch (e) {
        this.session.error(`${urn}: cannot save outputs: ${message(e)}`);
      }
    }
  }
}
