/**
 * `pulumi-vectara import`: reads every user of the account (page by page, with the provider's
 * config rules), and its app clients and API keys, and writes a program that adopts them. Returns the exit code (exit-codes.ts);
 * never calls `process.exit`, so tests run it in-process and the bin only sets the code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ApiKeysClient, AppClientsClient, UsersClient } from "../../client";
import { Session } from "../../client/session";
import { resolve, withCredential, type Settings } from "../../client/settings";
import { parseArgs, USAGE, UsageError, type ImportArgs } from "./args";
import { escapeControls } from "./escape";
import { EXIT, exitCodeOf, failureLines } from "./exit-codes";
import {
  importApiKeys,
  importAppClients,
  machineCountsText,
  machineProblemLines,
  machinesNeedingAttention,
  type MachineAccess,
} from "./machine-access";
import { describeUser, namePeople, type Described } from "./people";
import { renderRoster } from "./roster";
import { findProject, readStackConfig } from "./stack-config";
import { countsOf, countsText, problemLines, sourceText, type Source } from "./summary";
import { renderTypeScript } from "./typescript";

/** Where the command reads and writes; the bin passes the process's own. */
export interface Io {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PAGE_SIZE = 100;
const NAME = "pulumi-vectara";

function packageVersion(): string {
  // dist/cli/import/command.js and provider/cli/import/command.ts are both three folders below package.json.
  return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

/** Runs the command line in `io.argv`; resolves with the exit code. */
export async function main(io: Io): Promise<number> {
  // Every line may quote account data (a username, a server's message): never a raw control character.
  const say = (line: string) => io.stderr(`${NAME} import: ${escapeControls(line)}\n`);
  const reached: { baseUrl?: string } = {};
  try {
    const parsed = parseArgs(io.argv);
    if (parsed.command === "help") io.stdout(`${USAGE}\n`);
    if (parsed.command === "version") io.stdout(`${packageVersion()}\n`);
    return parsed.command === "import" ? await importAccount(parsed.args, io, say, reached) : EXIT.ok;
  } catch (e) {
    const code = exitCodeOf(e);
    const [first, ...more] = failureLines(e, reached.baseUrl);
    say(`error: ${first}`);
    for (const line of more) io.stderr(`${escapeControls(line)}\n`);
    if (code === EXIT.usage && !(e instanceof UsageError && e.message.includes("Usage:"))) say("see `pulumi-vectara import --help`.");
    return code;
  }
}

/** Reads the account, writes (or prints) the program, reports; `reached` learns the base URL for error messages. */
async function importAccount(args: ImportArgs, io: Io, say: (line: string) => void, reached: { baseUrl?: string }): Promise<number> {
  const out = args.out === "-" ? undefined : path.resolve(io.cwd, args.out);
  const exists = out !== undefined && fs.existsSync(out);
  if (out && !args.dryRun) checkWritable(out, exists, args);

  const config = configFor(args, io, say);
  const started = performance.now();
  const session = new Session(withCredential(config));
  const client = new UsersClient(session);
  reached.baseUrl = client.baseUrl;
  const source: Source = { baseUrl: client.baseUrl, ...(args.corpusKey !== undefined ? { corpusKey: args.corpusKey } : {}) };
  let described: Described[];
  let machines: MachineAccess | undefined;
  try {
    described = await readAccount(client, args.corpusKey, say);
    if (!args.usersOnly) machines = await readMachineAccess(session, args.corpusKey, say);
  } finally {
    client.close();
  }
  const imported = namePeople(described);
  const counts = countsOf(imported);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(`read ${countsText(counts)} from ${sourceText(source)} in ${seconds} s (credentials from the ${config.credentialSource}).`);
  if (machines) say(`read ${machineCountsText(machines)}.`);

  const text =
    args.format === "roster" ? renderRoster(imported) : renderTypeScript(imported, source, `${NAME} ${packageVersion()}`, machines);
  const users = counts.users.toLocaleString("en-US");
  // Machine access is named only where the account has some: most accounts' imports are people.
  const hasMachines = (machines?.appClients.length ?? 0) + (machines?.apiKeys.length ?? 0) > 0;
  const adopted =
    machines && hasMachines
      ? `, ${machines.appClients.length.toLocaleString("en-US")} VectaraAppClient and ${machines.apiKeys.length.toLocaleString("en-US")} ` +
        `VectaraApiKey resources, each with adoptExisting: its id`
      : "";
  const what =
    args.format === "roster"
      ? `${users} people, each with "adoptExisting": true, for the team example's program (\`pulumi config set roster ${args.out}\`)`
      : `${users} VectaraUser resources, each with adoptExisting: true${adopted}`;
  if (args.dryRun || out === undefined) io.stdout(text);
  if (args.dryRun) {
    const refused = exists && !args.force ? ` ${args.out} exists: the real run needs --force to replace it.` : "";
    say(
      `dry run: would write ${out === undefined ? "stdout" : args.out} (${Buffer.byteLength(text)} bytes): ${what}. Nothing was written.${refused}`,
    );
  } else {
    if (out !== undefined) write(out, text, args.force);
    say(`wrote ${out === undefined ? "stdout" : args.out}: ${what}.`);
    const each = hasMachines ? "user, app client and API key" : "user";
    say(`next: \`pulumi preview\` (no API call), then \`pulumi up\` (one GET per ${each}, nothing written to Vectara).`);
  }

  const machinesAttention = machines ? machinesNeedingAttention(machines) : 0;
  if (counts.needAttention === 0 && machinesAttention === 0) return EXIT.ok;
  if (machines && machinesAttention) {
    say(
      `NEEDS ATTENTION: ${machinesAttention} app client(s) or API key(s) hold values this version of the provider refuses; ` +
        "`pulumi preview` fails on them until you upgrade pulumi-vectara or leave them out:",
    );
    for (const line of machineProblemLines(machines)) io.stderr(`  ${escapeControls(line)}\n`);
    if (counts.needAttention === 0) return EXIT.attention;
  }
  say(
    `NEEDS ATTENTION: ${counts.needAttention} user(s) hold values this version of the provider refuses. They are kept in the ` +
      `${args.format === "roster" ? "roster" : "program"} as Vectara returned them; \`pulumi preview\` fails on them until you upgrade ` +
      `pulumi-vectara or change them (removing a role revokes it on the next \`pulumi up\`):`,
  );
  for (const line of problemLines(imported)) io.stderr(`  ${escapeControls(line)}\n`);
  return EXIT.attention;
}

/** Refuses, before any API call, a file that exists (without --force) or a folder that does not. */
function checkWritable(out: string, exists: boolean, args: ImportArgs): void {
  if (exists && !args.force) {
    throw new UsageError(
      `${args.out} exists; pass --force to replace it, --out to write elsewhere, or --dry-run to see what would be written.`,
    );
  }
  if (exists && fs.statSync(out).isDirectory()) throw new UsageError(`--out ${args.out} is a folder; give a file name.`);
  if (!fs.existsSync(path.dirname(out))) throw new UsageError(`--out ${args.out}: the folder ${path.dirname(out)} does not exist.`);
}

/** The provider's config rules over the stack config (inside a project) and the environment. */
function configFor(args: ImportArgs, io: Io, say: (line: string) => void): Settings {
  const project = args.stackConfig ? findProject(io.cwd) : undefined;
  if (args.stack !== undefined && project === undefined) {
    throw new UsageError(`--stack ${args.stack}: there is no Pulumi project (Pulumi.yaml) in ${io.cwd} or above.`);
  }
  const stackConfig = project === undefined ? {} : readStackConfig(project, args.stack, io.env);
  if (project !== undefined)
    say(
      `reading the vectara:* config of ${args.stack ? `stack ${args.stack}` : "the selected stack"} of the Pulumi project in ${project}.`,
    );
  return resolve({ config: (key) => stackConfig[key], env: io.env });
}

/**
 * Every user, described (people.ts) page by page while the next page is already on its way, so
 * that the work per user hides behind the API's answer time; one progress line per page when
 * there is more than one.
 */
async function readAccount(client: UsersClient, corpusKey: string | undefined, say: (line: string) => void): Promise<Described[]> {
  const described: Described[] = [];
  const pages = client.pages({ limit: PAGE_SIZE, ...(corpusKey !== undefined ? { corpusKey } : {}) });
  let next = pages.next();
  for (let page = 1; ; page++) {
    const { done, value } = await next;
    if (done) return described;
    next = pages.next(); // asks for the following page, if any, before this one is worked on
    for (const user of value.users) described.push(describeUser(user));
    if (value.pageKey || page > 1) say(`page ${page}: ${described.length.toLocaleString("en-US")} users so far`);
  }
}

/**
 * Every app client and API key (with --corpus-key: the keys on that corpus, and no app clients,
 * which have no corpus), on the users' session (one token). Their secrets are never kept.
 */
async function readMachineAccess(session: Session, corpusKey: string | undefined, say: (line: string) => void): Promise<MachineAccess> {
  const keys = (options: { corpusKey?: string }) => all(new ApiKeysClient(session).list({ limit: PAGE_SIZE, ...options }));
  if (corpusKey !== undefined) {
    say("--corpus-key: no app clients (they hold no corpus roles); the API keys on that corpus only.");
    return { appClients: [], apiKeys: importApiKeys(await keys({ corpusKey })) };
  }
  const own = session.settings.credential.kind === "oauth client credentials" ? session.settings.credential.clientId : undefined;
  const appClients = importAppClients(await all(new AppClientsClient(session).list({ limit: PAGE_SIZE })), own);
  return { appClients, apiKeys: importApiKeys(await keys({})) };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Without --force the file must not exist (checked again here, atomically); with it, the file is
 * replaced whole (a temporary file renamed over it), never left half written.
 */
function write(out: string, text: string, force: boolean): void {
  try {
    if (!force) {
      fs.writeFileSync(out, text, { flag: "wx" });
      return;
    }
    const temporary = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new UsageError(`${out} appeared while the account was read; pass --force to replace it.`);
    throw new UsageError(`could not write ${out}: ${e instanceof Error ? e.message : String(e)}; choose another --out.`);
  }
}
