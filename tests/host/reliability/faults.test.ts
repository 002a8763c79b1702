/**
 * Fault scenarios through the SDK's real provider host against the emulator's fault
 * injection. Every scenario ends with state (what the engine would hold, see MiniEngine) and
 * the emulator agreeing: no user lost, none duplicated, no resource pointing at nothing.
 *
 * Retry policy under test (provider/client/http.ts): reads and PATCH/DELETE retry 429, 502,
 * 503, 504 and broken connections up to `vectara:maxRetries`; a 500 and a timeout are not
 * retried. Create and reset-password are never re-sent blindly: only a 429 (refused before
 * acting) is retried; otherwise the outcome is unknown. A create then GETs the user and sends
 * the POST once more only when the GET shows it absent; a reset fails, saying so.
 *
 * Whole stacks under faults (a run whose provider host is killed mid-way, failing creates)
 * run through the real engine in tests/engine/.
 */
import assert from "node:assert/strict";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "vectara-emulator";
import { withProvider, type ProviderStack } from "../../support/stack";
import { eventually } from "../../support/wait";
import { assertAgree, assertOneUser, failure, oauthConfig, startFastStack, statuses, tally } from "./helpers";
import { MiniEngine } from "../../support/mini-engine";

/** Sends one password reset through the host, as `new PasswordReset(...)` on `up` would. */
async function sendReset(stack: ProviderStack, name: string, username: string) {
  const urn = stack.resetUrn(name);
  const checked = await stack.host.check(urn, {}, withProvider(stack.resetProvider, { username }));
  assert.deepEqual(checked.failures, []);
  return stack.host.create(urn, checked.inputs);
}

const resetsOf = (stack: ProviderStack, username: string) => stack.emulator.resets.filter((r) => r.username === username).length;

describe("reliability: faults through the provider host", function () {
  this.timeout(30000);

  // One stack (host + emulator, fast config) for the 429, 5xx and connection-reset scenarios.
  // Each scenario uses its own users; state agreement is checked over everything after each.
  let shared: Promise<{ stack: ProviderStack; engine: MiniEngine }> | undefined;
  const ownStack = (started: Promise<ProviderStack>) => started.then((stack) => ({ stack, engine: new MiniEngine(stack) }));
  const defaultStack = () => (shared ??= ownStack(startFastStack()));
  after(async () => (await shared)?.stack.stop());

  /** Each scenario starts clean and ends with state and the emulator agreeing. */
  function scenarioHooks(
    start: () => Promise<{ stack: ProviderStack; engine: MiniEngine }>,
    bind: (s: { stack: ProviderStack; engine: MiniEngine }) => void,
  ): void {
    let current: { stack: ProviderStack; engine: MiniEngine };
    before(async () => bind((current = await start())));
    beforeEach(() => {
      current.stack.emulator.clearFaults();
      current.stack.emulator.clearLog();
    });
    afterEach(() => assertAgree(current.stack.emulator, current.engine.state.values()));
  }

  describe("429 on every route", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(defaultStack, (s) => ({ stack, engine } = s)); // vectara:maxRetries = 3

    for (const retryAfter of [undefined, "0.25"]) {
      const label = retryAfter ? "with Retry-After: 0.25 (honoured)" : "without Retry-After (2 in a row)";
      const times = retryAfter ? 1 : 2;
      const expected = [...Array(times).fill(429)];
      const slug = retryAfter ? "ra" : "nora";
      const timed = async (fn: () => Promise<unknown>) => {
        const t0 = Date.now();
        await fn();
        const elapsed = Date.now() - t0;
        if (retryAfter) assert.ok(elapsed >= 240, `waited ${elapsed} ms, Retry-After asked for 250`);
      };

      it(`create ${label}: retried, exactly one user`, async () => {
        tally.faults++;
        const email = `create-429-${slug}@example.com`;
        stack.emulator.inject("createUser", { kind: "status", status: 429, retryAfter, times });
        let rec: Awaited<ReturnType<MiniEngine["up"]>> | undefined;
        await timed(async () => (rec = await engine.up(email, { email })));
        assert.deepEqual(statuses(stack.emulator, "createUser"), [...expected, 201]);
        assertOneUser(stack.emulator, email, rec!.id);
      });

      it(`get (refresh) ${label}: retried`, async () => {
        tally.faults++;
        const email = `get-429-${slug}@example.com`;
        const rec = await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("getUser", { kind: "status", status: 429, retryAfter, times });
        await timed(async () => assert.equal((await engine.refresh(email))?.id, rec.id));
        assert.deepEqual(statuses(stack.emulator, "getUser"), [...expected, 200]);
      });

      it(`update ${label}: retried, applied once`, async () => {
        tally.faults++;
        const email = `update-429-${slug}@example.com`;
        await engine.up(email, { email, apiRoles: ["viewer"] });
        stack.emulator.clearLog();
        stack.emulator.inject("updateUser", { kind: "status", status: 429, retryAfter, times });
        await timed(() => engine.up(email, { email, apiRoles: ["administrator"] }));
        assert.deepEqual(statuses(stack.emulator, "updateUser"), [...expected, 200]);
        assert.deepEqual(stack.emulator.getUser(email)?.api_roles, ["administrator"]);
      });

      it(`delete ${label}: retried, user gone`, async () => {
        tally.faults++;
        const email = `delete-429-${slug}@example.com`;
        await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("deleteUser", { kind: "status", status: 429, retryAfter, times });
        await timed(() => engine.destroy(email));
        assert.deepEqual(statuses(stack.emulator, "deleteUser"), [...expected, 204]);
        assert.equal(stack.emulator.getUser(email), undefined);
      });

      it(`reset password ${label}: retried (429 means not acted), exactly one reset`, async () => {
        tally.faults++;
        const email = `reset-429-${slug}@example.com`;
        await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("resetPassword", { kind: "status", status: 429, retryAfter, times });
        await timed(() => sendReset(stack, `r-${slug}`, email));
        assert.deepEqual(statuses(stack.emulator, "resetPassword"), [...expected, 200]);
        assert.equal(resetsOf(stack, email), 1);
      });
    }
  });

  describe("bursts of 5xx", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(defaultStack, (s) => ({ stack, engine } = s)); // vectara:maxRetries = 3

    for (const status of [502, 503, 504]) {
      it(`${status} ×3 (= maxRetries) on get, update, delete: all ride it out`, async () => {
        tally.faults += 3;
        const email = `burst-ok-${status}@example.com`;
        const rec = await engine.up(email, { email });
        stack.emulator.clearLog();

        stack.emulator.inject("getUser", { kind: "status", status, times: 3 });
        assert.equal((await engine.refresh(email))?.id, rec.id);
        stack.emulator.inject("updateUser", { kind: "status", status, times: 3 });
        await engine.up(email, { email, description: "after a burst" });
        assert.equal(stack.emulator.getUser(email)?.description, "after a burst");
        stack.emulator.inject("deleteUser", { kind: "status", status, times: 3 });
        await engine.destroy(email);
        assert.equal(stack.emulator.getUser(email), undefined);
        for (const route of ["getUser", "updateUser", "deleteUser"] as const) {
          assert.deepEqual(statuses(stack.emulator, route).slice(0, 3), [status, status, status], route);
        }
        // The refresh's 4 GETs, and one GET before the PATCH and the DELETE (is it still our user?).
        assert.deepEqual(statuses(stack.emulator, "getUser").slice(3), [200, 200, 200]);
        assert.equal(statuses(stack.emulator, "updateUser").length, 4);
        assert.equal(statuses(stack.emulator, "deleteUser").length, 4);
      });

      it(`${status} ×4 (> maxRetries) on get, update, delete: a clear error, nothing half-applied, the next run succeeds`, async () => {
        tally.faults += 3;
        const email = `burst-over-${status}@example.com`;
        const rec = await engine.up(email, { email, description: "before" });
        stack.emulator.clearLog();

        stack.emulator.inject("getUser", { kind: "status", status, times: 4 });
        const readError = await failure(engine.refresh(email), "refresh");
        assert.match(
          readError.message,
          new RegExp(`${status}.*GET /v2/users/burst-over-${status}%40example\\.com.*gave up after 3 retries`),
        );

        stack.emulator.inject("updateUser", { kind: "status", status, times: 4 });
        const updateError = await failure(engine.up(email, { email, description: "after" }), "update");
        assert.match(updateError.message, new RegExp(`${status}.*PATCH .*gave up after 3 retries`));
        assert.equal(stack.emulator.getUser(email)?.description, "before", "the PATCH never acted");
        assert.equal(engine.state.get(engine.urn(email))?.props.description, "before", "state keeps the old outputs");

        stack.emulator.inject("deleteUser", { kind: "status", status, times: 4 });
        const deleteError = await failure(engine.destroy(email), "delete");
        assert.match(deleteError.message, new RegExp(`${status}.*DELETE .*gave up after 3 retries`));
        assert.ok(stack.emulator.getUser(email), "still there, and still in state");
        assertAgree(stack.emulator, engine.state.values());
        // 4 GETs of the failed refresh, then one before the PATCH and one before the DELETE.
        assert.deepEqual(statuses(stack.emulator, "getUser"), [status, status, status, status, 200, 200]);
        for (const route of ["updateUser", "deleteUser"] as const) assert.equal(statuses(stack.emulator, route).length, 4, route);

        // The next run, with the service healthy again.
        assert.equal((await engine.refresh(email))?.id, rec.id);
        await engine.up(email, { email, description: "after" });
        assert.equal(stack.emulator.getUser(email)?.description, "after");
        await engine.destroy(email);
      });
    }

    it("500 on get, update, delete is not retried (a server bug, not a transient): one call each, then the next run succeeds", async () => {
      tally.faults += 3;
      const email = "burst-500@example.com";
      await engine.up(email, { email });
      stack.emulator.clearLog();
      for (const [route, run] of [
        ["getUser", () => engine.refresh(email)],
        ["updateUser", () => engine.up(email, { email, enabled: false })],
        ["deleteUser", () => engine.destroy(email)],
      ] as const) {
        stack.emulator.inject(route, { kind: "status", status: 500, times: 1 });
        const error = await failure(run(), route);
        assert.match(error.message, /Vectara API 500 Internal Server Error/);
        assert.deepEqual(statuses(stack.emulator, route), [500], route);
        assertAgree(stack.emulator, engine.state.values());
      }
      await engine.up(email, { email, enabled: false });
      assert.equal(stack.emulator.getUser(email)?.enabled, false);
      await engine.destroy(email);
    });

    for (const status of [500, 502, 503, 504]) {
      it(`create: one ${status} → GET shows no user → one more POST → exactly one user`, async () => {
        tally.faults++;
        const email = `create-${status}-once@example.com`;
        stack.emulator.inject("createUser", { kind: "status", status, times: 1 });
        const rec = await engine.up(email, { email });
        assert.deepEqual(
          stack.emulator.calls().map((c) => `${c.method} ${c.status}`),
          [`POST ${status}`, "GET 404", "POST 201"],
        );
        assertOneUser(stack.emulator, email, rec.id);
      });

      it(`create: ${status} three times → a GET after each shows no user → a fourth POST creates exactly one user`, async () => {
        tally.faults++;
        const email = `create-${status}-thrice@example.com`;
        stack.emulator.inject("createUser", { kind: "status", status, times: 3 });
        const rec = await engine.up(email, { email });
        assert.deepEqual(
          stack.emulator.calls().map((c) => `${c.method} ${c.status}`),
          [`POST ${status}`, "GET 404", `POST ${status}`, "GET 404", `POST ${status}`, "GET 404", "POST 201"],
          "every POST after the first follows a GET that found no user",
        );
        assertOneUser(stack.emulator, email, rec.id);
      });

      it(`create: ${status} past the retry limit → fails saying no user was created; no user; the next up creates exactly one`, async () => {
        tally.faults++;
        const email = `create-${status}-burst@example.com`;
        stack.emulator.inject("createUser", { kind: "status", status, times: 4 }); // vectara:maxRetries = 3
        const error = await failure(engine.up(email, { email }), "create");
        assert.match(error.message, new RegExp(`Could not create Vectara user "${email}".*found no such user`));
        assert.match(error.message, new RegExp(`${status}`));
        assert.equal(error.initFailure, undefined, "nothing enters state");
        assert.deepEqual(
          stack.emulator.calls().map((c) => `${c.method} ${c.status}`),
          Array(4)
            .fill([`POST ${status}`, "GET 404"])
            .flat(),
          "never a POST without a GET showing no user before it",
        );
        assert.equal(stack.emulator.getUser(email), undefined);
        assertAgree(stack.emulator, engine.state.values());
        const rec = await engine.up(email, { email });
        assertOneUser(stack.emulator, email, rec.id);
      });
    }
  });

  describe("connection resets, before and after the server acted", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(defaultStack, (s) => ({ stack, engine } = s)); // vectara:maxRetries = 3

    const afterCommit = [
      { name: "commitThenFail:reset", fault: { kind: "commitThenFail", then: "reset" } },
      { name: "commitThenFail:500", fault: { kind: "commitThenFail", then: "status", status: 500 } },
      { name: "commitThenFail:503", fault: { kind: "commitThenFail", then: "status", status: 503 } },
    ] as const;

    it("create, reset before acting: GET shows no user, one more POST, exactly one user", async () => {
      tally.faults++;
      const email = "create-reset-before@example.com";
      stack.emulator.inject("createUser", { kind: "reset" });
      const rec = await engine.up(email, { email });
      assert.deepEqual(
        stack.emulator.calls().map((c) => `${c.method} ${c.status}`),
        ["POST 0", "GET 404", "POST 201"],
      );
      assertOneUser(stack.emulator, email, rec.id);
    });

    for (const { name, fault } of afterCommit) {
      it(`create, ${name}: reconciled by a GET, never a second POST, exactly one user`, async () => {
        tally.faults++;
        const email = `create-${name.replace(":", "-")}@example.com`;
        stack.emulator.inject("createUser", fault);
        const rec = await engine.up(email, { email, apiRoles: ["viewer"] });
        assert.deepEqual(
          stack.emulator.calls().map((c) => `${c.method} ${c.route}`),
          ["POST createUser", "GET getUser"],
        );
        assertOneUser(stack.emulator, email, rec.id);
        assert.deepEqual(rec.props.apiRoles, ["viewer"]);
      });
    }

    it("update, reset before acting: retried, applied", async () => {
      tally.faults++;
      const email = "update-reset-before@example.com";
      await engine.up(email, { email });
      stack.emulator.clearLog();
      stack.emulator.inject("updateUser", { kind: "reset" });
      const rec = await engine.up(email, { email, apiRoles: ["viewer"] });
      assert.deepEqual(statuses(stack.emulator, "updateUser"), [0, 200]);
      assert.deepEqual(rec.props.apiRoles, ["viewer"]);
      assert.deepEqual(stack.emulator.getUser(email)?.api_roles, ["viewer"]);
    });

    for (const { name, fault } of afterCommit) {
      it(`update, ${name}: idempotent — the same PATCH again converges`, async () => {
        tally.faults++;
        const email = `update-${name.replace(":", "-")}@example.com`;
        await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("updateUser", fault);
        const want = { email, apiRoles: ["corpus_viewer"], description: name };
        if (name === "commitThenFail:500") {
          // Not retried (500): the update fails, the change is in Vectara, state keeps the old outputs.
          const error = await failure(engine.up(email, want), "update");
          assert.match(error.message, /500/);
          assert.equal(stack.emulator.getUser(email)?.description, name);
          assertAgree(stack.emulator, engine.state.values());
          await engine.up(email, want); // the next `pulumi up` PATCHes the same values again
        } else {
          await engine.up(email, want);
        }
        assert.equal(statuses(stack.emulator, "updateUser").length, 2);
        assert.deepEqual(stack.emulator.getUser(email)?.api_roles, ["corpus_viewer"]);
        assert.equal(engine.state.get(engine.urn(email))?.props.description, name);
      });
    }

    it("delete, reset before acting: retried, user gone", async () => {
      tally.faults++;
      const email = "delete-reset-before@example.com";
      await engine.up(email, { email });
      stack.emulator.clearLog();
      stack.emulator.inject("deleteUser", { kind: "reset" });
      await engine.destroy(email);
      assert.deepEqual(statuses(stack.emulator, "deleteUser"), [0, 204]);
      assert.equal(stack.emulator.getUser(email), undefined);
    });

    for (const { name, fault } of afterCommit) {
      it(`delete, ${name}: idempotent — the next destroy finds the user gone (GET 404) and is done`, async () => {
        tally.faults++;
        const email = `delete-${name.replace(":", "-")}@example.com`;
        await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("deleteUser", fault);
        if (name === "commitThenFail:500") {
          const error = await failure(engine.destroy(email), "delete");
          assert.match(error.message, /500/);
          assert.equal(stack.emulator.getUser(email), undefined, "deleted in Vectara, still in state until the next run");
          await engine.destroy(email); // the next `pulumi destroy`
        } else {
          await engine.destroy(email);
        }
        if (name === "commitThenFail:500") {
          assert.deepEqual(statuses(stack.emulator, "deleteUser"), [500], "no second DELETE");
          assert.deepEqual(statuses(stack.emulator, "getUser"), [200, 404]);
        } else {
          assert.deepEqual(statuses(stack.emulator, "deleteUser").slice(-1), [404], "retried after the reset: the 404 counts as deleted");
        }
        assert.equal(stack.emulator.getUser(email), undefined);
        assert.equal(engine.state.has(engine.urn(email)), false);
      });
    }

    const resetFaults = [
      { name: "reset before acting", fault: { kind: "reset" }, sent: 0, why: /connection broke after the request was sent/ },
      { name: "503 before acting", fault: { kind: "status", status: 503 }, sent: 0, why: /503/ },
      ...afterCommit.map((f) => ({
        ...f,
        sent: 1,
        why: f.name === "commitThenFail:reset" ? /connection broke/ : new RegExp(f.name.slice(-3)),
      })),
    ] as const;
    for (const { name, fault, sent, why } of resetFaults) {
      it(`reset password, ${name}: not re-sent, the error says the outcome is unknown`, async () => {
        tally.faults++;
        const email = `pwreset-${name.replace(/[: ]/g, "-")}@example.com`;
        await engine.up(email, { email });
        stack.emulator.clearLog();
        stack.emulator.inject("resetPassword", fault);
        const error = await failure(sendReset(stack, `pw-${email}`, email), "reset");
        assert.match(error.message, /Outcome unknown/);
        assert.match(error.message, /may or may not have taken effect/);
        assert.match(error.message, /not sent again/);
        assert.match(error.message, why);
        assert.equal(error.initFailure, undefined);
        assert.equal(stack.emulator.calls("resetPassword").length, 1, "exactly one POST reset_password");
        assert.equal(resetsOf(stack, email), sent, "resets the emulator recorded");
      });
    }
  });

  describe("slow responses past the timeout (vectara:timeoutSeconds = 0.3)", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(
      () => ownStack(startFastStack({ extra: { "vectara:timeoutSeconds": "0.3" } })),
      (s) => ({ stack, engine } = s),
    );
    after(async () => stack?.stop());

    it("get: fails with a timeout error naming the limit; the next refresh succeeds", async () => {
      tally.faults++;
      const email = "slow-get@example.com";
      const rec = await engine.up(email, { email });
      // The server answers after 10 s; giving up well before that can only be the 300 ms timeout
      // (a margin of 10+ times, so a loaded machine cannot fail it).
      stack.emulator.inject("getUser", { kind: "delay", ms: 10_000 });
      const t0 = Date.now();
      const error = await failure(engine.refresh(email), "refresh");
      assert.ok(Date.now() - t0 < 5_000, "gave up at the timeout, not when the server answered");
      assert.match(error.message, /timed out after 300 ms/);
      assert.equal((await engine.refresh(email))?.id, rec.id);
    });

    // The late requests below are held 3 s: ten times the 300 ms timeout, so the client has
    // given up long before they act, however loaded the machine; the test then waits for them.
    it("create: the POST times out, GET shows no user, one more POST; the late first POST cannot duplicate", async () => {
      tally.faults++;
      const email = "slow-create@example.com";
      stack.emulator.inject("createUser", { kind: "delay", ms: 3_000 });
      const rec = await engine.up(email, { email });
      assertOneUser(stack.emulator, email, rec.id);
      await eventually(() => statuses(stack.emulator, "createUser").every((s) => s !== 0), "the late first POST answered");
      assert.deepEqual(statuses(stack.emulator, "createUser"), [409, 201], "the late first POST got 409, into a closed socket");
      assertOneUser(stack.emulator, email, rec.id);
    });

    it("update: times out (not retried); the late PATCH applies; the next up converges", async () => {
      tally.faults++;
      const email = "slow-update@example.com";
      await engine.up(email, { email });
      stack.emulator.inject("updateUser", { kind: "delay", ms: 3_000 });
      const error = await failure(engine.up(email, { email, description: "slow" }), "update");
      assert.match(error.message, /timed out after 300 ms/);
      await eventually(() => stack.emulator.getUser(email)?.description === "slow", "the late PATCH acted");
      await engine.up(email, { email, description: "slow" });
      assert.equal(engine.state.get(engine.urn(email))?.props.description, "slow");
    });

    it("delete: times out; the late DELETE acts; the next destroy sees 404 and is done", async () => {
      tally.faults++;
      const email = "slow-delete@example.com";
      await engine.up(email, { email });
      stack.emulator.inject("deleteUser", { kind: "delay", ms: 3_000 });
      const error = await failure(engine.destroy(email), "delete");
      assert.match(error.message, /timed out after 300 ms/);
      await eventually(() => stack.emulator.getUser(email) === undefined, "the late DELETE acted");
      await engine.destroy(email);
      assert.equal(stack.emulator.getUser(email), undefined);
      assert.equal(engine.state.get(engine.urn(email)), undefined);
    });

    it("reset password: times out, outcome unknown, not re-sent (the late one is the only reset)", async () => {
      tally.faults++;
      const email = "slow-reset@example.com";
      await engine.up(email, { email });
      stack.emulator.clearLog();
      stack.emulator.inject("resetPassword", { kind: "delay", ms: 3_000 });
      const error = await failure(sendReset(stack, "slow-reset", email), "reset");
      assert.match(error.message, /Outcome unknown.*timed out after 300 ms/);
      await eventually(() => resetsOf(stack, email) === 1, "the late reset acted");
      assert.equal(stack.emulator.calls("resetPassword").length, 1);
    });
  });

  describe("a late POST that acts between our check and our second POST (vectara:timeoutSeconds = 2)", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(
      () => ownStack(startFastStack({ extra: { "vectara:timeoutSeconds": "2" } })),
      (s) => ({ stack, engine } = s),
    );
    after(async () => stack?.stop());

    it("the first POST acts late, after our GET found nothing and before our second POST acts (409): adopted as ours, not lost", async () => {
      tally.faults++;
      const email = "slow-create-race@example.com";
      // We give up POST 1 at 2.0 s and GET (404) at once; POST 1 acts at 2.7 s; POST 2, sent at
      // about 2.0 s and held 1.4 s, acts at about 3.4 s and answers 409 within its 2 s. Every
      // ordering holds with 600-700 ms to spare, several times what a loaded machine delays a timer.
      stack.emulator.inject("createUser", { kind: "delay", ms: 2_700 });
      stack.emulator.inject("createUser", { kind: "delay", ms: 1_400 });
      const rec = await engine.up(email, { email });
      assert.deepEqual(
        stack.emulator.calls().map((c) => `${c.method} ${c.status}`),
        ["POST 201", "GET 404", "POST 409", "GET 200"],
      );
      assertOneUser(stack.emulator, email, rec.id);
    });
  });

  describe("OAuth: the token endpoint failing, recovering, and tokens expiring", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    scenarioHooks(
      () => ownStack(startFastStack({ config: (emu) => oauthConfig(emu, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET) })),
      (s) => ({ stack, engine } = s),
    );
    after(async () => stack?.stop());

    it("token URL answers 503 twice, then a reset, then recovers: the create succeeds with one token", async () => {
      tally.faults++;
      stack.emulator.inject("token", { kind: "status", status: 503, times: 2 });
      stack.emulator.inject("token", { kind: "reset" });
      const before = stack.emulator.tokensIssued;
      const rec = await engine.up("token-recovers@example.com", { email: "token-recovers@example.com" });
      assert.deepEqual(statuses(stack.emulator, "token"), [503, 503, 0, 200]);
      assert.equal(stack.emulator.tokensIssued - before, 1);
      assertOneUser(stack.emulator, "token-recovers@example.com", rec.id);
    });

    it("token URL down beyond the retries: a clear error, no API call, no user; the next run works", async () => {
      tally.faults++;
      stack.emulator.expireTokens(); // force a token request
      // A 401 on the next API call makes the client fetch a new token: that fetch fails.
      stack.emulator.inject("token", { kind: "status", status: 503, times: 4 });
      const email = "token-down@example.com";
      const error = await failure(engine.up(email, { email }), "create");
      assert.match(error.message, /Vectara token URL 503/);
      assert.match(error.message, /gave up after 3 retries/);
      assert.equal(stack.emulator.getUser(email), undefined);
      assert.deepEqual(
        stack.emulator.calls("createUser").map((c) => c.status),
        [401],
        "only the POST whose expired token made us refresh; it never acted",
      );
      await engine.nextRun();
      const rec = await engine.up(email, { email });
      assertOneUser(stack.emulator, email, rec.id);
    });

    it("a token expiring mid-run: the next calls succeed after exactly one refresh, even 10 at once", async () => {
      tally.faults++;
      const names = Array.from({ length: 10 }, (_, i) => `expiry-${i}@example.com`);
      await Promise.all(names.map((email) => engine.up(email, { email })));
      stack.emulator.clearLog();
      stack.emulator.expireTokens();
      const before = stack.emulator.tokensIssued;
      await Promise.all(names.map((email) => engine.refresh(email)));
      assert.equal(stack.emulator.tokensIssued - before, 1, "one token request shared by all");
      assert.ok(
        stack.emulator.calls("getUser").some((c) => c.status === 401),
        "the old token was refused",
      );
      assert.equal(stack.emulator.calls("getUser").filter((c) => c.status === 200).length, 10);
      // ...and later operations of the run reuse that token (a destroy is a run of its own).
      await engine.up(names[0], { email: names[0], description: "after refresh" });
      await engine.refresh(names[1]);
      assert.equal(stack.emulator.tokensIssued - before, 1);
    });
  });

  describe("the concurrency limit (5 in flight) against 200 creates at once", () => {
    let stack: ProviderStack;
    let engine: MiniEngine;
    before(async () => {
      stack = await startFastStack({
        emulator: { concurrencyLimit: 5, latencyMs: 2 },
        extra: { "vectara:maxRetries": "40", "vectara:retryBaseDelayMs": "5", "vectara:retryMaxDelayMs": "80" },
      });
      engine = new MiniEngine(stack);
    });
    after(async () => stack?.stop());

    it("all 200 end up created, each exactly once, every id in state matching", async function () {
      this.timeout(40000);
      tally.faults++;
      const emails = Array.from({ length: 200 }, (_, i) => `crowd-${String(i).padStart(3, "0")}@example.com`);
      const results = await Promise.allSettled(emails.map((email) => engine.up(email, { email })));
      const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      assert.deepEqual(
        rejected.map((r) => String(r.reason?.message ?? r.reason).slice(0, 200)),
        [],
      );
      const posts = stack.emulator.calls("createUser");
      assert.equal(posts.filter((c) => c.status === 201).length, 200, "POSTs that succeeded");
      assert.ok(
        posts.some((c) => c.status === 429),
        "the limit was actually hit",
      );
      assert.deepEqual([...new Set(posts.map((c) => c.status))].sort(), [201, 429], "nothing but 201 and 429 (no unknown outcomes)");
      assert.equal(stack.emulator.users().length, 200);
      assert.equal(engine.state.size, 200);
      assertAgree(stack.emulator, engine.state.values());
    });
  });

  describe("wrong credentials (401) and a role too weak (403)", () => {
    it("a wrong API key: 401 naming the API key; nothing created", async () => {
      tally.faults++;
      const stack = await startFastStack({ extra: { "vectara:apiKey": "zut_not_a_known_key_1234" } });
      try {
        const engine = new MiniEngine(stack);
        const error = await failure(engine.up("nokey@example.com", { email: "nokey@example.com" }), "create");
        assert.match(error.message, /401/);
        assert.match(error.message, /the API key was rejected/);
        assert.doesNotMatch(error.message, /zut_not_a_known_key_1234/);
        assert.deepEqual(stack.emulator.users(), []);
        assert.deepEqual(statuses(stack.emulator, "createUser"), [401], "not retried");
        assertAgree(stack.emulator, engine.state.values());
      } finally {
        await stack.stop();
      }
    });

    it("an API key with only the viewer role: 403 naming the API key and administrator/owner; nothing half-applied", async () => {
      tally.faults += 3;
      const stack = await startFastStack({
        emulator: { apiKeys: { zut_viewer_key_5678: ["viewer"], zut_admin_key_5678: ["administrator"] } },
        extra: { "vectara:apiKey": "zut_viewer_key_5678" },
      });
      try {
        const engine = new MiniEngine(stack);
        const error = await failure(engine.up("weak@example.com", { email: "weak@example.com" }), "create");
        assert.match(error.message, /403/);
        assert.match(error.message, /the API key may not do this/);
        assert.match(error.message, /`administrator` or `owner`/);
        assert.deepEqual(stack.emulator.users(), []);

        // A user that exists (made by an admin) stays untouched when the update and delete are refused.
        stack.emulator.setPrincipalRoles("zut_viewer_key_5678", ["administrator"]);
        await engine.nextRun();
        await engine.up("weak@example.com", { email: "weak@example.com", description: "v1" });
        stack.emulator.setPrincipalRoles("zut_viewer_key_5678", ["viewer"]);
        const updateError = await failure(
          engine.up("weak@example.com", { email: "weak@example.com", description: "v2", apiRoles: ["owner"] }),
          "update",
        );
        assert.match(updateError.message, /403.*administrator/);
        const deleteError = await failure(engine.destroy("weak@example.com"), "delete");
        assert.match(deleteError.message, /403/);
        const user = stack.emulator.getUser("weak@example.com");
        assert.equal(user?.description, "v1");
        assert.deepEqual(user?.api_roles, []);
        assertAgree(stack.emulator, engine.state.values());
      } finally {
        await stack.stop();
      }
    });

    it("a wrong OAuth client secret: the token URL's 401 names the client id, not the secret; no API call", async () => {
      tally.faults++;
      const stack = await startFastStack({ config: (emu) => oauthConfig(emu, DEFAULT_CLIENT_ID, "not-the-secret-9876") });
      try {
        const engine = new MiniEngine(stack);
        const error = await failure(engine.up("badsecret@example.com", { email: "badsecret@example.com" }), "create");
        assert.match(error.message, /rejected the OAuth client credentials for client id 'emulator-client'/);
        assert.doesNotMatch(error.message, /not-the-secret-9876/);
        assert.deepEqual(stack.emulator.calls(), [], "no users-API call");
        assert.deepEqual(statuses(stack.emulator, "token"), [401], "a rejected credential is not retried");
        assert.deepEqual(stack.emulator.users(), []);
      } finally {
        await stack.stop();
      }
    });

    it("an OAuth client with only the viewer role: 403 naming the OAuth client and administrator/owner", async () => {
      tally.faults++;
      const stack = await startFastStack({
        emulator: { clients: { "viewer-client": { secret: "viewer-client-secret", roles: ["viewer"] } } },
        config: (emu) => oauthConfig(emu, "viewer-client", "viewer-client-secret"),
      });
      try {
        const engine = new MiniEngine(stack);
        const error = await failure(engine.up("weak-oauth@example.com", { email: "weak-oauth@example.com" }), "create");
        assert.match(error.message, /403/);
        assert.match(error.message, /OAuth client credentials \(client id 'viewer-client'\) may not do this/);
        assert.match(error.message, /`administrator` or `owner`/);
        assert.deepEqual(stack.emulator.users(), []);
      } finally {
        await stack.stop();
      }
    });
  });
});
