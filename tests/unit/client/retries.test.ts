import assert from "node:assert/strict";
import { eventually } from "../../support/wait";
import {
  OutcomeUnknownError,
  UsersClient,
  VectaraApiError,
  VectaraError,
  VectaraNetworkError,
  isOutcomeUnknown,
} from "../../../provider/client";
import { FAST, closedPort, json, keyClient, oauthClient, rejection, since, startStub, uniqueEmail, useEmulator } from "./helpers";

describe("retries, timeouts and unknown outcomes (emulator)", () => {
  const emu = useEmulator();
  let email: string;
  before(async () => {
    email = uniqueEmail("retry");
    await keyClient(emu()).create({ email });
  });

  describe("idempotent requests", () => {
    for (const status of [429, 502, 503, 504]) {
      it(`GET is retried after ${status}`, async () => {
        const client = keyClient(emu());
        const mark = emu().requests.length;
        emu().inject("getUser", { kind: "status", status, times: 2 });
        assert.equal((await client.get(email)).email, email);
        assert.deepEqual(
          since(emu(), mark).map((r) => r.status),
          [status, status, 200],
        );
      });
    }

    it("GET, PATCH and DELETE are retried after a connection reset", async () => {
      const client = keyClient(emu());
      const other = uniqueEmail("reset-delete");
      await client.create({ email: other });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "reset" });
      emu().inject("updateUser", { kind: "reset" });
      emu().inject("deleteUser", { kind: "reset" });
      await client.get(other);
      await client.update(other, { description: "after reset" });
      await client.delete(other);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.route} ${r.status}`),
        ["getUser 0", "getUser 200", "updateUser 0", "updateUser 200", "deleteUser 0", "deleteUser 204"],
      );
    });

    it("PATCH is retried after 502 but not after 500", async () => {
      const client = keyClient(emu());
      let mark = emu().requests.length;
      emu().inject("updateUser", { kind: "status", status: 502 });
      await client.update(email, { description: "x" });
      assert.equal(since(emu(), mark, "updateUser").length, 2);
      mark = emu().requests.length;
      emu().inject("updateUser", { kind: "status", status: 500 });
      const e = await rejection(() => client.update(email, { description: "y" }));
      assert.ok(e instanceof VectaraApiError && !(e instanceof OutcomeUnknownError));
      assert.equal(e.status, 500);
      assert.equal(since(emu(), mark, "updateUser").length, 1);
    });

    it("GET is not retried after 500", async () => {
      const client = keyClient(emu());
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 500, times: 3 });
      const e = await rejection(() => client.get(email));
      assert.equal(e.status, 500);
      assert.equal(e.retryable, false);
      assert.equal(since(emu(), mark).length, 1);
    });

    it("gives up after maxRetries with a clear error", async () => {
      const client = keyClient(emu(), { maxRetries: 2 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 503, times: 10 });
      const e = await rejection(() => client.get(email));
      assert.ok(e instanceof VectaraApiError);
      assert.equal(e.status, 503);
      assert.equal(e.retryable, true);
      assert.match(e.message, /^Vectara API 503 Service Unavailable on GET \/v2\/users\/\S+: .*gave up after 2 retries \(request req_/);
      assert.equal(since(emu(), mark).length, 3);
    });

    it("maxRetries 0 means a single attempt", async () => {
      const client = keyClient(emu(), { maxRetries: 0 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 503, times: 2 });
      await rejection(() => client.get(email));
      assert.equal(since(emu(), mark).length, 1);
    });

    it("gives up on repeated resets with a VectaraNetworkError", async () => {
      const client = keyClient(emu(), { maxRetries: 2 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "reset", times: 5 });
      const e = await rejection(() => client.get(email));
      assert.ok(e instanceof VectaraNetworkError);
      assert.equal(e.code, "ECONNRESET");
      assert.match(e.message, /GET \/v2\/users\/\S+ got no answer.*gave up after 2 retries/);
      assert.equal(since(emu(), mark).length, 3);
    });
  });

  describe("Retry-After", () => {
    it("waits the seconds Retry-After asks for", async () => {
      const client = keyClient(emu(), { retryMaxDelayMs: 5_000 });
      emu().inject("getUser", { kind: "status", status: 429, retryAfter: "1" });
      const started = Date.now();
      await client.get(email);
      const waited = Date.now() - started;
      assert.ok(waited >= 950 && waited < 3_000, `waited ${waited} ms`);
    });

    it("waits until the HTTP date Retry-After names", async () => {
      // The cap is far above the date, so waiting the cap instead of the date would show.
      const client = keyClient(emu(), { retryMaxDelayMs: 30_000 });
      const at = new Date(Math.ceil((Date.now() + 700) / 1000) * 1000); // a whole second, 0.7-1.7 s ahead
      emu().inject("getUser", { kind: "status", status: 503, retryAfter: at.toUTCString() });
      const started = Date.now();
      await client.get(email);
      const waited = Date.now() - started;
      const expected = at.getTime() - started;
      // Margins for a loaded machine: never early; late by less than a third of the cap.
      assert.ok(waited >= expected - 100 && waited < expected + 10_000, `waited ${waited} ms, expected about ${expected}`);
    });

    it("caps Retry-After at retryMaxDelayMs", async () => {
      const client = keyClient(emu(), { retryMaxDelayMs: 100 });
      emu().inject("getUser", { kind: "status", status: 429, retryAfter: "30" });
      const started = Date.now();
      await client.get(email);
      // 100 ms asked, 30 s refused: half of the 30 s is margin enough for any load.
      assert.ok(Date.now() - started < 15_000, `waited ${Date.now() - started} ms`);
    });

    it("logs the retry with its delay", async () => {
      const lines: string[] = [];
      const client = keyClient(emu(), { retryMaxDelayMs: 100, logger: (l) => lines.push(l) });
      emu().inject("getUser", { kind: "status", status: 429, retryAfter: "0" });
      await client.get(email);
      assert.ok(
        lines.some((l) => /GET \/v2\/users\/\S+: 429 Too Many Requests, retry 1\/3 in 0 ms/.test(l)),
        lines.join("\n"),
      );
      assert.ok(
        lines.some((l) => /GET \/v2\/users\/\S+ -> 200/.test(l)),
        lines.join("\n"),
      );
    });
  });

  describe("timeouts", () => {
    it("a request slower than timeoutMs is a VectaraNetworkError naming the timeout (not retried)", async () => {
      const client = keyClient(emu(), { timeoutMs: 150 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "delay", ms: 10_000, times: 3 });
      const started = Date.now();
      const e = await rejection(() => client.get(email));
      const elapsed = Date.now() - started;
      assert.ok(e instanceof VectaraNetworkError);
      assert.equal(e.timedOut, true);
      assert.equal(e.code, "ETIMEDOUT");
      assert.match(e.message, /timed out after 150 ms \(timeoutMs\)/);
      // The server would answer after 10 s: giving up well before that is the timeout at work.
      assert.ok(elapsed >= 140 && elapsed < 5_000, `elapsed ${elapsed}`);
      assert.equal(since(emu(), mark).length, 1);
    });

    it("a create that times out is an OutcomeUnknownError, sent once (and it did take effect)", async () => {
      const client = keyClient(emu(), { timeoutMs: 150 });
      const created = uniqueEmail("timeout-create");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "delay", ms: 3_000 });
      const e = await rejection(() => client.create({ email: created }));
      assert.ok(e instanceof OutcomeUnknownError);
      assert.ok(e.cause instanceof VectaraNetworkError && e.cause.timedOut);
      assert.match(e.message, /timed out after 150 ms/);
      assert.equal(since(emu(), mark, "createUser").length, 1);
      await eventually(() => emu().getUser(created) !== undefined, "the server went on and created it: that is why the outcome is unknown");
    });
  });

  describe("create (POST /v2/users) is never sent twice when it may have reached the server", () => {
    const cases: [string, Parameters<ReturnType<typeof emu>["inject"]>[1], boolean][] = [
      ["a connection reset", { kind: "reset" }, false],
      ["500", { kind: "status", status: 500 }, false],
      ["502", { kind: "status", status: 502 }, false],
      ["503", { kind: "status", status: 503 }, false],
      ["a commit then 500", { kind: "commitThenFail", then: "status", status: 500 }, true],
      ["a commit then a reset", { kind: "commitThenFail", then: "reset" }, true],
    ];
    for (const [label, fault, committed] of cases) {
      it(`${label} -> OutcomeUnknownError, exactly 1 POST`, async () => {
        const client = keyClient(emu());
        const created = uniqueEmail("unknown");
        const mark = emu().requests.length;
        emu().inject("createUser", fault);
        const e = await rejection(() => client.create({ email: created }));
        assert.ok(e instanceof OutcomeUnknownError, String(e));
        assert.ok(isOutcomeUnknown(e));
        assert.equal(e.method, "POST");
        assert.equal(e.path, "/v2/users");
        assert.match(e.message, /Outcome unknown/);
        assert.match(e.message, /not sent again/);
        assert.match(e.message, /Check whether the user exists \(GET \/v2\/users\/[^,]+, UsersClient\.get\) before trying again/);
        assert.ok(e.cause instanceof VectaraApiError || e.cause instanceof VectaraNetworkError);
        assert.equal(since(emu(), mark, "createUser").length, 1);
        assert.equal(!!emu().getUser(created), committed);
      });
    }

    it("429 on create is retried (the server refused before acting)", async () => {
      const client = keyClient(emu());
      const created = uniqueEmail("429");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "status", status: 429, times: 2 });
      const user = await client.create({ email: created });
      assert.equal(user.email, created);
      assert.deepEqual(
        since(emu(), mark, "createUser").map((r) => r.status),
        [429, 429, 201],
      );
    });

    it("a 400 or 409 on create is an ordinary VectaraApiError, not retried", async () => {
      const client = keyClient(emu());
      const mark = emu().requests.length;
      const e = await rejection(() => client.create({ email }));
      assert.ok(e instanceof VectaraApiError && !(e instanceof OutcomeUnknownError));
      assert.equal(e.status, 409);
      assert.equal(since(emu(), mark).length, 1);
    });
  });

  describe("createReconciled: one retry budget, a look before every resend, a deadline", () => {
    it("a lost answer: one GET finds the user the POST made, and nothing is sent again", async () => {
      const client = keyClient(emu());
      const created = uniqueEmail("lost-found");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "commitThenFail", then: "status", status: 502 });
      const user = await client.createReconciled({ email: created });
      assert.equal(user.email, created);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.method} ${r.status}`),
        ["POST 502", "GET 200"],
      );
    });

    it("a lost answer that made nothing: the GET finds no user, the POST is sent again", async () => {
      const client = keyClient(emu());
      const created = uniqueEmail("lost-none");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "status", status: 503 });
      const user = await client.createReconciled({ email: created });
      assert.equal(user.email, created);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.method} ${r.status}`),
        ["POST 503", "GET 404", "POST 201"],
      );
    });

    it("every answer lost: 1 + maxRetries POSTs, a GET after each, then an error that says so", async () => {
      const client = keyClient(emu(), { maxRetries: 2 });
      const created = uniqueEmail("lost-always");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "status", status: 503, times: 10 });
      const e = await rejection(() => client.createReconciled({ email: created }));
      assert.match(e.message, /the POST failed 3 times and a GET after each found no such user/);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.method} ${r.status}`),
        ["POST 503", "GET 404", "POST 503", "GET 404", "POST 503", "GET 404"],
      );
    });

    it("429s and lost answers share one budget: never more than 1 + maxRetries POSTs", async () => {
      const client = keyClient(emu(), { maxRetries: 2 });
      const created = uniqueEmail("shared-budget");
      const mark = emu().requests.length;
      emu().inject("createUser", { kind: "status", status: 429, times: 2 });
      emu().inject("createUser", { kind: "status", status: 503, times: 10 });
      const e = await rejection(() => client.createReconciled({ email: created }));
      assert.ok(e instanceof VectaraError);
      const posts = since(emu(), mark, "createUser");
      assert.deepEqual(
        posts.map((r) => r.status),
        [429, 429, 503],
      );
      assert.equal(emu().getUser(created), undefined);
    });

    it("a 401 to a bearer token is refreshed once even with maxRetries 0: it is not a retry", async () => {
      const client = oauthClient(emu(), { maxRetries: 0 });
      const email2 = uniqueEmail("refresh-zero");
      await client.create({ email: email2 });
      const mark = emu().requests.length;
      emu().expireTokens();
      assert.equal((await client.get(email2)).email, email2);
      assert.deepEqual(
        since(emu(), mark).map((r) => `${r.route} ${r.status}`),
        ["getUser 401", "token 200", "getUser 200"],
      );
    });

    it("no retry starts once its delay would pass the operation's deadline (operationTimeoutMs)", async () => {
      const client = keyClient(emu(), { retryMaxDelayMs: 5_000, operationTimeoutMs: 300 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 429, retryAfter: "2", times: 3 });
      const started = Date.now();
      const e = await rejection(() => client.get(email));
      assert.ok(Date.now() - started < 1_500, "did not wait the 2 s Retry-After");
      assert.ok(e instanceof VectaraApiError);
      assert.equal(e.status, 429);
      assert.match(
        e.message,
        /no retry started after the operation's time limit of 300 ms \(operationTimeoutMs, vectara:operationTimeoutSeconds\)/,
      );
      assert.equal(since(emu(), mark).length, 1);
    });

    it("within the deadline, the same retry is made", async () => {
      const client = keyClient(emu(), { retryMaxDelayMs: 5_000, operationTimeoutMs: 10_000 });
      const mark = emu().requests.length;
      emu().inject("getUser", { kind: "status", status: 429, retryAfter: "0.2" });
      assert.equal((await client.get(email)).email, email);
      assert.deepEqual(
        since(emu(), mark).map((r) => r.status),
        [429, 200],
      );
    });
  });

  describe("resetPassword (not idempotent: an email goes out)", () => {
    it("429 is retried", async () => {
      const client = keyClient(emu());
      const resets = emu().resets.length;
      emu().inject("resetPassword", { kind: "status", status: 429 });
      await client.resetPassword(email);
      assert.equal(emu().resets.length, resets + 1);
    });

    for (const [label, fault] of [
      ["a connection reset", { kind: "reset" }],
      ["503", { kind: "status", status: 503 }],
      ["a commit then 500", { kind: "commitThenFail", then: "status" }],
    ] as const) {
      it(`${label} -> OutcomeUnknownError, exactly 1 POST`, async () => {
        const client = keyClient(emu());
        const mark = emu().requests.length;
        emu().inject("resetPassword", fault);
        const e = await rejection(() => client.resetPassword(email));
        assert.ok(e instanceof OutcomeUnknownError);
        assert.match(e.message, /password-reset email may have been sent/);
        assert.equal(since(emu(), mark, "resetPassword").length, 1);
      });
    }
  });

  describe("connection refused", () => {
    it("create is retried (it certainly never left) and ends in a VectaraNetworkError, not an unknown outcome", async () => {
      const port = await closedPort();
      const lines: string[] = [];
      const client = new UsersClient(
        { apiKey: "zut_refused_key_0000", baseUrl: `http://127.0.0.1:${port}`, ...FAST, maxRetries: 2, logger: (l) => lines.push(l) },
        {},
      );
      const e = await rejection(() => client.create({ email: uniqueEmail("refused") }));
      assert.ok(e instanceof VectaraNetworkError && !(e instanceof OutcomeUnknownError), String(e));
      assert.equal(e.code, "ECONNREFUSED");
      assert.match(e.message, /could not connect/);
      assert.equal(lines.filter((l) => /retry \d\/2/.test(l)).length, 2, lines.join("\n"));
      const r = await rejection(() => client.resetPassword("x@example.com"));
      assert.ok(r instanceof VectaraNetworkError && r.code === "ECONNREFUSED");
    });
  });

  describe("other server answers (stub)", () => {
    it("a redirect is not followed (no credential goes to another host)", async () => {
      const elsewhere = await startStub((req, res) => json(res, 200, { users: [] }));
      const stub = await startStub((req, res) => {
        res.writeHead(307, { location: `${elsewhere.url}/v2/users` });
        res.end();
      });
      try {
        const client = new UsersClient({ apiKey: "zut_redirect_key_00", baseUrl: stub.url, ...FAST }, {});
        const e = await rejection(() => client.listPage());
        assert.ok(e instanceof VectaraApiError);
        assert.equal(e.status, 307);
        assert.match(e.message, /redirects are not followed/);
        assert.equal(elsewhere.requests.length, 0);
        client.close();
      } finally {
        await stub.close();
        await elsewhere.close();
      }
    });

    it("createReconciled: a 2xx it cannot read is a lost answer, and the GET decides", async () => {
      const stub = await startStub((req, res) => {
        if (req.method === "POST") return json(res, 201, { not: "a user" });
        json(res, 200, { id: "usr_read_later", email: "late@example.com", username: "late@example.com" });
      });
      try {
        const client = new UsersClient({ apiKey: "zut_unreadable_key0", baseUrl: stub.url, ...FAST }, {});
        const user = await client.createReconciled({ email: "late@example.com" });
        assert.equal(user.id, "usr_read_later");
        assert.deepEqual(
          stub.requests.map((r) => r.method),
          ["POST", "GET"],
        );
        client.close();
      } finally {
        await stub.close();
      }
    });

    it("a non-JSON 502 page is retried and then reported without its HTML", async () => {
      const stub = await startStub((req, res) => {
        res.writeHead(502, { "content-type": "text/html" });
        res.end("<html><body>Bad gateway</body></html>");
      });
      try {
        const client = new UsersClient({ apiKey: "zut_html_key_000000", baseUrl: stub.url, ...FAST, maxRetries: 1 }, {});
        const e = await rejection(() => client.get("a@example.com"));
        assert.equal(e.status, 502);
        assert.equal(e.message, "Vectara API 502 Bad Gateway on GET /v2/users/a%40example.com: gave up after 1 retry");
        assert.equal(stub.requests.length, 2);
        client.close();
      } finally {
        await stub.close();
      }
    });
  });
});
