/** The command line of `pulumi-vectara import`: flags -> options, and the help text. Pure. */
import { corpusKeyProblem } from "../../resources/user/rules";
import { EXIT_CODE_HELP } from "./exit-codes";

export type Format = "typescript" | "roster";

export interface ImportArgs {
  format: Format;
  /** A file path, or "-" for stdout. */
  out: string;
  force: boolean;
  dryRun: boolean;
  corpusKey?: string;
  /** The stack whose `vectara:*` config to read (default: the project's selected stack). */
  stack?: string;
  /** Read only the `VECTARA_*` environment, even inside a Pulumi project. */
  stackConfig: boolean;
  /** Leave app clients and API keys out (the roster format always does). */
  usersOnly: boolean;
}

export type Parsed = { command: "import"; args: ImportArgs } | { command: "help" } | { command: "version" };

/** A command line that cannot run; the message says what would. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const DEFAULT_OUT: Readonly<Record<Format, string>> = { typescript: "index.ts", roster: "roster.json" };

export const USAGE = `Usage: pulumi-vectara import [options]

Reads every user of a Vectara account, and its app clients and API keys, and writes a Pulumi
program that manages them, each with adoptExisting (a user: true; an app client or API key: its
id): the first \`pulumi up\` takes them over (one GET each) and changes nothing.

Options:
  --format typescript|roster  typescript (default): an index.ts with one VectaraUser per user,
                              one VectaraAppClient per app client, one VectaraApiKey per API key;
                              roster: a roster.json of the people only, for the team example's
                              program (examples/team)
  --out FILE                  where to write (default index.ts, or roster.json); "-" for stdout
  --force                     replace FILE if it exists (without it, an existing FILE is an error)
  --dry-run                   print what would be written to stdout; write nothing
  --corpus-key KEY            only the users and API keys with a role on this corpus (no app clients)
  --users-only                only the users: no app clients or API keys
  --stack NAME                read the vectara:* config of this stack (default: the selected one)
  --no-stack-config           read only the VECTARA_* environment variables
  -h, --help                  this help
  --version                   the version of pulumi-vectara

Credentials, base URL and retries come from the same places as the provider's: inside a Pulumi
project (a Pulumi.yaml here or above), the stack's vectara:* config, read with \`pulumi config\`,
then the VECTARA_* environment variables (VECTARA_API_KEY, or VECTARA_CLIENT_ID and
VECTARA_CLIENT_SECRET; VECTARA_BASE_URL, VECTARA_AUTH_URL). The credential must belong to an
administrator or owner. Credentials are never taken from flags (they would show in \`ps\`).

Progress and the summary go to stderr; stdout carries only the file with --out - or --dry-run.

${EXIT_CODE_HELP}`;

const FORMATS: readonly Format[] = ["typescript", "roster"];
const VALUED = new Set(["format", "out", "corpus-key", "stack"]);
const SWITCHES = new Set(["force", "dry-run", "no-stack-config", "users-only"]);

/** Parses the arguments after the program name. @throws UsageError */
export function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(`missing the command.\n\n${USAGE}`);
  if (command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (command === "--version" || command === "-v") return { command: "version" };
  if (command !== "import") throw new UsageError(`unknown command ${JSON.stringify(command)}: the command is \`import\`.\n\n${USAGE}`);

  const values: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "-h" || arg === "--help") return { command: "help" };
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}; see --help.`);
    const [, flag, inlineValue] = match;
    if (SWITCHES.has(flag)) {
      if (inlineValue !== undefined) throw new UsageError(`--${flag} takes no value.`);
      switches.add(flag);
    } else if (VALUED.has(flag)) {
      const value = inlineValue ?? rest[++i];
      if (value === undefined || (inlineValue === undefined && value.startsWith("--")))
        throw new UsageError(`--${flag} needs a value; see --help.`);
      if (flag in values) throw new UsageError(`--${flag} is given twice.`);
      values[flag] = value;
    } else {
      throw new UsageError(`unknown option --${flag}; see --help.`);
    }
  }

  const format = (values.format ?? "typescript") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(" or ")}, got ${JSON.stringify(values.format)}.`);
  const out = values.out ?? DEFAULT_OUT[format];
  if (out === "") throw new UsageError(`--out needs a file name, or "-" for stdout.`);
  if (values["corpus-key"] !== undefined) {
    const problem = corpusKeyProblem(values["corpus-key"], "--corpus-key");
    if (problem) throw new UsageError(`${problem}.`);
  }
  if (values.stack !== undefined && switches.has("no-stack-config")) {
    throw new UsageError("--stack and --no-stack-config contradict each other: give one.");
  }
  return {
    command: "import",
    args: {
      format,
      out,
      force: switches.has("force"),
      dryRun: switches.has("dry-run"),
      ...(values["corpus-key"] !== undefined ? { corpusKey: values["corpus-key"] } : {}),
      ...(values.stack !== undefined ? { stack: values.stack } : {}),
      stackConfig: !switches.has("no-stack-config"),
      usersOnly: switches.has("users-only") || format === "roster",
    },
  };
}
