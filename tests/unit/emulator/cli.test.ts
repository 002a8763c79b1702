import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "vectara-emulator";
import { REPO_ROOT } from "../../../tools/pulumi/engine";
import { bearerFor, call } from "./test-helpers";

const REPO = REPO_ROOT;
/** The bin users run (`npx vectara-emulator`), as built by `npm run build`. */
const CLI = path.join(REPO_ROOT, "emulator", "dist", "cli.js");
const LISTENING = /^Vectara emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the CLI (by default the built bin, one process) and waits for the listening line. */
function startCli(args: string[], env: Record<string, string> = {}, command: string[] = [process.execPath, CLI]): Promise<Running> {
  const base = { ...process.env };
  for (const k of ["VECTARA_API_KEY", "VECTARA_CLIENT_ID", "VECTARA_CLIENT_SECRET"]) delete base[k];
  const child = spawn(command[0], [...command.slice(1), ...args], { cwd: REPO, env: { ...base, ...env }, stdio: "pipe" });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; output:\n${out}`)), 15000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = LISTENING.exec(out);
      if (m && out.includes("token URL:")) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cli exited with ${code}:\n${out}`));
    });
  });
}

/** An address of this machine other than loopback, if it has one. */
function externalIPv4(): os.NetworkInterfaceInfo | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === "IPv4" && !a.internal);
}

function stopCli(r: Running, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve(r.child.exitCode);
    r.child.once("exit", (code) => resolve(code));
    r.child.kill(signal);
  });
}

describe("emulator: CLI", function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-cli-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("prints the listening line and the default credentials, serves the API, stops cleanly on SIGTERM", async () => {
    const r = await startCli(["--port", "0"]);
    try {
      assert.match(r.output().split("\n")[0], LISTENING);
      assert.ok(r.output().includes(DEFAULT_API_KEY));
      assert.ok(r.output().includes(DEFAULT_CLIENT_SECRET));
      const created = await call({ url: r.url }, "POST", "/v2/users", { body: { email: "cli@example.com" } });
      assert.equal(created.status, 201);
    } finally {
      assert.equal(await stopCli(r), 0);
    }
  });

  it("takes credentials from flags and the environment, never prints them, and keeps state (app clients too) with --state-file (SIGINT)", async () => {
    const stateFile = path.join(dir, "state.json");
    const env = { VECTARA_CLIENT_ID: "env-client", VECTARA_CLIENT_SECRET: "env-secret-value" };
    let app: { id: string; client_id: string; client_secret: string };
    const r = await startCli(["--port=0", "--api-key", "zut_cli_given_key", "--state-file", stateFile], env);
    try {
      assert.ok(!r.output().includes("zut_cli_given_key"));
      assert.ok(!r.output().includes("env-secret-value"));
      assert.ok(!r.output().includes(DEFAULT_API_KEY));
      assert.equal((await call({ url: r.url }, "GET", "/v2/users")).status, 401, "the default key is not accepted");
      const key = { key: "zut_cli_given_key" };
      assert.equal((await call({ url: r.url }, "POST", "/v2/users", { ...key, body: { email: "kept@example.com" } })).status, 201);
      const appBody = { name: "kept-app", type: "client_credentials", api_roles: ["administrator"] };
      app = (await call({ url: r.url }, "POST", "/v2/app_clients", { ...key, body: appBody })).body;
      const tok = await fetch(`${r.url}/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "env-client", client_secret: "env-secret-value" }),
      });
      assert.equal(tok.status, 200);
    } finally {
      assert.equal(await stopCli(r, "SIGINT"), 0);
    }
    const again = await startCli(["--port", "0", "--api-key", "zut_cli_given_key", "--state-file", stateFile]);
    try {
      const list = await call({ url: again.url }, "GET", "/v2/users", { key: "zut_cli_given_key" });
      assert.deepEqual(
        list.body.users.map((u: any) => u.email),
        ["kept@example.com"],
      );
      const apps = await call({ url: again.url }, "GET", "/v2/app_clients", { key: "zut_cli_given_key" });
      assert.deepEqual(
        apps.body.app_clients.map((c: any) => c.id),
        [app!.id],
      );
      const token = await bearerFor({ tokenUrl: `${again.url}/oauth2/token` }, app!.client_id, app!.client_secret);
      assert.equal(
        (await call({ url: again.url }, "GET", "/v2/users", { key: null, bearer: token })).status,
        200,
        "the created app client signs in",
      );
    } finally {
      await stopCli(again);
    }
  });

  it("--latency-ms delays every answer by at least that long", async () => {
    const r = await startCli(["--port", "0", "--latency-ms", "400"]);
    try {
      const started = Date.now();
      assert.equal((await call({ url: r.url }, "GET", "/v2/users")).status, 200);
      assert.ok(Date.now() - started >= 400, `answered after ${Date.now() - started} ms`);
    } finally {
      await stopCli(r);
    }
    await assert.rejects(startCli(["--latency-ms", "soon"]), /exited with 2/);
  });

  it("rejects an unknown flag", async () => {
    await assert.rejects(startCli(["--bogus"]), /exited with 2/);
  });

  it("answers the readiness route without credentials, and --refuse-api-keys makes the users routes OAuth-only", async () => {
    const r = await startCli(["--port", "0", "--refuse-api-keys"]);
    try {
      assert.ok(r.output().includes(`ready: ${r.url}/healthz`));
      const ready = await fetch(`${r.url}/healthz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: "ok" });
      const refused = await call({ url: r.url }, "GET", "/v2/users");
      assert.equal(refused.status, 403);
      const token = await fetch(`${r.url}/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET }),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      assert.equal((await call({ url: r.url }, "GET", "/v2/users", { key: null, bearer: access_token })).status, 200);
    } finally {
      await stopCli(r);
    }
  });

  it("--host 0.0.0.0 serves other machines too (every interface), and local callers through loopback", async () => {
    const r = await startCli(["--host", "0.0.0.0", "--port", "0"]);
    try {
      assert.ok(r.output().includes(`listening address: 0.0.0.0:`));
      assert.equal((await fetch(`${r.url}/healthz`)).status, 200);
      const external = externalIPv4();
      if (external) {
        const port = new URL(r.url).port;
        assert.equal((await fetch(`http://${external.address}:${port}/healthz`)).status, 200, `reachable on ${external.address}`);
      }
    } finally {
      assert.equal(await stopCli(r), 0);
    }
    const local = await startCli(["--port", "0"]);
    try {
      const port = new URL(local.url).port;
      const external = externalIPv4();
      if (external) await assert.rejects(fetch(`http://${external.address}:${port}/healthz`), "by default only this machine can reach it");
    } finally {
      await stopCli(local);
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`exits cleanly on ${signal} when started through \`npm run emulator\` (npm passes the signal on)`, async () => {
      const r = await startCli(["--", "--port", "0", "--api-key", "zut_npm_key"], {}, ["npm", "run", "--silent", "emulator"]);
      const port = new URL(r.url).port;
      assert.equal((await call({ url: r.url }, "GET", "/v2/users", { key: "zut_npm_key" })).status, 200);
      assert.equal(await stopCli(r, signal), 0, "npm exits 0");
      assert.match(r.output(), new RegExp(`Vectara emulator stopped \\(${signal}\\)`));
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), "the emulator is gone, not orphaned");
    });
  }
});
