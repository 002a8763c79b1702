/** What the engine suites share: stack config for an emulator, roster copies, the write log, leak checks. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  DEFAULT_API_KEY,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  VectaraEmulator,
  type EmulatorOptions,
  type LoggedRequest,
} from "vectara-emulator";
import { EngineStack, EXAMPLES, tempDir, vectaraSteps, type RunResult, type StackOptions, type Story } from "../support/engine";
import type { StackBase } from "../support/engine-stack";
import { PlainStack } from "../support/plain-cli";

/** The policy pack's folder (the workspace `pulumi-vectara-policy`, built by `npm run build`), for `--policy-pack`. */
export const POLICY_PACK = path.join(EXAMPLES, "..", "policy");

/** Stack config pointing a stack at the emulator with an API key (secret config, as users set it). */
export function apiKeyTarget(emulator: VectaraEmulator, apiKey = DEFAULT_API_KEY): Pick<StackOptions, "config" | "secretConfig"> {
  return { config: { "vectara:baseUrl": emulator.url, "vectara:maxRetries": "1" }, secretConfig: { "vectara:apiKey": apiKey } };
}

/** The same with OAuth client credentials. */
export function oauthTarget(emulator: VectaraEmulator): Pick<StackOptions, "config" | "secretConfig"> {
  return {
    config: {
      "vectara:baseUrl": emulator.url,
      "vectara:authUrl": emulator.tokenUrl,
      "vectara:clientId": DEFAULT_CLIENT_ID,
      "vectara:maxRetries": "1",
    },
    secretConfig: { "vectara:clientSecret": DEFAULT_CLIENT_SECRET },
  };
}

/** examples/<name> as a stack against the emulator (an API key, unless `target` says otherwise). */
export function openExample(
  name: "basic" | "team" | "password-rotation",
  emulator: VectaraEmulator,
  target = apiKeyTarget(emulator),
  config: Record<string, string> = {},
): Promise<EngineStack> {
  return EngineStack.open({ projectDir: path.join(EXAMPLES, name), ...target, config: { ...target.config, ...config } });
}

/** examples/team against the emulator, reading its roster from `roster`. */
export function openTeam(emulator: VectaraEmulator, roster: RosterCopy, apiKey?: string): Promise<EngineStack> {
  return openExample("team", emulator, apiKeyTarget(emulator, apiKey), { "vectara-team:roster": roster.file });
}

/** The project in `projectDir` (an example folder, the repository's root) run with the plain CLI in that folder, against `target`. */
export function openPlain(
  projectDir: string,
  target: Pick<StackOptions, "config" | "secretConfig">,
  config: Record<string, string> = {},
): Promise<PlainStack> {
  return PlainStack.open({ projectDir, ...target, config: { ...target.config, ...config } });
}

/**
 * The hooks of a suite that tells one stack's story: an emulator and the stack `open` makes,
 * handed to `bind` before the story; the emulator's log cleared before each step; the emulator
 * stopped after the story.
 */
export function storyHooks<S extends StackBase>(
  story: Story,
  open: (emulator: VectaraEmulator) => Promise<S>,
  bind: (emulator: VectaraEmulator, stack: S) => void,
  emulatorOptions?: EmulatorOptions,
): void {
  let emulator: VectaraEmulator | undefined;
  before(async () => {
    emulator = await VectaraEmulator.start(emulatorOptions);
    bind(emulator, await open(emulator));
  });
  story.beforeEachStep(() => emulator!.clearLog());
  after(async () => emulator?.stop());
}

/**
 * The stack has converged: `preview --expect-no-changes` passes without a request, then an `up`
 * has no step that touches Vectara and sends no request but those of `upRoutes`.
 */
export async function assertNoChanges(stack: StackBase, emulator: VectaraEmulator, upRoutes: string[] = []): Promise<RunResult> {
  emulator.clearLog();
  const preview = await stack.preview({ expectNoChanges: true });
  assert.equal(preview.error, undefined);
  assert.deepEqual(emulator.requests.map(describeCall), [], "the preview makes no request");
  const result = await stack.up();
  assert.equal(result.error, undefined);
  assert.deepEqual(vectaraSteps(result), []);
  assert.deepEqual(
    emulator.requests.map((r) => r.route),
    upRoutes,
  );
  return result;
}

/** The command failed with a non-zero exit, and ended by itself (no hang): returns what the user saw. */
export function assertFailed(result: RunResult): string {
  assert.notEqual(result.error, undefined, "expected a non-zero exit");
  assert.equal(result.hung, undefined, `the command hung: ${result.error}`);
  return result.error!;
}

/** "METHOD route who" for every write the emulator received, in arrival order. */
export function writeLog(emulator: VectaraEmulator): string[] {
  return emulator.writes().map(describeCall);
}

export function describeCall(call: LoggedRequest): string {
  return `${call.method} ${call.route} ${call.username ?? (call.body as { email?: string } | undefined)?.email}`;
}

/** Usernames in the emulator, sorted. */
export function usernames(emulator: VectaraEmulator): string[] {
  return emulator
    .users()
    .map((u) => u.username)
    .sort();
}

export interface RosterPerson {
  name: string;
  email: string;
  [key: string]: unknown;
}

/** A copy of examples/team/roster.json that a test may edit; point `vectara-team:roster` at `file`. */
export class RosterCopy {
  readonly file: string;

  constructor(edit?: (people: RosterPerson[]) => RosterPerson[] | void) {
    this.file = path.join(tempDir("roster"), "roster.json");
    fs.copyFileSync(path.join(EXAMPLES, "team", "roster.json"), this.file);
    if (edit) this.edit(edit);
  }

  edit(edit: (people: RosterPerson[]) => RosterPerson[] | void): void {
    const roster = JSON.parse(fs.readFileSync(this.file, "utf8")) as { people: RosterPerson[] };
    roster.people = edit(roster.people) ?? roster.people;
    fs.writeFileSync(this.file, JSON.stringify(roster, null, 2));
  }

  /** The person named `name`, to edit in place. */
  static person(people: RosterPerson[], name: string): RosterPerson {
    const person = people.find((p) => p.name === name);
    assert.ok(person, `no ${name} in the roster`);
    return person;
  }
}

/** Fails if any of `secrets` appears in `text` (e.g. `pulumi stack export`). */
export function assertNoneIn(text: string, secrets: string[], what: string): void {
  const present = secrets.filter((s) => s && text.includes(s));
  assert.deepEqual(present, [], `${what} holds these in plain text`);
}

/** Pulumi's marker of a secret value in state. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** True when a state value is a secret (encrypted; `ciphertext` without `plaintext`). */
export function isEncryptedSecret(value: unknown): boolean {
  const v = value as Record<string, unknown> | undefined;
  return v?.["4dabf18193072939515e22adb298388d"] === SECRET_SIG && typeof v.ciphertext === "string" && !("plaintext" in v);
}
