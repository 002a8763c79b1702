/**
 * Issue 14 through the real engine: an account made by hand (users of every shape, and bulk
 * users for scale) is imported with the packaged bin, and `pulumi up` of what it wrote takes
 * every user over without a single write: 0 POST, 0 PATCH, 0 DELETE, one GET per user. Then
 * the stack is at rest (`preview --expect-no-changes`), holds each user once, and an edit of
 * one role in the generated program is one PATCH. The roster format, through the team
 * example's own program, does the same.
 *
 * The account is the shapes of tests/support/account-seed.ts plus IMPORT_ENGINE_USERS bulk users
 * (default 40: an `up` through the engine costs about 0.2 s per user on the 2-core test machine,
 * and the file backend's checkpoints grow with the square of the stack; `npm run bench` adopts
 * 1,000 users through the engine, tests/bench/import-scenario.ts).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { DEFAULT_API_KEY, VectaraEmulator, type EmulatorUser } from "vectara-emulator";
import { seedAccount } from "../support/account-seed";
import { EngineStack, EXAMPLES, vectaraSteps, type StackOptions, describeEngineStory, type Story } from "../support/engine";
import { runImport } from "../support/import-cli";

const BULK = Number(process.env.IMPORT_ENGINE_USERS ?? 40);

/** A project folder inside the repository, so the generated `import "pulumi-vectara"` resolves as in a user's project. */
function projectDir(name: string): string {
  const root = path.join(REPO_ROOT, ".pulumi-local");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime: nodejs\ndescription: An account adopted with pulumi-vectara import.\n`,
  );
  return dir;
}

/** The end of a failed command's output: where the engine says what went wrong (1,000 "create" lines come first). */
function failed(result: { error?: string }): string | undefined {
  return result.error === undefined
    ? undefined
    : result.error
        .split("\n")
        .filter((line) => !/^\s+[+~-]?\s+pulumi-nodejs:dynamic/.test(line))
        .join("\n")
        .slice(-4000);
}

/** Method -> number of calls, token requests left out. */
function tally(emulator: VectaraEmulator): Record<string, number> {
  const out: Record<string, number> = { GET: 0, POST: 0, PATCH: 0, DELETE: 0 };
  for (const call of emulator.calls()) out[call.method] = (out[call.method] ?? 0) + 1;
  return out;
}

/** Each seeded user's username GET exactly once, and nothing else read one by one. */
function assertOneGetPerUser(emulator: VectaraEmulator, users: readonly EmulatorUser[]): void {
  const gets = emulator.calls("getUser").map((c) => c.username ?? "?");
  assert.equal(gets.length, users.length, "one GET per user");
  assert.deepEqual([...gets].sort(), users.map((u) => u.username).sort(), "the GETs are of exactly the account's usernames");
}

/** The state's users: each account user exactly once, under its own id. */
async function assertStateHoldsEachUserOnce(stack: EngineStack, users: readonly EmulatorUser[]): Promise<void> {
  const inState = (await stack.resources()).filter((r) => r.type === "pulumi-nodejs:dynamic/vectara:User");
  assert.equal(inState.length, users.length);
  assert.deepEqual(inState.map((r) => r.id).sort(), users.map((u) => u.id).sort());
  const byId = new Map(users.map((u) => [u.id, u]));
  for (const r of inState) {
    const user = byId.get(r.id!)!;
    assert.equal(r.outputs?.username, user.username);
    assert.equal(r.outputs?.email, user.email);
    assert.equal(r.outputs?.enabled, user.enabled);
    assert.equal(r.outputs?.adoptExisting, true);
  }
}

interface Imported {
  emulator: VectaraEmulator;
  account: EmulatorUser[];
  /** The project folder the import wrote into. */
  dir: string;
  stack: EngineStack;
}

/**
 * The suite's hooks: an account of `bulk` bulk users and the shapes, `pulumi-vectara import
 * <importArgs>` run in a fresh project folder, then the stack `stackOf` describes; all removed after.
 */
function importedAccount(
  story: Story,
  bulk: number,
  importArgs: string[],
  stackOf: (dir: string, emulator: VectaraEmulator) => StackOptions,
): Imported {
  const ctx = {} as Imported;
  before(async () => {
    ctx.emulator = await VectaraEmulator.start();
    ctx.account = seedAccount(ctx.emulator, bulk);
    ctx.dir = projectDir("adopted-account");
    const run = await runImport([...importArgs, "--no-stack-config"], { cwd: ctx.dir, baseUrl: ctx.emulator.url, apiKey: DEFAULT_API_KEY });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`read ${ctx.account.length.toLocaleString("en-US")} users, `));
    ctx.stack = await EngineStack.open(stackOf(ctx.dir, ctx.emulator));
  });
  after(async () => {
    ctx.stack?.remove();
    await ctx.emulator?.stop();
    if (ctx.dir) fs.rmSync(ctx.dir, { recursive: true, force: true });
  });
  story.beforeEachStep(() => ctx.emulator.clearLog());
  return ctx;
}

const vectaraConfig = (emulator: VectaraEmulator) => ({
  config: { "vectara:baseUrl": emulator.url },
  secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
});

describeEngineStory("pulumi-vectara import --format typescript, then pulumi up of the program it wrote", function (story) {
  this.timeout(300_000);
  const ctx = importedAccount(story, BULK, ["--out", "index.ts"], (dir, emulator) => ({ projectDir: dir, ...vectaraConfig(emulator) }));
  const program = () => path.join(ctx.dir, "index.ts");

  story.step(
    "the generated program type-checks under strict (Pulumi's TypeScript template settings; libraries' .d.ts not rechecked)",
    () => {
      fs.writeFileSync(
        path.join(ctx.dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
            skipLibCheck: true,
            noEmit: true,
          },
          files: ["index.ts"],
        }),
      );
      const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", ctx.dir], { encoding: "utf8" });
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
    },
  );

  story.step("pulumi up takes every user over: 0 POST, 0 PATCH, 0 DELETE, exactly one GET per user", async function () {
    const started = Date.now();
    const result = await ctx.stack.up();
    const seconds = (Date.now() - started) / 1000;
    assert.equal(failed(result), undefined, failed(result));
    assert.deepEqual(tally(ctx.emulator), { GET: ctx.account.length, POST: 0, PATCH: 0, DELETE: 0 });
    assertOneGetPerUser(ctx.emulator, ctx.account);
    assert.equal(vectaraSteps(result).filter((s) => s.startsWith("create ")).length, ctx.account.length);
    assert.equal(ctx.emulator.users().length, ctx.account.length, "no user was added or removed");
    console.log(`      (pulumi up of ${ctx.account.length} adopted users: ${seconds.toFixed(1)} s)`);
  });

  story.step("the stack is at rest: preview --expect-no-changes passes without an API call; state holds each user once", async () => {
    const preview = await ctx.stack.preview({ expectNoChanges: true });
    assert.equal(failed(preview), undefined, failed(preview));
    assert.deepEqual(ctx.emulator.calls(), []);
    await assertStateHoldsEachUserOnce(ctx.stack, ctx.account);
  });

  story.step("an edit of one role in the generated program is exactly one PATCH, carrying that role list", async () => {
    const text = fs.readFileSync(program(), "utf8");
    const block = /new VectaraUser\("grace", \{[^]*?\n\}\);/.exec(text)?.[0];
    assert.ok(block, "grace's resource is in the program under the name from her username");
    const edited = block.replace('apiRoles: ["corpus_developer"]', 'apiRoles: ["corpus_developer", "agent_viewer"]');
    assert.notEqual(edited, block);
    fs.writeFileSync(program(), text.replace(block, edited));

    const result = await ctx.stack.up();
    assert.equal(failed(result), undefined, failed(result));
    assert.deepEqual(vectaraSteps(result), ["update grace"]);
    assert.deepEqual(
      ctx.emulator.writes().map((c) => `${c.method} ${c.username} ${JSON.stringify(c.body)}`),
      ['PATCH grace {"api_roles":["corpus_developer","agent_viewer"]}'],
    );
    assert.deepEqual(ctx.emulator.getUser("grace")?.api_roles, ["corpus_developer", "agent_viewer"]);
  });
});

describeEngineStory("pulumi-vectara import --format roster, then the team example's program on that roster", function (story) {
  this.timeout(300_000);
  const ctx = importedAccount(story, 20, ["--format", "roster", "--out", "roster.json"], (dir, emulator) => {
    const { config, secretConfig } = vectaraConfig(emulator);
    return {
      projectDir: path.join(EXAMPLES, "team"),
      config: { ...config, "vectara-team:roster": path.join(dir, "roster.json") },
      secretConfig,
    };
  });

  story.step("up takes every person over without a write (one GET each; the program's own unmanaged-users lookup lists)", async () => {
    const result = await ctx.stack.up();
    assert.equal(failed(result), undefined, failed(result));
    assert.deepEqual(ctx.emulator.writes(), []);
    assertOneGetPerUser(ctx.emulator, ctx.account);
    assert.deepEqual(
      ctx.emulator
        .calls()
        .filter((c) => c.route !== "getUser")
        .map((c) => c.route),
      ctx.emulator.calls("listUsers").map(() => "listUsers"),
      "besides the GETs, only the program's listVectaraUsers",
    );
    assert.deepEqual(result.outputs.unmanagedUsers, [], "every user in the account is now managed");
    await assertStateHoldsEachUserOnce(ctx.stack, ctx.account);
  });

  story.step("then the stack is at rest: preview --expect-no-changes passes", async () => {
    const preview = await ctx.stack.preview({ expectNoChanges: true });
    assert.equal(failed(preview), undefined, failed(preview));
    assert.deepEqual(ctx.emulator.writes(), []);
  });
});
