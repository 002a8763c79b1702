/**
 * Credentials never leak. With distinctive fake credentials registered in the emulator, whole
 * lifecycles (create, update, replace, read, reset, delete) and failures (400, 401, 403, 409,
 * 500, timeout, a server that echoes the credential back) run through the real provider host,
 * once with an API key and once with OAuth client credentials. Neither credential, nor any
 * bearer token the emulator issued, may appear in what state would hold (ids, properties,
 * `__provider`), in any error, in the host's stdout/stderr, or in `util.inspect` of the
 * client's errors. Plus: plain http:// to a non-loopback host is refused before any request,
 * redirects never carry a credential anywhere, and the emulator itself refuses unauthenticated
 * requests on every route.
 */
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import { inspect } from "node:util";
import { VectaraEmulator, type EmulatorOptions } from "vectara-emulator";
import { UsersClient } from "../../../provider/client";
import { HostError, type Props } from "../../support/host";
import { withProvider, type ProviderStack } from "../../support/stack";
import { fastConfig, oauthConfig, startFastStack, tally } from "./helpers";
import { MiniEngine } from "../../support/mini-engine";

const API_KEY = "zut_RELIABILITY_KEY_DO_NOT_LEAK_4242";
const CLIENT_ID = "reliability-client";
const CLIENT_SECRET = "RELIABILITY_SECRET_DO_NOT_LEAK_4343";
/** Both credentials contain it: also catches a credential cut short. */
const MARKER = "DO_NOT_LEAK";

const EMULATOR: EmulatorOptions = {
  apiKeys: { [API_KEY]: ["administrator"] },
  clients: { [CLIENT_ID]: { secret: CLIENT_SECRET, roles: ["administrator"] } },
};

function needles(emulator: VectaraEmulator): string[] {
  const tokens = emulator.issuedTokens();
  return [
    API_KEY,
    CLIENT_SECRET,
    MARKER,
    encodeURIComponent(CLIENT_SECRET),
    Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64"),
    Buffer.from(API_KEY).toString("base64"),
    ...tokens,
    ...tokens.map((t) => t.slice(4, 20)), // a token cut short (after its "emu_" prefix)
  ];
}

/** Asserts no needle occurs in any of the collected texts; returns how many texts were checked. */
function assertNoLeak(where: Map<string, string>, emulator: VectaraEmulator): number {
  const found: string[] = [];
  for (const needle of needles(emulator)) {
    for (const [label, text] of where) {
      if (text.includes(needle)) found.push(`${label} contains ${needle.slice(0, 8)}…`);
    }
  }
  assert.deepEqual(found, []);
  return where.size;
}

/** Runs a lifecycle with failures through the host; returns every text a user or state could see. */
async function lifecycleWithFailures(stack: ProviderStack, kind: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const keep = (label: string, value: unknown) => seen.set(`${kind} ${label}`, typeof value === "string" ? value : JSON.stringify(value));
  const expectFailure = async (label: string, p: Promise<unknown>, pattern: RegExp) => {
    try {
      await p;
    } catch (e) {
      stack.emulator.clearFaults(); // faults left unused (e.g. a second 401 an API key never retries)
      assert.ok(e instanceof HostError, String(e));
      keep(`${label} error`, e.message);
      keep(`${label} error details`, e.details);
      keep(`${label} inspect`, inspect(e, { depth: 10 }));
      if (e.initFailure) keep(`${label} initFailure`, e.initFailure);
      assert.match(e.message, pattern, label);
      return;
    }
    assert.fail(`${label} should have failed`);
  };
  const engine = new MiniEngine(stack);
  const emu = stack.emulator;
  const email = `life-${kind}@example.com`;

  keep("userProvider", stack.userProvider);
  keep("resetProvider", stack.resetProvider);

  // The lifecycle.
  let rec = await engine.up("life", { email, apiRoles: ["viewer"] });
  keep("create", rec);
  rec = await engine.up("life", { email, apiRoles: ["administrator"], description: "updated" });
  keep("update", rec);
  rec = await engine.up("life", { email: `life-${kind}-2@example.com`, apiRoles: ["administrator"] }); // replace
  keep("replace", rec);
  keep("read", await engine.refresh("life"));
  const resetUrn = stack.resetUrn("life-reset");
  const resetChecked = await stack.host.check(resetUrn, {}, withProvider(stack.resetProvider, { username: String(rec.props.username) }));
  const reset = await stack.host.create(resetUrn, resetChecked.inputs);
  assert.ok(reset.properties.oneTimeCode, "this emulator returns one-time codes");
  keep("reset", reset);
  keep("reset read", await stack.host.read(resetUrn, reset.id, reset.properties));
  await stack.host.delete(resetUrn, reset.id, reset.properties);

  // Failures.
  emu.inject("createUser", { kind: "status", status: 400, message: "Invalid request." });
  await expectFailure("400", engine.up("f400", { email: `f400-${kind}@example.com` }), /400/);
  emu.inject("getUser", { kind: "status", status: 401, times: 2 });
  await expectFailure("401", engine.refresh("life"), /401/);
  emu.inject("updateUser", { kind: "status", status: 403 });
  await expectFailure("403", engine.up("life", { email: `life-${kind}-2@example.com`, apiRoles: ["viewer"] }), /403/);
  emu.putUser({ email: `taken-${kind}@example.com` });
  await expectFailure("409", engine.up("f409", { email: `taken-${kind}@example.com` }), /already exists/);
  emu.inject("deleteUser", { kind: "status", status: 500 });
  const tokensOfEarlierRuns = emu.issuedTokens().length;
  await expectFailure("500", engine.destroy("life"), /500/); // a run of its own: a fresh host and token
  emu.inject("getUser", { kind: "delay", ms: 900 });
  await expectFailure("timeout", engine.refresh("life"), /timed out/);
  emu.inject("resetPassword", { kind: "commitThenFail", then: "reset" });
  await expectFailure("reset outcome unknown", stack.host.create(stack.resetUrn("r2"), resetChecked.inputs), /Outcome unknown/);
  await expectFailure(
    "check",
    stack.host.check(stack.userUrn("bad"), {}, withProvider(stack.userProvider, { email: "x" })).then((r) => {
      if (r.failures.length) throw new HostError("Check", 2, JSON.stringify(r.failures));
    }),
    /email/,
  );

  // A server that echoes the credential (and the token it was sent) back in its error body.
  // (Only what this client sent: it cannot know, so cannot scrub, the other kind's credential.)
  const echoed = (kind === "api-key" ? [API_KEY] : [CLIENT_SECRET, ...emu.issuedTokens().slice(tokensOfEarlierRuns)]).join(" / ");
  emu.inject("createUser", { kind: "status", status: 400, message: `You sent ${echoed}` });
  await expectFailure("echo 400", engine.up("echo", { email: `echo-${kind}@example.com` }), /\[redacted\]/);
  emu.inject("getUser", {
    kind: "status",
    status: 503,
    times: 10,
    message: kind === "api-key" ? `x-api-key: ${API_KEY}` : `Authorization: Bearer ${emu.issuedTokens().at(-1)}`,
  });
  await expectFailure("echo 503", engine.refresh("life"), /503/);

  await engine.destroy("life");
  for (const [urn, r] of engine.state) keep(`state ${urn}`, r);
  keep("host stdout", stack.hostStdout);
  keep("host stderr", stack.hostStderr);
  return seen;
}

describe("reliability: secrets never leak", function () {
  this.timeout(30000);

  for (const kind of ["api-key", "oauth"] as const) {
    describe(`a lifecycle with failures, ${kind === "api-key" ? "API key" : "OAuth client credentials"}`, () => {
      let stack: ProviderStack;
      before(async () => {
        const extra = { "vectara:timeoutSeconds": "0.4" };
        stack = await startFastStack({
          emulator: EMULATOR,
          config: (emu) =>
            kind === "api-key"
              ? fastConfig(emu, { ...extra, "vectara:apiKey": API_KEY })
              : oauthConfig(emu, CLIENT_ID, CLIENT_SECRET, extra),
        });
      });
      after(async () => stack?.stop());

      it("no credential or issued token in state, __provider, errors, inspect or host output", async () => {
        const seen = await lifecycleWithFailures(stack, kind);
        if (kind === "oauth") assert.ok(stack.emulator.issuedTokens().length >= 2, "tokens were issued (and one refreshed after the 401)");
        // The host prints no expected error (each is said once, on its resource: errors-once.test.ts),
        // so its output holds none of the messages above; it is checked for leaks all the same.
        assert.doesNotMatch(stack.hostStderr, /Vectara\w*Error|\b(401|403|500|503)\b/, stack.hostStderr);
        tally.leaksChecked += assertNoLeak(seen, stack.emulator);
        // The credential really was in use: the emulator saw it.
        const authenticated = stack.emulator.calls().filter((c) => c.status !== 0 && c.status !== 401);
        assert.ok(authenticated.length > 10);
      });
    });
  }

  it("util.inspect, JSON, stack and cause of every client error carry no credential or token", async () => {
    const emulator = await VectaraEmulator.start({ ...EMULATOR, tokenTtlSeconds: 1800 });
    try {
      const seen = new Map<string, string>();
      for (const [kind, settings] of [
        ["api-key", { apiKey: API_KEY }],
        ["oauth", { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
      ] as const) {
        const client = new UsersClient(
          { ...settings, baseUrl: emulator.url, authUrl: emulator.tokenUrl, maxRetries: 1, retryBaseDelayMs: 1, timeoutMs: 300 },
          {},
        );
        await client.create({ email: `inspect-${kind}@example.com` });
        const token = emulator.issuedTokens()[0] ?? "";
        const attempts: [string, () => Promise<unknown>, () => void][] = [
          [
            "400",
            () => client.create({ email: `x-${kind}@example.com` }),
            () =>
              emulator.inject("createUser", {
                kind: "status",
                status: 400,
                message: `echo ${kind === "api-key" ? API_KEY : `${CLIENT_SECRET} ${token}`}`,
              }),
          ],
          [
            "401",
            () => client.get(`inspect-${kind}@example.com`),
            () => emulator.inject("getUser", { kind: "status", status: 401, times: 2, message: `bad Bearer ${token}` }),
          ],
          [
            "403",
            () => client.update(`inspect-${kind}@example.com`, { description: "x" }),
            () => emulator.inject("updateUser", { kind: "status", status: 403 }),
          ],
          ["404", () => client.get("nobody@example.com"), () => undefined],
          ["409", () => client.create({ email: `inspect-${kind}@example.com` }), () => undefined],
          [
            "500 create",
            () => client.create({ email: `y-${kind}@example.com` }),
            () => emulator.inject("createUser", { kind: "status", status: 500 }),
          ],
          ["timeout", () => client.get(`inspect-${kind}@example.com`), () => emulator.inject("getUser", { kind: "delay", ms: 600 })],
          ["reset", () => client.resetPassword(`inspect-${kind}@example.com`), () => emulator.inject("resetPassword", { kind: "reset" })],
        ];
        for (const [label, call, arm] of attempts) {
          arm();
          const error = await call().then(
            () => assert.fail(`${kind} ${label} should fail`),
            (e: unknown) => e as Error,
          );
          emulator.clearFaults();
          seen.set(`${kind} ${label} inspect`, inspect(error, { depth: 20, showHidden: true }));
          seen.set(`${kind} ${label} JSON`, JSON.stringify(error));
          seen.set(`${kind} ${label} stack`, String(error.stack));
          seen.set(`${kind} ${label} String`, String(error));
          seen.set(`${kind} ${label} cause`, inspect((error as { cause?: unknown }).cause, { depth: 20, showHidden: true }));
        }
        seen.set(`${kind} client inspect`, inspect(client, { depth: 20, showHidden: true }));
        seen.set(`${kind} client JSON`, JSON.stringify(client));
        client.close();
      }
      tally.leaksChecked += assertNoLeak(seen, emulator);
    } finally {
      await emulator.stop();
    }
  });

  describe("URLs and redirects", () => {
    /** A server that records every request (method, url, headers). */
    async function recorder(host: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
      const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders }[] = [];
      const server = http.createServer((req, res) => {
        seen.push({ method: req.method, url: req.url, headers: req.headers });
        req.resume();
        req.on("end", () => answer(req, res));
      });
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      const port = (server.address() as AddressInfo).port;
      return {
        seen,
        port,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    }

    const nonLoopback = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;

    for (const which of ["baseUrl", "authUrl"] as const) {
      it(`a non-loopback http:// ${which} is refused, naming the URL problem, before any request`, async () => {
        tally.faults++;
        const sniffer = await recorder("0.0.0.0", (_req, res) => res.end("{}"));
        const target = nonLoopback ? `http://${nonLoopback}:${sniffer.port}` : "http://vectara.example.com";
        const stack = await startFastStack({
          emulator: EMULATOR,
          config: (emu) =>
            which === "baseUrl"
              ? fastConfig(emu, { "vectara:apiKey": API_KEY, "vectara:baseUrl": target })
              : oauthConfig(emu, CLIENT_ID, CLIENT_SECRET, { "vectara:authUrl": `${target}/oauth2/token` }),
        });
        try {
          const engine = new MiniEngine(stack);
          const error = await engine.up("plain", { email: "plain@example.com" }).then(
            () => assert.fail("should be refused"),
            (e: HostError) => e,
          );
          // In the stack owner's words, and at check: the preview already fails.
          assert.match(
            error.message,
            new RegExp(
              `vectara:${which} \\(stack config, which wins over VECTARA_${which === "baseUrl" ? "BASE" : "AUTH"}_URL\\) uses plain http:// to`,
            ),
          );
          assert.match(error.message, /credentials would travel unencrypted/);
          assert.ok(!error.message.includes(MARKER));
          assert.deepEqual(sniffer.seen, [], "nothing was sent to the plain-http host");
          assert.deepEqual(stack.emulator.requests, [], "nor anywhere else");
          assert.ok(!stack.host.stderr.includes(MARKER) && !stack.host.stdout.includes(MARKER));
        } finally {
          await stack.stop();
          await sniffer.close();
        }
      });
    }

    it("redirects (301, 302, 303, 307, 308) are never followed: a server on another origin never sees x-api-key or Authorization", async () => {
      tally.faults += 5;
      const elsewhere = await recorder("127.0.0.1", (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "usr_elsewhere", email: "x@example.com" }));
      });
      let status = 307;
      const redirector = await recorder("127.0.0.1", (req, res) => {
        res.writeHead(status, { location: `http://127.0.0.1:${elsewhere.port}${req.url}` });
        res.end();
      });
      // Control: the redirect does lead to the other server when a client follows it.
      const control = await fetch(`http://127.0.0.1:${redirector.port}/v2/users/probe`);
      assert.equal(control.status, 200);
      assert.equal(elsewhere.seen.length, 1);
      elsewhere.seen.length = 0;
      redirector.seen.length = 0;

      const hosts: ProviderStack[] = [];
      try {
        for (const kind of ["api-key", "oauth"] as const) {
          const stack = await startFastStack({
            emulator: EMULATOR,
            config: () => {
              const base = `http://127.0.0.1:${redirector.port}`;
              const c: Record<string, string> = {
                "vectara:baseUrl": base,
                "vectara:authUrl": `${base}/oauth2/token`,
                "vectara:maxRetries": "1",
                "vectara:retryBaseDelayMs": "1",
              };
              if (kind === "api-key") c["vectara:apiKey"] = API_KEY;
              else Object.assign(c, { "vectara:clientId": CLIENT_ID, "vectara:clientSecret": CLIENT_SECRET });
              return c;
            },
          });
          hosts.push(stack);
          for (const s of [301, 302, 303, 307, 308]) {
            status = s;
            const error = await stack.host
              .create(
                stack.userUrn(`r${s}`),
                (await stack.host.check(stack.userUrn(`r${s}`), {}, withProvider(stack.userProvider, { email: `r${s}@example.com` })))
                  .inputs,
              )
              .then(
                () => assert.fail("a redirect must not succeed"),
                (e: HostError) => e,
              );
            assert.match(error.message, /redirected elsewhere; redirects are not followed so that credentials are not forwarded/);
            assert.ok(!error.message.includes(MARKER));
            const props: Props = withProvider(stack.userProvider, {
              username: `r${s}@example.com`,
              email: `r${s}@example.com`,
              userId: "usr_x",
            });
            const readError = await stack.host.read(stack.userUrn(`r${s}`), "usr_x", props).then(
              () => assert.fail("a redirect must not succeed"),
              (e: HostError) => e,
            );
            assert.match(readError.message, /redirect/);
          }
          assert.ok(!stack.host.stderr.includes(MARKER));
        }
        // The configured (redirecting) server did get the credentials; the other origin got nothing.
        assert.ok(redirector.seen.some((r) => r.headers["x-api-key"] === API_KEY));
        assert.ok(redirector.seen.some((r) => r.url === "/oauth2/token"));
        assert.deepEqual(elsewhere.seen, [], "no request at all reached the other origin");
      } finally {
        for (const s of hosts) await s.stop();
        await redirector.close();
        await elsewhere.close();
      }
    });
  });

  it("the emulator answers 401 on every route without valid credentials", async () => {
    const emulator = await VectaraEmulator.start(EMULATOR);
    try {
      const tokenRes = await fetch(emulator.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      });
      const { access_token: expired } = (await tokenRes.json()) as { access_token: string };
      emulator.expireTokens();
      emulator.putUser({ email: "target@example.com" });
      const routes: [string, string, unknown?][] = [
        ["GET", "/v2/users"],
        ["POST", "/v2/users", { email: "new@example.com" }],
        ["GET", "/v2/users/target%40example.com"],
        ["PATCH", "/v2/users/target%40example.com", { description: "x" }],
        ["DELETE", "/v2/users/target%40example.com"],
        ["POST", "/v2/users/target%40example.com/reset_password"],
      ];
      const credentials: [string, Record<string, string>][] = [
        ["none", {}],
        ["a wrong API key", { "x-api-key": "zut_wrong" }],
        ["an empty API key", { "x-api-key": "" }],
        ["the client secret as an API key", { "x-api-key": CLIENT_SECRET }],
        ["a made-up bearer token", { authorization: "Bearer emu_madeup" }],
        ["an expired bearer token", { authorization: `Bearer ${expired}` }],
        ["Basic client credentials", { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}` }],
      ];
      const wrong: string[] = [];
      for (const [method, path, body] of routes) {
        for (const [label, headers] of credentials) {
          const res = await fetch(`${emulator.url}${path}`, {
            method,
            headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
            body: body ? JSON.stringify(body) : undefined,
          });
          if (res.status !== 401) wrong.push(`${method} ${path} with ${label}: ${res.status}`);
          await res.arrayBuffer();
        }
      }
      assert.deepEqual(wrong, []);
      assert.deepEqual(
        emulator.users().map((u) => u.email),
        ["target@example.com"],
        "nothing changed",
      );
      assert.equal(emulator.resets.length, 0);
    } finally {
      await emulator.stop();
    }
  });
});
