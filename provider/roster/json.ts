/**
 * JSON for files people edit by hand: the value, where each key and value starts (so a problem
 * can be reported at its line and column), keys given twice in one object (`JSON.parse` keeps
 * the last one without a word), and a syntax error said in words with its position, the same on
 * every Node.js version (V8's own messages differ between versions and some give no position).
 * Strict RFC 8259 JSON; a leading byte-order mark is skipped. Pure.
 */

/** A place in the text: 1-based line and column (columns count UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
}

/** The path of a value inside the document: object keys and list indexes. */
export type JsonPath = readonly (string | number)[];

/** A key that appears more than once in one object. */
export interface DuplicateKey {
  /** The path of the later occurrence (whose value `JSON.parse` would keep). */
  path: JsonPath;
  /** Offset of the earlier occurrence's key. */
  first: number;
}

export interface ParsedJson {
  value: unknown;
  /** Offset of the key of an object member, else of the value, at `path`; undefined if absent. */
  offsetOf(path: JsonPath): number | undefined;
  duplicates: DuplicateKey[];
}

/** Not JSON: `offset` is where the problem is, `reason` says what it is. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = "JsonSyntaxError";
  }
}

/** Deeper than any roster needs; keeps a hostile file from overflowing the stack. */
const MAX_DEPTH = 64;

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: readonly [string, unknown][] = [
  ["true", true],
  ["false", false],
  ["null", null],
];

const pathKey = (path: JsonPath) => JSON.stringify(path);

/** Parses `text`; throws JsonSyntaxError at the first problem. */
export function parseJson(text: string): ParsedJson {
  const offsets = new Map<string, number>();
  const duplicates: DuplicateKey[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (reason: string, at = i): never => {
    throw new JsonSyntaxError(reason, at);
  };
  const found = (): string => (i >= text.length ? "the end of the file" : describeChar(text[i]));
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };

  function string(): string {
    STRING.lastIndex = i;
    const match = STRING.exec(text);
    if (!match) return fail(stringProblem(text, i), stringProblemAt(text, i));
    i += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  function value(path: (string | number)[], depth: number): unknown {
    skipSpace();
    if (!offsets.has(pathKey(path))) offsets.set(pathKey(path), i);
    if (depth > MAX_DEPTH) return fail(`values nested more than ${MAX_DEPTH} deep`);
    const c = text[i];
    if (c === "{") return object(path, depth);
    if (c === "[") return list(path, depth);
    if (c === '"') return string();
    if (c === "-" || (c >= "0" && c <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match || match[0] === "-") return fail(`expected a number, found ${found()}`);
      i += match[0].length;
      return Number(match[0]);
    }
    for (const [word, literal] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return literal;
      }
    }
    if (c === "'") return fail("a string in single quotes; JSON strings take double quotes");
    return fail(`expected a value (a string in double quotes, a number, true, false, null, a list or an object), found ${found()}`);
  }

  function object(path: (string | number)[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    i++; // {
    skipSpace();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (text[i] !== '"') {
        if (text[i] === "}") return fail("a comma before '}': JSON allows no comma after the last member", lastComma(text, i));
        return fail(`expected a key in double quotes, found ${found()}`);
      }
      const at = i;
      const key = string();
      const memberPath = [...path, key];
      const earlier = seen.get(key);
      if (earlier !== undefined) duplicates.push({ path: memberPath, first: earlier });
      else seen.set(key, at);
      offsets.set(pathKey(memberPath), at);
      skipSpace();
      if (text[i] !== ":") return fail(`expected ':' after the key ${JSON.stringify(key)}, found ${found()}`);
      i++;
      // defineProperty, not assignment: a key named "__proto__" stays an own key.
      Object.defineProperty(out, key, { value: value(memberPath, depth + 1), enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      return fail(`expected ',' or '}' after the value of ${JSON.stringify(key)}, found ${found()}`);
    }
  }

  function list(path: (string | number)[], depth: number): unknown[] {
    const out: unknown[] = [];
    i++; // [
    skipSpace();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (text[i] === "]") return fail("a comma before ']': JSON allows no comma after the last element", lastComma(text, i));
      out.push(value([...path, out.length], depth + 1));
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      return fail(`expected ',' or ']' after a list element, found ${found()}`);
    }
  }

  const parsed = value([], 0);
  skipSpace();
  if (i < text.length) fail(`unexpected ${found()} after the end of the document`);
  return { value: parsed, offsetOf: (path) => offsets.get(pathKey(path)), duplicates };
}

/** Line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `'${c}'`;
}

/** The comma just before `at` (skipping white space). */
function lastComma(text: string, at: number): number {
  let k = at - 1;
  while (k > 0 && text[k] !== ",") k--;
  return k;
}

/** Where a string that STRING does not match goes wrong: its first bad character, or its start. */
function stringProblemAt(text: string, start: number): number {
  for (let k = start + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '"') return start;
    if (c.charCodeAt(0) < 0x20) return k;
    if (c === "\\") {
      if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(k + 1, k + 6))) return k;
      k++;
    }
  }
  return start;
}

function stringProblem(text: string, start: number): string {
  const at = stringProblemAt(text, start);
  if (at === start) return "a string that is never closed (a missing '\"')";
  if (text[at] === "\\") return `an invalid escape ${JSON.stringify(text.slice(at, at + 2))} in a string`;
  return text[at] === "\n" ? "a line break inside a string (a missing '\"', or write \\n)" : `${describeChar(text[at])} inside a string`;
}
