/**
 * `npm start` as a newcomer runs it, through the real Pulumi CLI: without credentials against
 * the embedded emulator (twice), then with credentials against "Vectara" (an emulator in this
 * process standing in for the real service), which must get its own stack and its own users.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { VectaraEmulator } from "vectara-emulator";
import { describeEngineStory } from "../support/engine";
import { REPO_ROOT } from "../../tools/pulumi/engine";

const START = path.join(REPO_ROOT, "examples", "start.ts");
const TEAM = ["ada@example.com", "grace", "linus@example.com", "margaret@example.com"];

/** Runs `npm start`'s script without blocking this process (the test's emulator must answer). */
function start(localDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith("VECTARA_")) delete clean[key];
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), START], {
    cwd: REPO_ROOT,
    env: { ...clean, PULUMI_VECTARA_LOCAL_DIR: localDir, ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

/**
 * What git sees of Pulumi project and stack files (tracked changes and new files alike), where
 * stack config could land; other files a developer edits meanwhile do not matter here.
 */
function trackedChanges(): string {
  const git = require("node:child_process").spawnSync(
    "git",
    ["status", "--porcelain", "--untracked-files=all", "--", ":(glob)**/Pulumi*.yaml", ":(glob)**/Pulumi*.yml"],
    { cwd: REPO_ROOT, encoding: "utf8" },
  );
  return git.stdout;
}

describeEngineStory("npm start (examples/start.ts) through the real Pulumi CLI", function (story) {
  let local: string;
  let vectara: VectaraEmulator;
  const tracked = trackedChanges();

  before(async () => {
    fs.mkdirSync(path.join(REPO_ROOT, ".pulumi-local"), { recursive: true });
    local = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-local", "start-test-"));
    vectara = await VectaraEmulator.start({ apiKeys: { "zut_stand-in-for-a-real-key": ["administrator"] } });
  });
  after(async () => {
    await vectara?.stop();
    fs.rmSync(local, { recursive: true, force: true });
  });

  story.step("without credentials: runs the team stack on the embedded emulator; the second run changes nothing", async () => {
    const first = await start(local);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /Target: the embedded Vectara emulator/);
    assert.match(first.out, /Engine: Pulumi CLI v\d+\.\d+\.\d+/);
    assert.match(first.out, /\+ 8 created/);
    for (const name of TEAM) assert.match(first.out, new RegExp(`^  ${name.replace(/\./g, "\\.")}\\s`, "m"));
    const saved = JSON.parse(fs.readFileSync(path.join(local, "emulator-users.json"), "utf8"));
    assert.equal(JSON.stringify(saved).includes("ada@example.com"), true, "the emulator's users persist beside the state");

    const second = await start(local);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /8 unchanged/);
    assert.doesNotMatch(second.out, /created|updated|deleted/);
  });

  story.step("the emulator's URL and key never land in stack config, nor in a tracked file", () => {
    const config = fs.readFileSync(path.join(local, "project", "Pulumi.local-emulator.yaml"), "utf8");
    assert.doesNotMatch(config, /127\.0\.0\.1|apiKey|baseUrl/);
    assert.equal(trackedChanges(), tracked);
  });

  story.step("with credentials: a stack of its own creates the team in that account, not 'nothing to do'", async () => {
    const run = await start(local, { VECTARA_API_KEY: "zut_stand-in-for-a-real-key", VECTARA_BASE_URL: vectara.url });
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, new RegExp(`Target: Vectara at ${vectara.url.replace(/\./g, "\\.")}`));
    assert.match(run.out, /Stack: +vectara,/);
    assert.match(run.out, /\+ 8 created/);
    assert.deepEqual(
      vectara
        .users()
        .map((u) => u.username)
        .sort(),
      TEAM,
    );
    assert.doesNotMatch(run.out, /zut_stand-in-for-a-real-key/);
  });

  story.step("the emulator's stack is untouched by the run with credentials", async () => {
    const again = await start(local);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /Stack: +local-emulator,/);
    assert.match(again.out, /8 unchanged/);
  });

  /** Points the local-emulator stack at a roster with this text while `body` runs. */
  async function withRoster<T>(text: string, body: () => Promise<T>): Promise<T> {
    const config = path.join(local, "project", "Pulumi.local-emulator.yaml");
    const saved = fs.readFileSync(config, "utf8");
    const file = path.join(local, "roster.json");
    fs.writeFileSync(file, text);
    fs.writeFileSync(config, `config:\n  vectara-team:roster: ${file}\n${saved}`);
    try {
      return await body();
    } finally {
      fs.writeFileSync(config, saved);
    }
  }

  story.step(
    "a roster with a typo'd key: its problem is printed once, naming file, line, column, person and key, and nothing runs",
    async () => {
      const roster = fs
        .readFileSync(path.join(REPO_ROOT, "examples", "team", "roster.json"), "utf8")
        .replace('"apiRoles": ["viewer"],', '"apiRole": ["viewer"],');
      const run = await withRoster(roster, () => start(local));
      assert.equal(run.code, 1, run.out);
      const problem = /roster\.json:22:7: person "linus" \(people\[2\]\): "apiRole" is not a key of a person; did you mean "apiRoles"\?/g;
      assert.equal(run.out.match(problem)?.length, 1, run.out);
      assert.match(run.out, /The roster cannot be used; nothing was run:/);
      assert.doesNotMatch(run.out, /Previewing|Updating|\n\s+at /);
    },
  );

  story.step('a failed run\'s error is printed once: the run is not printed again after "The run failed"', async () => {
    const run = await withRoster('{"people": [{"name": "ada", "email": "ada@example.com", "apiRoles": ["superuser"]}]}', () =>
      start(local),
    );
    assert.equal(run.code, 1, run.out);
    // The CLI shows a diagnostic twice, by design: on the resource's line while running, and under Diagnostics.
    assert.equal(run.out.match(/"superuser" at apiRoles\[0\] is not a Vectara API role/g)?.length, 2, run.out);
    assert.equal(run.out.match(/Previewing update/g)?.length, 1, run.out);
    assert.match(run.out, /The run failed: its error is above\.\s*$/);
    assert.doesNotMatch(run.out, /Command failed|\n\s+at /);
  });

  story.step("half-set OAuth credentials are an error that names what is missing, before any run", async () => {
    const run = await start(local, { VECTARA_CLIENT_ID: "ci-client" });
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, /VECTARA_CLIENT_ID is set .*but VECTARA_CLIENT_SECRET is not/);
    assert.doesNotMatch(run.out, /Updating|Previewing/);
  });
});
