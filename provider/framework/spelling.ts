/**
 * Near-miss names: what a "did you mean" in a message is computed from. Pure.
 */

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), counted in
 * UTF-16 code units. Gives up early (returns `limit + 1`) when the length difference alone
 * exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = [];
  for (let i = 0; i < rows; i++) {
    d.push(new Array<number>(cols).fill(0));
    d[i][0] = i;
  }
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}

/** Longest name the edit-distance search runs on (keeps a check cheap on junk input). */
const MAX_FUZZY_LENGTH = 64;

/**
 * The candidate `name` was most likely meant to be, or undefined: one that differs only in
 * case and separators (`api_roles` for `apiRoles`), else the nearest within an edit distance
 * of a quarter of its length (at least 2).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const folded = (s: string) => s.toLowerCase().replace(/[\s_.-]+/g, "");
  const same = candidates.find((c) => folded(c) === folded(name));
  if (same !== undefined) return same;
  if (name.length === 0 || name.length > MAX_FUZZY_LENGTH) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 4));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
