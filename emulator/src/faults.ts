/** Scriptable fault injection: faults queued per route (or "*"), each used `times` times, in order. */
import type { RouteName } from "./contract";
import type { Ctx } from "./request";
import { randomId, type Reply } from "./responses";

export type Fault =
  /** Answer this status with an Error body, before acting (429 + `Retry-After` when given). */
  | { kind: "status"; status: number; retryAfter?: string; times?: number; message?: string }
  /** Destroy the socket before acting. */
  | { kind: "reset"; times?: number }
  /** Wait, then act normally. */
  | { kind: "delay"; ms: number; times?: number }
  /** Act (the write takes effect), then answer 500 (or `status`) or destroy the socket. */
  | { kind: "commitThenFail"; then: "status" | "reset"; status?: number; times?: number }
  /**
   * A list answer (listUsers only) from a server that never ends its listing: it ignores the
   * page_key it is sent, answers the first page again (no users when `empty`), and names
   * `pageKey` as the next page. Queue several to cycle (`k1`, `k2`, `k1`); `"fresh"` names a
   * new key each time (with `empty` and `times: Infinity`: empty pages forever).
   */
  | { kind: "endlessPage"; pageKey: string; empty?: boolean; times?: number };

/** A short name for the request log, e.g. `status:503`, `reset`, `delay:100ms`, `commitThenFail:reset`. */
export function faultName(f: Fault): string {
  switch (f.kind) {
    case "status":
      return `status:${f.status}`;
    case "reset":
      return "reset";
    case "delay":
      return `delay:${f.ms}ms`;
    case "commitThenFail":
      return f.then === "reset" ? "commitThenFail:reset" : `commitThenFail:${f.status ?? 500}`;
    case "endlessPage":
      return `endlessPage:${f.pageKey}${f.empty ? ":empty" : ""}`;
  }
}

interface Queued {
  fault: Fault;
  left: number;
}

export class FaultQueue {
  private readonly queues = new Map<RouteName | "*", Queued[]>();

  inject(route: RouteName | "*", fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times > 0)) throw new Error(`fault "times" must be positive, got ${times}`);
    if (fault.kind === "delay" && !(fault.ms >= 0)) throw new Error(`delay fault needs ms >= 0`);
    if (fault.kind === "endlessPage" && route !== "listUsers") throw new Error(`an endlessPage fault is for listUsers, not ${route}`);
    const q = this.queues.get(route) ?? [];
    q.push({ fault: { ...fault }, left: times });
    this.queues.set(route, q);
  }

  /**
   * The fault for the next request on `route`, consuming one use: the route's own queue first,
   * then "*" (which covers every API route, not "token").
   */
  take(route: RouteName): Fault | undefined {
    const keys: (RouteName | "*")[] = route === "token" ? [route] : [route, "*"];
    for (const key of keys) {
      const q = this.queues.get(key);
      if (!q || q.length === 0) continue;
      const head = q[0];
      head.left -= 1;
      if (head.left <= 0) q.shift();
      return head.fault;
    }
    return undefined;
  }

  /** Faults still queued (for assertions). */
  pending(): { route: RouteName | "*"; fault: Fault; left: number }[] {
    return [...this.queues].flatMap(([route, q]) => q.map((x) => ({ route, fault: x.fault, left: x.left })));
  }

  clear(): void {
    this.queues.clear();
  }
}

/**
 * The request an endlessPage fault answers: the first page (the page_key it was sent, which
 * this server did not issue, left out). The log keeps the request as it came.
 */
export function firstPageOf(ctx: Ctx): Ctx {
  const { page_key: _ignored, ...query } = ctx.entry.query;
  return { ...ctx, entry: { ...ctx.entry, query } };
}

/** A 200 list answer as an endlessPage fault rewrites it; any other answer (401, 400) as it is. */
export function endlessPage(reply: Reply, fault: Extract<Fault, { kind: "endlessPage" }>): Reply {
  if (reply.status !== 200) return reply;
  const body = reply.body as { users: unknown[] };
  const pageKey = fault.pageKey === "fresh" ? `fresh-${randomId(8)}` : fault.pageKey;
  return { ...reply, body: { users: fault.empty ? [] : body.users, metadata: { page_key: pageKey } } };
}
