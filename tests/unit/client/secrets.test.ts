import assert from "node:assert/strict";
import { inspect } from "node:util";
import { VectaraEmulator } from "vectara-emulator";
import { OutcomeUnknownError, UsersClient, VectaraError, type ClientSettings } from "../../../provider/client";
import { FAST, allowInvalid, closedPort, json, rejection, startStub, uniqueEmail, useEmulator } from "./helpers";

const SECRET_KEY = "zut_SECRET_KEY_DO_NOT_LEAK_1234";
const CLIENT_ID = "leak-test-client";
const CLIENT_SECRET = "CLIENT_SECRET_DO_NOT_LEAK_5678";
/** The emulator's access tokens start with this. */
const TOKEN_PREFIX = "emu_";

const FORBIDDEN = [SECRET_KEY, CLIENT_SECRET, TOKEN_PREFIX, "DO_NOT_LEAK", "Bearer ", "x-api-key:"];

/** Every way an error can be printed or serialized. */
function renderings(e: unknown): Record<string, string> {
  const err = e as Error & { cause?: unknown };
  const out: Record<string, string> = {
    message: String(err.message),
    toString: String(err),
    inspect: inspect(err, { depth: Infinity }),
    inspectHidden: inspect(err, { depth: Infinity, showHidden: true }),
    json: JSON.stringify(err),
    stack: String(err.stack),
    ownKeys: JSON.stringify(Object.getOwnPropertyNames(err).map((k) => [k, String((err as any)[k])])),
  };
  if (err.cause !== undefined) {
    out.cause = inspect(err.cause, { depth: Infinity, showHidden: true });
    out.causeJson = JSON.stringify(err.cause);
  }
  return out;
}

function assertClean(label: string, e: unknown, lines: string[]): void {
  assert.ok(e instanceof VectaraError, `${label}: ${String(e)}`);
  for (const [how, text] of Object.entries(renderings(e))) {
    for (const bad of FORBIDDEN) {
      if (bad === "x-api-key:" && how === "message") continue;
      assert.ok(!text.includes(bad), `${label}: ${how} contains ${JSON.stringify(bad)}:\n${text}`);
    }
  }
  for (const line of lines) {
    for (const bad of FORBIDDEN) assert.ok(!line.includes(bad), `${label}: log line contains ${JSON.stringify(bad)}: ${line}`);
  }
}

describe("secret hygiene", () => {
  const emu = useEmulator({
    apiKeys: { [SECRET_KEY]: ["administrator"] },
    clients: { [CLIENT_ID]: { secret: CLIENT_SECRET, roles: ["administrator"] } },
  });
  let stranger: VectaraEmulator; // knows neither credential
  before(async () => {
    stranger = await VectaraEmulator.start();
  });
  after(async () => {
    await stranger.stop();
  });

  const made: UsersClient[] = [];
  afterEach(() => {
    for (const c of made.splice(0)) c.close();
  });

  for (const kind of ["api key", "oauth client credentials"] as const) {
    describe(kind, () => {
      const principal = kind === "api key" ? SECRET_KEY : CLIENT_ID;
      const lines: string[] = [];
      const client = (target: { url: string; tokenUrl: string }, extra: ClientSettings = {}) => {
        const creds: ClientSettings =
          kind === "api key" ? { apiKey: SECRET_KEY } : { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authUrl: target.tokenUrl };
        const c = new UsersClient({ ...creds, baseUrl: target.url, ...FAST, logger: (l) => lines.push(l), ...extra }, {});
        made.push(c);
        return c;
      };
      beforeEach(() => {
        lines.length = 0;
      });
      afterEach(function () {
        if (this.currentTest?.state === "passed") assert.ok(lines.length > 0, "the logger was exercised");
      });

      it("400", async () => {
        const e = await rejection(() => client(emu()).create({ email: "not an email" }));
        allowInvalid(emu());
        assert.equal(e.status, 400);
        assertClean("400", e, lines);
      });

      it("401", async () => {
        const c = client(emu());
        if (kind === "api key") {
          const e = await rejection(() => client(stranger).listPage());
          assert.equal(e.status, 401);
          assertClean("401 unknown key", e, lines);
        } else {
          const e = await rejection(() => client(stranger).listPage());
          assert.equal(e.status, 401); // invalid_client from the token URL
          assert.match(e.message, /rejected the OAuth client credentials/);
          assertClean("401 invalid_client", e, lines);
          emu().inject("listUsers", { kind: "status", status: 401, times: 2 });
          const e2 = await rejection(() => c.listPage());
          assert.equal(e2.status, 401);
          assertClean("401 after refresh", e2, lines);
        }
      });

      it("403", async () => {
        emu().setPrincipalRoles(principal, ["corpus_viewer"]);
        try {
          const e = await rejection(() => client(emu()).create({ email: uniqueEmail("leak403") }));
          assert.equal(e.status, 403);
          assertClean("403", e, lines);
        } finally {
          emu().setPrincipalRoles(principal, ["administrator"]);
        }
      });

      it("404 and 409", async () => {
        const c = client(emu());
        const e404 = await rejection(() => c.get("nobody@example.com"));
        assert.equal(e404.status, 404);
        assertClean("404", e404, lines);
        const email = uniqueEmail("leak409");
        await c.create({ email });
        const e409 = await rejection(() => c.create({ email }));
        assert.equal(e409.status, 409);
        assertClean("409", e409, lines);
      });

      it("500, and 500 on create (OutcomeUnknownError with a cause)", async () => {
        const c = client(emu());
        emu().inject("getUser", { kind: "status", status: 500 });
        assertClean("500", await rejection(() => c.get("x@example.com")), lines);
        emu().inject("createUser", { kind: "status", status: 500 });
        const e = await rejection(() => c.create({ email: uniqueEmail("leak500") }));
        assert.ok(e instanceof OutcomeUnknownError);
        assertClean("500 create", e, lines);
      });

      it("timeout", async () => {
        const c = client(emu(), { timeoutMs: 100 });
        await c.listPage({ limit: 1 }); // get the token first, so the delay hits the API call
        emu().inject("getUser", { kind: "delay", ms: 400 });
        const e = await rejection(() => c.get("x@example.com"));
        assert.equal(e.timedOut, true);
        assertClean("timeout", e, lines);
      });

      it("network errors (reset, refused) and unknown outcomes", async () => {
        const c = client(emu(), { maxRetries: 1 });
        emu().inject("getUser", { kind: "reset", times: 2 });
        assertClean("reset", await rejection(() => c.get("x@example.com")), lines);
        emu().inject("createUser", { kind: "commitThenFail", then: "reset" });
        assertClean("commitThenFail", await rejection(() => c.create({ email: uniqueEmail("leakreset") })), lines);
        const port = await closedPort();
        const refused = client({ url: `http://127.0.0.1:${port}`, tokenUrl: `http://127.0.0.1:${port}/oauth2/token` }, { maxRetries: 1 });
        assertClean("refused", await rejection(() => refused.get("x@example.com")), lines);
      });

      it("a server that echoes the credential back in its error body is scrubbed", async () => {
        const stub = await startStub((req, res) => {
          const echoed = `${req.headers["x-api-key"] ?? ""} ${req.headers.authorization ?? ""} ${req.body}`;
          if (req.url.includes("token")) return json(res, 400, { error: "invalid_client", error_description: `got ${req.body}` });
          json(res, 400, { messages: [`you sent ${echoed}`], field_errors: { header: echoed }, request_id: echoed });
        });
        try {
          const c = client({ url: stub.url, tokenUrl: `${stub.url}/token` });
          const e = await rejection(() => c.listPage());
          assert.equal(e.status, 400);
          assertClean("echo", e, lines);
          assert.match(e.message, /\[redacted\]/);
        } finally {
          await stub.close();
        }
      });

      it("the client object itself prints no credential (nor its cached token)", async () => {
        const c = client(emu());
        await c.listPage({ limit: 1 });
        for (const text of [inspect(c, { showHidden: true, depth: Infinity }), JSON.stringify(c), String(c)]) {
          for (const bad of [SECRET_KEY, CLIENT_SECRET, TOKEN_PREFIX]) assert.ok(!text.includes(bad), text);
        }
      });
    });
  }

  it("an echoed bearer token is scrubbed too", async () => {
    const stub = await startStub((req, res) => {
      if (req.url.startsWith("/token"))
        return json(res, 200, { access_token: "tok_DO_NOT_LEAK_bearer_9", token_type: "Bearer", expires_in: 1800 });
      json(res, 500, { messages: [`auth was ${req.headers.authorization}`, "token tok_DO_NOT_LEAK_bearer_9"] });
    });
    const lines: string[] = [];
    try {
      const c = new UsersClient(
        {
          clientId: "cid",
          clientSecret: CLIENT_SECRET,
          baseUrl: stub.url,
          authUrl: `${stub.url}/token`,
          ...FAST,
          logger: (l) => lines.push(l),
        },
        {},
      );
      const e = await rejection(() => c.get("x@example.com"));
      assert.equal(e.status, 500);
      for (const text of Object.values(renderings(e)).concat(lines)) assert.ok(!text.includes("tok_DO_NOT_LEAK"), text);
      c.close();
    } finally {
      await stub.close();
    }
  });
});
