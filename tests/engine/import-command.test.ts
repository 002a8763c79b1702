/**
 * `pulumi-vectara import` as a user runs it: the compiled bin in its own process, against the
 * emulator. Output files, --force / --dry-run / --out -, progress and summary, --corpus-key,
 * unknown role names, every failure with its exit code, and where credentials come from
 * (the stack's config through the real Pulumi CLI, or the environment).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ENGINE_BIN, offlineEnv, REPO_ROOT } from "../../tools/pulumi/engine";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, VectaraEmulator } from "vectara-emulator";
import { describeEngine } from "../support/engine";
import { runCli, runImport, type CliRun } from "../support/import-cli";

const EXIT = { ok: 0, usage: 2, config: 3, access: 4, unavailable: 5, attention: 6 };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "vectara-import-"));
}

/** No credential, bearer token or emulator key ever reaches the output. */
function assertNoSecrets(run: CliRun, ...secrets: string[]): void {
  for (const secret of [DEFAULT_API_KEY, ...secrets]) {
    assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `the output holds the secret ${secret}`);
  }
}

describe("pulumi-vectara import (the bin, against the emulator)", function () {
  this.timeout(60_000);
  let emulator: VectaraEmulator;
  let dir: string;
  const run = (args: string[], env: Record<string, string> = {}) =>
    runImport(args, { cwd: dir, baseUrl: emulator.url, apiKey: DEFAULT_API_KEY, env });

  before(async () => {
    emulator = await VectaraEmulator.start({ apiKeys: { [DEFAULT_API_KEY]: ["administrator"], zut_viewer_only: ["viewer"] } });
    emulator.putUser({
      email: "ada@example.com",
      description: "Lead",
      api_roles: ["administrator"],
      corpus_roles: [{ corpus_key: "handbook", role: "editor" }],
    });
    emulator.putUser({ email: "grace@example.com", username: "grace", corpus_roles: [{ corpus_key: "faq", role: "viewer" }] });
    emulator.putUser({ email: "margaret@example.com", enabled: false });
  });
  after(async () => emulator?.stop());
  beforeEach(() => {
    dir = tempDir();
    emulator.clearLog();
    emulator.clearFaults();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes index.ts and says what it read (N users, M with corpus roles, K disabled) and what to do next", async () => {
    const result = await run([]);
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(
      result.stderr,
      /read 3 users, 2 with corpus roles, 1 disabled from http:\/\/127\.0\.0\.1:\d+ in [\d.]+ s \(credentials from the environment\)/,
    );
    assert.match(result.stderr, /wrote index\.ts: 3 VectaraUser resources, each with adoptExisting: true\./);
    assert.match(result.stderr, /next: `pulumi preview` \(no API call\), then `pulumi up` \(one GET per user/);
    assert.doesNotMatch(result.stderr, /page \d/, "one page: no progress lines");
    const text = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
    assert.equal(text.match(/new VectaraUser\(/g)?.length, 3);
    assert.deepEqual(
      emulator.calls().map((c) => `${c.method} ${c.route} ${c.query.limit}`),
      ["GET listUsers 100", "GET listAppClients 100", "GET listApiKeys 100"],
      "one page of 100 of each listing: the only calls",
    );
    assertNoSecrets(result);
  });

  it("an existing file is refused without --force, before any API call; --force replaces it", async () => {
    fs.writeFileSync(path.join(dir, "index.ts"), "// mine\n");
    const refused = await run([]);
    assert.equal(refused.code, EXIT.usage);
    assert.match(refused.stderr, /error: index\.ts exists; pass --force to replace it, --out to write elsewhere, or --dry-run/);
    assert.equal(fs.readFileSync(path.join(dir, "index.ts"), "utf8"), "// mine\n");
    assert.deepEqual(emulator.calls(), []);

    const forced = await run(["--force"]);
    assert.equal(forced.code, EXIT.ok, forced.stderr);
    assert.match(fs.readFileSync(path.join(dir, "index.ts"), "utf8"), /new VectaraUser\("ada"/);
    assert.deepEqual(fs.readdirSync(dir), ["index.ts"], "no temporary file left behind");
  });

  it("--dry-run prints what would be written and writes nothing, even over an existing file (and says --force would be needed)", async () => {
    fs.writeFileSync(path.join(dir, "roster.json"), "{}\n");
    const result = await run(["--format", "roster", "--dry-run"]);
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.deepEqual(
      JSON.parse(result.stdout).people.map((p: { name: string }) => p.name),
      ["ada", "grace", "margaret"],
    );
    assert.match(
      result.stderr,
      /dry run: would write roster\.json \(\d+ bytes\): 3 people, each with "adoptExisting": true.*Nothing was written\. roster\.json exists: the real run needs --force/,
    );
    assert.equal(fs.readFileSync(path.join(dir, "roster.json"), "utf8"), "{}\n");
  });

  it("--out - writes the file to stdout and only there", async () => {
    const result = await run(["--format", "roster", "--out", "-"]);
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.equal(JSON.parse(result.stdout).people.length, 3);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("a large account: one progress line per page; every user read once", async () => {
    const big = await VectaraEmulator.start();
    try {
      for (let i = 0; i < 250; i++) big.putUser({ email: `u${i}@example.com`, api_roles: ["viewer"] });
      const result = await runImport(["--out", "-"], { cwd: dir, baseUrl: big.url, apiKey: DEFAULT_API_KEY });
      assert.equal(result.code, EXIT.ok, result.stderr);
      assert.deepEqual(result.stderr.match(/page \d+: [\d,]+ users so far/g), [
        "page 1: 100 users so far",
        "page 2: 200 users so far",
        "page 3: 250 users so far",
      ]);
      assert.equal(result.stdout.match(/new VectaraUser\(/g)?.length, 250);
      assert.equal(big.calls("listUsers").length, 3);
    } finally {
      await big.stop();
    }
  });

  it("--corpus-key narrows the import to the users with a role on that corpus", async () => {
    const result = await run(["--corpus-key", "handbook", "--out", "-"]);
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.deepEqual(
      [...result.stdout.matchAll(/new VectaraUser\("([^"]+)"/g)].map((m) => m[1]),
      ["ada"],
    );
    assert.match(result.stdout, /from http:\/\/127\.0\.0\.1:\d+, users with a role on corpus "handbook":/);
    assert.equal(emulator.calls("listUsers")[0].query.corpus_key, "handbook");
  });

  it("role names the provider does not know: kept, listed on stderr, exit 6; the program still type-checks under strict", async function () {
    this.timeout(180_000);
    const odd = await VectaraEmulator.start();
    try {
      odd.putUser({
        email: "old@example.com",
        api_roles: ["viewer", "query_writer"],
        corpus_roles: [{ corpus_key: "docs", role: "superuser" }],
        agent_roles: [{ agent_key: "bot", role: "agent_boss" }],
      });
      odd.putUser({ email: "fine@example.com", api_roles: ["viewer"] });
      // Inside the repository, so that `import "pulumi-vectara"` resolves as in a user's project.
      fs.mkdirSync(path.join(REPO_ROOT, ".pulumi-local"), { recursive: true });
      const project = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-local", "import-unknown-roles-"));
      try {
        const result = await runImport(["--out", "index.ts", "--no-stack-config"], {
          cwd: project,
          baseUrl: odd.url,
          apiKey: DEFAULT_API_KEY,
        });
        assert.equal(result.code, EXIT.attention, result.stderr);
        assert.match(result.stderr, /wrote index\.ts/);
        assert.match(result.stderr, /NEEDS ATTENTION: 1 user\(s\) hold values this version of the provider refuses/);
        assert.match(result.stderr, /\n {2}old@example\.com \(resource "old"\): "query_writer" at apiRoles\[0\] is not a Vectara API role/);
        assert.match(
          result.stderr,
          /\n {2}old@example\.com \(resource "old"\): "superuser" at corpusRoles\[0\]\.role is not a Vectara corpus role/,
        );
        assert.match(
          result.stderr,
          /\n {2}old@example\.com \(resource "old"\): "agent_boss" at agentRoles\[0\]\.role is not a Vectara agent role/,
        );
        const text = fs.readFileSync(path.join(project, "index.ts"), "utf8");
        assert.match(text, /apiRoles: \["query_writer" as string as ApiRole, "viewer"\]/);
        const tsc = spawnSync(
          process.execPath,
          [
            require.resolve("typescript/bin/tsc"),
            "--strict",
            "--noEmit",
            "--skipLibCheck",
            "--target",
            "es2020",
            "--module",
            "commonjs",
            "--moduleResolution",
            "node",
            "index.ts",
          ],
          { cwd: project, encoding: "utf8" },
        );
        assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
      } finally {
        fs.rmSync(project, { recursive: true, force: true });
      }
    } finally {
      await odd.stop();
    }
  });

  it("account data reaches stderr with its control characters escaped: no ESC, BEL, CR, newline or NUL of a username hits the terminal", async () => {
    const hostile = await VectaraEmulator.start();
    try {
      const username = "eve\u001b[2J\u001b]0;owned\u0007\r\nforged line\u0000\u009b\u202e";
      hostile.putUser({ email: "eve@example.com", username, description: "fine" });
      const result = await runImport(["--dry-run", "--no-stack-config"], { cwd: dir, baseUrl: hostile.url, apiKey: DEFAULT_API_KEY });
      assert.equal(result.code, EXIT.attention, result.stderr);
      // Only the newlines the command writes itself, and no other control character at all.
      assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      assert.ok(
        result.stderr.includes("\n  eve\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000aforged line\\u0000\\u009b\\u202e (resource "),
        result.stderr,
      );
      assert.ok(!result.stderr.split("\n").some((line) => line.startsWith("forged line")), "no line forged");
      // The file printed to stdout holds no raw control character either, and reads back as the same username.
      assert.doesNotMatch(result.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
      const literal = /username: ("(?:[^"\\]|\\.)*")/.exec(result.stdout)![1];
      assert.equal(JSON.parse(literal), username);
    } finally {
      await hostile.stop();
    }
  });

  describe("a server whose listing never ends: exit 5 (a server fault), a clear message, no stack trace, nothing written", () => {
    const assertEndless = (result: CliRun, says: RegExp) => {
      assert.equal(result.code, EXIT.unavailable, result.stderr);
      assert.match(result.stderr, says);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
      assert.deepEqual(fs.readdirSync(dir), []);
    };

    it("a page_key that repeats", async () => {
      emulator.inject("listUsers", { kind: "endlessPage", pageKey: "again", times: 2 });
      const result = await run(["--force"]);
      assertEndless(result, /error: Vectara API returned page_key "again" on GET \/v2\/users a second time; stopped listing users/);
      assert.equal(emulator.calls("listUsers").length, 2);
    });

    it("page keys that cycle (k1, k2, k1)", async () => {
      for (const pageKey of ["k1", "k2", "k1"]) emulator.inject("listUsers", { kind: "endlessPage", pageKey });
      const result = await run(["--force"]);
      assertEndless(result, /page_key "k1" on GET \/v2\/users a second time.*after 3 pages/);
      assert.equal(emulator.calls("listUsers").length, 3);
    });

    it("empty pages with a fresh page_key forever", async () => {
      emulator.inject("listUsers", { kind: "endlessPage", pageKey: "fresh", empty: true, times: Infinity });
      const result = await run(["--force"]);
      assertEndless(result, /answered 100 pages in a row without users, each with a new page_key, on GET \/v2\/users/);
      assert.equal(emulator.calls("listUsers").length, 100);
    });
  });

  describe("failures: a clear message and an exit code a pipeline can use", () => {
    it("no credentials: exit 3, says what to set; no API call", async () => {
      const result = await runCli(["import"], { cwd: dir, env: { VECTARA_BASE_URL: emulator.url } });
      assert.equal(result.code, EXIT.config);
      assert.match(
        result.stderr,
        /error: No Vectara credentials\. Set an API key with .*VECTARA_API_KEY, or VECTARA_CLIENT_ID and VECTARA_CLIENT_SECRET/,
      );
      assert.deepEqual(emulator.calls(), []);
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("half an OAuth pair or an insecure URL: exit 3, naming the variable", async () => {
      const half = await runCli(["import"], { cwd: dir, env: { VECTARA_CLIENT_ID: DEFAULT_CLIENT_ID } });
      assert.equal(half.code, EXIT.config);
      assert.match(half.stderr, /VECTARA_CLIENT_SECRET/);
      const insecure = await run([], { VECTARA_BASE_URL: "http://vectara.example.com" });
      assert.equal(insecure.code, EXIT.config);
      assert.match(insecure.stderr, /VECTARA_BASE_URL \(environment; .*plain http:\/\//);
    });

    it("a rejected key (401): exit 4, naming the role the import needs", async () => {
      const result = await run([], { VECTARA_API_KEY: "zut_wrong" });
      assert.equal(result.code, EXIT.access);
      assert.match(result.stderr, /Vectara API 401 Unauthorized on GET \/v2\/users/);
      assert.match(result.stderr, /needs a credential with the `administrator` or `owner` API role/);
      assertNoSecrets(result, "zut_wrong");
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("a key without the role (403): exit 4, naming administrator or owner", async () => {
      const result = await run([], { VECTARA_API_KEY: "zut_viewer_only" });
      assert.equal(result.code, EXIT.access);
      assert.match(result.stderr, /Vectara API 403 Forbidden on GET \/v2\/users.*`administrator` or `owner` API role/);
      assertNoSecrets(result, "zut_viewer_only");
    });

    it("OAuth client credentials the token URL refuses: exit 4", async () => {
      const result = await runCli(["import"], {
        cwd: dir,
        env: {
          VECTARA_CLIENT_ID: DEFAULT_CLIENT_ID,
          VECTARA_CLIENT_SECRET: "not-the-secret",
          VECTARA_BASE_URL: emulator.url,
          VECTARA_AUTH_URL: emulator.tokenUrl,
        },
      });
      assert.equal(result.code, EXIT.access);
      assert.match(result.stderr, /token URL .* rejected the OAuth client credentials/);
      assertNoSecrets(result, "not-the-secret");
    });

    it("nothing listening at the base URL: exit 5, after retries, naming the URL", async () => {
      const gone = await VectaraEmulator.start();
      const url = gone.url;
      await gone.stop();
      const result = await run([], { VECTARA_BASE_URL: url });
      assert.equal(result.code, EXIT.unavailable);
      assert.match(result.stderr, /GET \/v2\/users got no answer: could not connect .*ECONNREFUSED/);
      assert.match(result.stderr, new RegExp(`Check the base URL \\(${url.replace(/\./g, "\\.")}; vectara:baseUrl or VECTARA_BASE_URL\\)`));
    });

    it("Vectara keeps answering 503: exit 5, after the retries; nothing written", async () => {
      emulator.inject("listUsers", { kind: "status", status: 503, times: 10 });
      const result = await run([]);
      assert.equal(result.code, EXIT.unavailable);
      assert.match(result.stderr, /Vectara API 503 Service Unavailable on GET \/v2\/users.*gave up after 3 retries/);
      assert.equal(emulator.calls("listUsers").length, 4);
      assert.deepEqual(fs.readdirSync(dir), []);
    });

    it("a bad flag: exit 2 and the way to the help; --help lists the exit codes", async () => {
      const bad = await run(["--fromat", "roster"]);
      assert.equal(bad.code, EXIT.usage);
      assert.match(bad.stderr, /unknown option --fromat/);
      const help = await runCli(["import", "--help"], { cwd: dir });
      assert.equal(help.code, EXIT.ok);
      assert.match(help.stdout, /Exit codes:\n {2}0 {2}written/);
      assert.match(help.stdout, /6 {2}written, but some users \(or app clients, API keys\) hold values/);
    });
  });
});

describeEngine("pulumi-vectara import inside a Pulumi project: the stack's vectara:* config, read with the real Pulumi CLI", function () {
  let emulator: VectaraEmulator;
  let project: string;
  let env: Record<string, string>;
  const pulumi = (...args: string[]) => {
    const result = spawnSync(path.join(ENGINE_BIN, "pulumi"), [...args, "--non-interactive"], {
      cwd: project,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
  };

  before(async () => {
    emulator = await VectaraEmulator.start({ apiKeys: { zut_stack_key: ["administrator"] } });
    emulator.putUser({ email: "ada@example.com", api_roles: ["administrator"] });
    project = tempDir();
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: adopt\nruntime: nodejs\n");
    env = { ...offlineEnv(path.join(project, ".pulumi"), "import-test"), PATH: `${ENGINE_BIN}${path.delimiter}${process.env.PATH}` };
    pulumi("stack", "init", "prod");
    pulumi("config", "set", "--secret", "vectara:apiKey", "zut_stack_key");
    pulumi("config", "set", "vectara:baseUrl", emulator.url);
    pulumi("stack", "init", "other");
    pulumi("stack", "select", "prod");
  });
  after(async () => {
    await emulator?.stop();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });
  beforeEach(() => emulator.clearLog());

  it("uses the selected stack's config, which wins over VECTARA_* in the environment (as in the provider)", async () => {
    const result = await runCli(["import", "--out", "-"], {
      cwd: path.join(project),
      env: { ...env, VECTARA_API_KEY: "zut_env_key", VECTARA_BASE_URL: "http://127.0.0.1:9" },
    });
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.match(result.stderr, /reading the vectara:\* config of the selected stack of the Pulumi project in /);
    assert.match(result.stderr, /credentials from the stack config/);
    assert.match(result.stdout, /new VectaraUser\("ada"/);
    assertNoSecrets(result, "zut_stack_key");
  });

  it("from a subfolder of the project too; --stack picks another stack, whose missing config is reported as such", async () => {
    fs.mkdirSync(path.join(project, "sub"), { recursive: true });
    const other = await runCli(["import", "--out", "-", "--stack", "other"], { cwd: path.join(project, "sub"), env });
    assert.equal(other.code, EXIT.config);
    assert.match(other.stderr, /No Vectara credentials/);
  });

  it("--no-stack-config: only the environment", async () => {
    const result = await runCli(["import", "--out", "-", "--no-stack-config"], {
      cwd: project,
      env: { ...env, VECTARA_API_KEY: "zut_stack_key", VECTARA_BASE_URL: emulator.url },
    });
    assert.equal(result.code, EXIT.ok, result.stderr);
    assert.match(result.stderr, /credentials from the environment/);
    assert.doesNotMatch(result.stderr, /reading the vectara/);
  });

  it("a stack that does not exist, or no pulumi on the PATH: exit 3, saying how to go on", async () => {
    const missing = await runCli(["import", "--out", "-", "--stack", "nope"], { cwd: project, env });
    assert.equal(missing.code, EXIT.config);
    assert.match(missing.stderr, /`pulumi config --json --show-secrets --non-interactive --stack nope` failed in .*\n.*nope/);
    assert.match(missing.stderr, /or pass --no-stack-config to use only the VECTARA_\* environment variables/);
    const noCli = await runCli(["import", "--out", "-"], { cwd: project, env: { ...env, PATH: path.dirname(process.execPath) } });
    assert.equal(noCli.code, EXIT.config);
    assert.match(noCli.stderr, /no `pulumi` command on the PATH/);
  });
});
