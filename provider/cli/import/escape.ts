/**
 * Account data shown to a person: on stderr, in a file printed to a terminal (`--dry-run`,
 * `--out -`), or in a code review. A username or description may hold characters a terminal
 * acts on instead of showing (ESC sequences, BEL, CR, a newline that forges a line, NUL) or
 * that make a line read otherwise than it is (bidirectional controls); each is written as a
 * visible `\uXXXX` escape instead.
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidirectional
 * marks, embeddings, overrides and isolates.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with each such character written as `\uXXXX`: visible on a terminal, and inside a
 * JSON or TypeScript string literal read back as the same character.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JSON (and TypeScript) string literal of `text` that holds none of those characters raw. */
export function safeLiteral(text: string): string {
  return escapeControls(JSON.stringify(text));
}
