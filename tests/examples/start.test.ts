/** `npm start` as a newcomer runs it: no credentials, no Pulumi CLI, then with a CLI on the PATH. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function start(localDir: string, env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  for (const key of Object.keys(clean)) if (key.startsWith("VECTARA_")) delete clean[key];
  const result = spawnSync(TSX, [path.join(ROOT, "examples", "start.ts")], {
    cwd: ROOT,
    env: { ...clean, PULUMI_VECTARA_LOCAL_DIR: localDir, ...env },
    encoding: "utf8",
    timeout: 60000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("npm start", function () {
  this.timeout(120000);

  it("without credentials or CLI: runs the team stack on the embedded emulator, then changes nothing the second time", () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), "start-"));
    const noCli = { PATH: path.dirname(process.execPath) }; // node only: no `pulumi`
    const first = start(local, noCli);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /Target: the embedded Vectara emulator/);
    assert.match(first.out, /stand-in for `pulumi up`/);
    assert.match(first.out, /\+ create vectara:User ada/);
    assert.match(first.out, /Users now in the target:\n(.*\n){4}/);
    assert.ok(fs.existsSync(path.join(local, "emulator-users.json")), "the emulator's users persist beside the state");

    const second = start(local, noCli);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /nothing to do: Vectara already matches the program/);
    assert.doesNotMatch(second.out, /\+ create/);
  });

  it("with a `pulumi` CLI on the PATH: runs `pulumi up` on the root project with a local backend and passphrase", () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), "start-cli-"));
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    const log = path.join(bin, "calls.log");
    // A stand-in CLI that records how it was called.
    fs.writeFileSync(
      path.join(bin, "pulumi"),
      `#!/bin/sh\necho "$PWD|$PULUMI_BACKEND_URL|$PULUMI_CONFIG_PASSPHRASE|$*" >> "${log}"\n`,
      { mode: 0o755 },
    );
    const result = start(local, { PATH: `${bin}:${path.dirname(process.execPath)}:/usr/bin:/bin` });
    assert.equal(result.code, 0, result.out);
    const calls = fs.readFileSync(log, "utf8").trim().split("\n").map((l) => l.split("|"));
    for (const [cwd, backend, passphrase] of calls.slice(1)) {
      assert.equal(cwd, ROOT);
      assert.equal(backend, `file://${path.join(local, "backend")}`);
      assert.ok(passphrase.length > 0);
    }
    const args = calls.map((c) => c[3]);
    assert.equal(args[0], "version");
    assert.equal(args[1], "stack select --create dev");
    assert.ok(args.some((a) => /^config set --secret vectara:apiKey \S+$/.test(a)));
    assert.ok(args.some((a) => /^config set vectara:baseUrl http:\/\/127\.0\.0\.1:\d+$/.test(a)));
    assert.match(args[args.length - 1], /^up --yes/);
  });
});
