/**
 * Reading a roster file: `loadRoster(file)` for a program, `parseRoster(text, file)` for text
 * from elsewhere. Every problem is reported at once, each on its own line as
 * `file:line:column: person "…" (people[i]): …`, before the program declares anything, so a
 * bad roster fails `pulumi preview` with no API call and changes nothing.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { checkRoster, personLabel } from "./check";
import { JsonSyntaxError, parseJson, positionOf, type JsonPath } from "./json";
import type { RosterPerson } from "./types";

/**
 * A roster that cannot be used: its `message` has one line per problem, each naming the file,
 * the line and column, the person and the key. A `pulumi.RunError`, so the Pulumi CLI prints
 * the message alone, without a stack trace.
 */
export class RosterError extends pulumi.RunError {
  constructor(
    /** The file (or the name given to `parseRoster`). */
    readonly file: string,
    /** One line per problem, each as in `message`. */
    readonly problems: readonly string[],
  ) {
    super(problems.join("\n"));
    this.name = "RosterError";
  }
}

/**
 * The people of the roster in `text`, checked (see {@link loadRoster}); `file` names it in
 * errors. Throws {@link RosterError}.
 */
export function parseRoster(text: string, file: string): RosterPerson[] {
  const at = (offset: number) => {
    const { line, column } = positionOf(text, offset);
    return `${file}:${line}:${column}`;
  };
  let parsed;
  try {
    parsed = parseJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new RosterError(file, [`${at(e.offset)}: not valid JSON: ${e.reason}`]);
  }
  const where = (path: JsonPath) => {
    // The nearest enclosing value that has a place (a missing key is reported at its object).
    for (let n = path.length; n >= 0; n--) {
      const offset = parsed.offsetOf(path.slice(0, n));
      if (offset !== undefined) return offset;
    }
    return 0;
  };
  const problems = [
    ...parsed.duplicates.map((d) => ({
      offset: where(d.path),
      message: `${duplicateKey(parsed.value, d.path)} is given twice (first at ${at(d.first).slice(file.length + 1)}); only one of them would count`,
    })),
    ...checkRoster(parsed.value).problems.map((p) => ({ offset: where(p.path), message: p.message })),
  ].sort((a, b) => a.offset - b.offset);
  if (problems.length > 0)
    throw new RosterError(
      file,
      problems.map((p) => `${at(p.offset)}: ${p.message}`),
    );
  return (parsed.value as { people: RosterPerson[] }).people;
}

/**
 * Reads and checks a roster file (`{ "people": [...] }`, see {@link RosterPerson}): every
 * key is known (a typo gets a did-you-mean), every value has its type, names are unique, and no
 * Vectara user is declared twice (same username, or same email where the username defaults to
 * it, compared without regard to case). Throws {@link RosterError}, whose message lists every
 * problem with its file, line and column, person and key.
 */
export function loadRoster(file: string): RosterPerson[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "there is no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    throw new RosterError(file, [`${file}: cannot read the roster: ${why}`]);
  }
  return parseRoster(text, file);
}

/** `person "ada" (people[0]): "apiRoles"`: the key at `path`, and whose it is. */
function duplicateKey(roster: unknown, path: JsonPath): string {
  const key = JSON.stringify(path[path.length - 1]);
  const [top, index, ...inside] = path;
  if (top !== "people" || typeof index !== "number") return key;
  const person = personLabel((roster as { people: unknown[] }).people[index], index);
  const within = inside
    .slice(0, -1)
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
    .join("");
  return `${person}: ${within ? `${within.slice(1)}: ` : ""}${key}`;
}
