/**
 * `pulumi-vectara import` of an account's app clients and API keys, as a user runs it: the
 * compiled bin in its own process, against an emulator that even shows secrets on read. Each is
 * adopted by its id; no client secret or secret key reaches the file or the output;
 * --users-only and --corpus-key narrow what is read; the app client the import signs in with is
 * marked. Then the program it wrote, through the real engine: it type-checks, and `pulumi up`
 * takes every app client and key over with one GET each and no write, and the stack is at rest.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { describeEngineStory, EngineStack, vectaraSteps } from "../support/engine";
import { runCli, runImport, type CliRun } from "../support/import-cli";

describe("pulumi-vectara import: app clients and API keys (the bin, against the emulator)", function () {
  this.timeout(60_000);
  let emulator: VectaraEmulator;
  let dir: string;
  const run = (args: string[]) => runImport(args, { cwd: dir, baseUrl: emulator.url, apiKey: DEFAULT_API_KEY });
  const ids: Record<string, string> = {};

  /** Every secret the emulator holds or handed out: none may be in the output or the file. */
  function assertNoSecrets(result: CliRun, text: string): void {
    const secrets = [
      DEFAULT_API_KEY,
      ...emulator.issuedSecrets(),
      ...emulator.appClients().map((c) => c.client_secret),
      ...emulator.apiKeys().map((k) => k.secret_key),
    ];
    for (const secret of secrets) {
      for (const [where, body] of Object.entries({ stdout: result.stdout, stderr: result.stderr, file: text })) {
        assert.ok(!body.includes(secret), `${where} holds a secret`);
      }
    }
  }

  before(async () => {
    emulator = await VectaraEmulator.start({ secretsOnRead: true });
    emulator.putUser({ email: "ada@example.com", api_roles: ["administrator"] });
    ids.pipeline = emulator.putAppClient({ name: "pipeline", description: "nightly ingest", api_roles: ["corpus_administrator"] }).id;
    ids.ci1 = emulator.putAppClient({ name: "ci" }).id;
    ids.ci2 = emulator.putAppClient({ name: "ci", api_roles: ["administrator"] }).id;
    ids.search = emulator.putApiKey({ name: "search", api_key_role: "serving", corpus_keys: ["docs", "faq"] }).id;
    ids.indexer = emulator.putApiKey({ name: "indexer", api_key_role: "serving_and_indexing", corpus_keys: ["faq"], enabled: false }).id;
    ids.mine = emulator.putApiKey({ name: "mine", api_key_role: "personal" }).id;
  });
  after(async () => emulator?.stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-import-machines-"));
    emulator.clearLog();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("adopts each by its id, after the users, and writes no secret", async () => {
    const result = await run([]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /read 3 app clients, 3 API keys \(1 disabled\)\./);
    assert.match(result.stderr, /1 VectaraUser resources, each with adoptExisting: true, 3 VectaraAppClient and 3 VectaraApiKey resources/);
    const text = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    assertNoSecrets(result, text);
    assert.match(text, /^import \{ VectaraUser, VectaraAppClient, VectaraApiKey \} from "pulumi-vectara";$/m);
    assert.ok(
      text.includes(
        `new VectaraAppClient("pipeline", {\n  name: "pipeline",\n  description: "nightly ingest",\n  apiRoles: ["corpus_administrator"],\n  adoptExisting: "${ids.pipeline}",\n});`,
      ),
      text,
    );
    // Two app clients named "ci": each resource name carries its id.
    for (const id of [ids.ci1, ids.ci2])
      assert.match(text, new RegExp(`new VectaraAppClient\\("ci-${id.replace("_", "-")}", \\{\\n  name: "ci",`));
    assert.ok(
      text.includes(
        `new VectaraApiKey("indexer", {\n  name: "indexer",\n  apiKeyRole: "serving_and_indexing",\n  corpusKeys: ["faq"],\n  enabled: false,\n  adoptExisting: "${ids.indexer}",\n});`,
      ),
      text,
    );
    assert.ok(
      text.includes(`new VectaraApiKey("mine", {\n  name: "mine",\n  apiKeyRole: "personal",\n  adoptExisting: "${ids.mine}",\n});`),
    );
    assert.deepEqual(emulator.writes(), [], "an import only reads");
  });

  it("--users-only reads users alone; --corpus-key reads the API keys on that corpus and no app client", async () => {
    const usersOnly = await run(["--users-only", "--out", "-"]);
    assert.equal(usersOnly.code, 0, usersOnly.stderr);
    assert.doesNotMatch(usersOnly.stdout, /VectaraAppClient|VectaraApiKey/, "not even in the header");
    assert.deepEqual(
      emulator.calls().map((c) => c.route),
      ["listUsers"],
    );

    emulator.clearLog();
    const docs = await run(["--corpus-key", "docs", "--out", "-"]);
    assert.equal(docs.code, 0, docs.stderr);
    assert.match(docs.stderr, /--corpus-key: no app clients/);
    assert.deepEqual(
      emulator.calls().map((c) => `${c.route} ${c.query.corpus_key}`),
      ["listUsers docs", "listApiKeys docs"],
    );
    assert.equal(docs.stdout.match(/new VectaraApiKey\(/g)?.length, 1);
    assert.match(docs.stdout, /new VectaraApiKey\("search"/);
    assert.doesNotMatch(docs.stdout, /new VectaraAppClient/);
  });

  it("marks the app client whose credentials the import signs in with", async () => {
    const own = emulator.putAppClient({ name: "importer", api_roles: ["administrator"] });
    try {
      const result = await runCli(["import", "--out", "-"], {
        cwd: dir,
        env: {
          VECTARA_CLIENT_ID: own.client_id,
          VECTARA_CLIENT_SECRET: own.client_secret,
          VECTARA_BASE_URL: emulator.url,
          VECTARA_AUTH_URL: emulator.tokenUrl,
        },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(
        result.stdout,
        /\/\/ The app client whose credentials this import used[^\n]*\n[^\n]*\nnew VectaraAppClient\("importer", \{/,
      );
      assert.equal(result.stdout.match(/whose credentials this import used/g)?.length, 1);
      assertNoSecrets(result, "");
    } finally {
      emulator.removeAppClient(own.id);
    }
  });
});

describeEngineStory("pulumi-vectara import of app clients and API keys, then pulumi up of the program it wrote", function (story) {
  this.timeout(300_000);
  let emulator: VectaraEmulator;
  let dir: string;
  let stack: EngineStack;
  before(async () => {
    emulator = await VectaraEmulator.start();
    emulator.putUser({ email: "ada@example.com", api_roles: ["administrator"] });
    emulator.putAppClient({ name: "pipeline", description: "nightly ingest", api_roles: ["corpus_administrator"] });
    emulator.putAppClient({ name: "ci" });
    emulator.putAppClient({ name: "ci", api_roles: ["administrator"] });
    emulator.putApiKey({ name: "search", api_key_role: "serving", corpus_keys: ["docs", "faq"] });
    emulator.putApiKey({ name: "indexer", api_key_role: "serving_and_indexing", corpus_keys: ["faq"], enabled: false });
    emulator.putApiKey({ name: "mine", api_key_role: "personal" });
    // Inside the repository, so the generated `import "pulumi-vectara"` resolves as in a user's project.
    const root = path.join(REPO_ROOT, ".pulumi-local");
    fs.mkdirSync(root, { recursive: true });
    dir = fs.mkdtempSync(path.join(root, "adopted-machines-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: adopted-machines\nruntime: nodejs\nmain: index.ts\n");
    const run = await runImport(["--no-stack-config"], { cwd: dir, baseUrl: emulator.url, apiKey: DEFAULT_API_KEY });
    assert.equal(run.code, 0, run.stderr);
    stack = await EngineStack.open({
      projectDir: dir,
      config: { "vectara:baseUrl": emulator.url },
      secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
    });
  });
  after(async () => {
    stack?.remove();
    await emulator?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  story.beforeEachStep(() => emulator.clearLog());

  story.step("the generated program type-checks under strict", () => {
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", skipLibCheck: true, noEmit: true },
        files: ["index.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });

  story.step("pulumi up takes every user, app client and key over: one GET each, no write", async () => {
    const result = await stack.up();
    assert.equal(result.error, undefined, result.error);
    assert.equal(vectaraSteps(result).filter((s) => s.startsWith("create ")).length, 7);
    assert.deepEqual(emulator.writes(), []);
    assert.deepEqual(
      emulator
        .calls()
        .map((c) => c.route)
        .sort(),
      ["getApiKey", "getApiKey", "getApiKey", "getAppClient", "getAppClient", "getAppClient", "getUser"],
    );
    const inState = await stack.resources();
    const adopted = inState.filter((r) => /vectara:(AppClient|ApiKey)$/.test(r.type));
    assert.deepEqual(
      adopted.map((r) => r.id).sort(),
      [...emulator.appClients().map((c) => c.id), ...emulator.apiKeys().map((k) => k.id)].sort(),
      "each adopted under its own id",
    );
    const text = await stack.exportText();
    for (const secret of [...emulator.appClients().map((c) => c.client_secret), ...emulator.apiKeys().map((k) => k.secret_key)]) {
      assert.ok(!text.includes(secret), "no secret in state");
    }
    for (const r of adopted) assert.match(String(r.outputs?.secretNote), /./, `${r.urn}: secretNote says why there is no secret`);
  });

  story.step("the stack is at rest: preview --expect-no-changes passes without an API call", async () => {
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.error, undefined, preview.error);
    assert.deepEqual(emulator.calls(), []);
  });
});
