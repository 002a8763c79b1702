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
    assert.match(first.out, /\+ 7 created/);
    for (const name of TEAM) assert.match(first.out, new RegExp(`^  ${name.replace(/\./g, "\\.")}\\s`, "m"));
    const saved = JSON.parse(fs.readFileSync(path.join(local, "emulator-users.json"), "utf8"));
    assert.equal(JSON.stringify(saved).includes("ada@example.com"), true, "the emulator's users persist beside the state");

    const second = await start(local);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /7 unchanged/);
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
    assert.match(run.out, /\+ 7 created/);
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
    assert.match(again.out, /7 unchanged/);
  });

  story.step("half-set OAuth credentials are an error that names what is missing, before any run", async () => {
    const run = await start(local, { VECTARA_CLIENT_ID: "ci-client" });
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, /VECTARA_CLIENT_ID is set .*but VECTARA_CLIENT_SECRET is not/);
    assert.doesNotMatch(run.out, /Updating|Previewing/);
  });
});
