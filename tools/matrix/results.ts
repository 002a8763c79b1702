/**
 * The one line every test run ends with (tests/support/reporter.js): "N passed, N failed" and
 * ", N skipped" when some were. Reading it back and adding runs up, so CI can end with one line
 * covering the main suite and every matrix leg.
 */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

const LINE = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

/** The counts of the last result line in `output`, or undefined when there is none. */
export function lastResult(output: string): Counts | undefined {
  const lines = output.split(/\r?\n/).map((line) => line.trim());
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const match = LINE.exec(lines[i]);
    if (match) return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) };
  }
  return undefined;
}

export function add(a: Counts, b: Counts): Counts {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

export const NONE: Counts = { passed: 0, failed: 0, skipped: 0 };

/** Same format as the reporter's line. */
export function formatResult(counts: Counts): string {
  return `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`;
}
