/**
 * The compatibility legs: which Node.js and @pulumi/pulumi each runs, and which tests. Only the
 * tests whose outcome can depend on those versions run here (the pure tests run once, in the
 * main suite): the public types compiled against the SDK, everything through the SDK's
 * provider host and its runtime in-process, and the real engine. Globs, so new test files in these folders join without an edit here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../pulumi/engine";

/** Tests through the SDK's provider host (tests/support/host.ts, stack.ts) or its runtime in-process. */
export const HOST_TESTS = ["tests/host/**/*.test.ts"];

/** The public argument types compiled against the installed SDK's `Input<>` (pure otherwise). */
export const SDK_TYPE_TESTS = ["tests/unit/types/**/*.test.ts"];

/** Whole stacks through the real engine (tests/support/engine.ts). */
export const ENGINE_TESTS = ["tests/engine/**/*.test.ts"];

/**
 * The policy pack (policy/) through the real engine: the pack runs on the SDK of the project it
 * checks (the language host starts it with that project's @pulumi/pulumi), so both ends of the
 * peer range run it.
 */
export const POLICY_PACK_TESTS = ["tests/engine/policy-pack*.test.ts"];

export type NodeChoice = { kind: "machine" } | { kind: "registry"; major: number };
export type SdkChoice = { kind: "latest" } | { kind: "peerFloor" };

export interface Leg {
  name: string;
  /** What the leg stands for, in the summary and the README. */
  purpose: string;
  node: NodeChoice;
  sdk: SdkChoice;
  tests: string[];
}

export const LEGS: Leg[] = [
  {
    name: "newest",
    purpose: "what users install today: the newest SDK (Node >= 22 since 3.255) on Node 24 LTS",
    node: { kind: "registry", major: 24 },
    sdk: { kind: "latest" },
    tests: [...SDK_TYPE_TESTS, ...HOST_TESTS, ...ENGINE_TESTS],
  },
  {
    name: "lowest",
    purpose: "the lowest SDK the peer range admits, on this machine's Node",
    node: { kind: "machine" },
    sdk: { kind: "peerFloor" },
    tests: [...SDK_TYPE_TESTS, ...HOST_TESTS, ...POLICY_PACK_TESTS],
  },
];

/** The lowest version `peerDependencies["@pulumi/pulumi"]` admits ("^3.216.0" -> "3.216.0"). */
export function peerFloor(root: string = REPO_ROOT): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const range: string = pkg.peerDependencies?.["@pulumi/pulumi"] ?? "";
  const match = /^(?:\^|~|>=)\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!match) throw new Error(`peerDependencies["@pulumi/pulumi"] is ${JSON.stringify(range)}: expected ^X.Y.Z, ~X.Y.Z or >=X.Y.Z`);
  return match[1];
}

/** The globs whose folder (or file) exists under `root`; the others would only make mocha warn. */
export function presentGlobs(globs: string[], root: string): { present: string[]; absent: string[] } {
  const present: string[] = [];
  const absent: string[] = [];
  for (const glob of globs) {
    const fixed = glob.split("/").filter((part, i, parts) => !parts.slice(0, i + 1).some((p) => /[*?[{]/.test(p)));
    (fs.existsSync(path.join(root, ...fixed)) ? present : absent).push(glob);
  }
  return { present, absent };
}
