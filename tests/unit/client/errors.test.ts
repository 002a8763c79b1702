import assert from "node:assert/strict";
import { inspect } from "node:util";
import { OutcomeUnknownError, VectaraApiError, VectaraError, VectaraNetworkError, isConflict, isNotFound } from "../../../provider/client";
import {
  classifyFailure,
  computeRetryDelay,
  outcomeUnknown,
  parseRetryAfter,
  shouldRetry,
  type RequestKind,
} from "../../../provider/client/retry";
import { Redactor, Secret } from "../../../provider/client/redact";

const policy = { retryBaseDelayMs: 100, retryMaxDelayMs: 1000 };

describe("retry delays", () => {
  it("uses exponential backoff with full jitter, capped", () => {
    assert.equal(
      computeRetryDelay(1, undefined, policy, 0, () => 0),
      0,
    );
    assert.equal(
      computeRetryDelay(1, undefined, policy, 0, () => 0.999999),
      99,
    );
    assert.equal(
      computeRetryDelay(2, undefined, policy, 0, () => 0.999999),
      199,
    );
    assert.equal(
      computeRetryDelay(3, undefined, policy, 0, () => 0.5),
      200,
    );
    assert.equal(
      computeRetryDelay(10, undefined, policy, 0, () => 0.999999),
      999,
    ); // capped at retryMaxDelayMs
    for (let i = 0; i < 200; i++) {
      const d = computeRetryDelay(4, undefined, policy);
      assert.ok(d >= 0 && d < 800, String(d));
    }
  });

  it("honours Retry-After in seconds and as an HTTP date, capped by retryMaxDelayMs", () => {
    const now = Date.parse("2026-07-01T12:00:00Z");
    assert.equal(computeRetryDelay(1, "0", policy, now), 0);
    assert.equal(computeRetryDelay(1, "0.5", policy, now), 500);
    assert.equal(computeRetryDelay(1, "30", policy, now), 1000); // capped
    assert.equal(computeRetryDelay(1, "Wed, 01 Jul 2026 12:00:00 GMT", policy, now), 0);
    assert.equal(computeRetryDelay(1, new Date(now + 800).toUTCString(), policy, now), 0); // second precision
    assert.equal(computeRetryDelay(1, "Wed, 01 Jul 2026 12:00:01 GMT", policy, now), 1000);
    assert.equal(computeRetryDelay(1, "Wed, 01 Jul 2026 11:59:00 GMT", policy, now), 0); // in the past
    assert.equal(computeRetryDelay(1, "Wed, 01 Jul 2026 13:00:00 GMT", policy, now), 1000); // capped
    // unusable values fall back to backoff
    assert.equal(
      computeRetryDelay(1, "soon", policy, now, () => 0.5),
      50,
    );
    assert.equal(
      computeRetryDelay(1, "-3", policy, now, () => 0.5),
      50,
    );
    assert.equal(
      computeRetryDelay(1, "", policy, now, () => 0.5),
      50,
    );
  });

  it("parses Retry-After", () => {
    const now = Date.parse("2026-07-01T12:00:00Z");
    assert.equal(parseRetryAfter("2", now), 2000);
    assert.equal(parseRetryAfter(["3"], now), 3000);
    assert.equal(parseRetryAfter("Wed, 01 Jul 2026 12:00:05 GMT", now), 5000);
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("later", now), undefined);
  });
});

describe("retry policy", () => {
  const status = (s: number) => ({ response: { status: s } });
  const code = (c: string) => ({ code: c });
  const table: [RequestKind, object, boolean][] = [
    ["read", status(429), true],
    ["read", status(500), false],
    ["read", status(502), true],
    ["read", status(503), true],
    ["read", status(504), true],
    ["read", status(404), false],
    ["read", code("ECONNRESET"), true],
    ["read", code("ECONNREFUSED"), true],
    ["read", code("ECONNABORTED"), false], // a timeout
    ["read", code("ENOTFOUND"), false],
    ["read", code("CERT_HAS_EXPIRED"), false],
    ["idempotent", status(502), true],
    ["idempotent", status(500), false],
    ["idempotent", code("ECONNRESET"), true],
    ["create", status(429), true],
    ["create", status(500), false],
    ["create", status(502), false],
    ["create", status(503), false],
    ["create", code("ECONNRESET"), false],
    ["create", code("EPIPE"), false],
    ["create", code("ECONNREFUSED"), true],
    ["create", code("ECONNABORTED"), false],
    ["action", status(429), true],
    ["action", status(503), false],
    ["action", code("ECONNREFUSED"), true],
    ["action", code("ECONNRESET"), false],
    ["token", status(500), true],
    ["token", status(429), true],
    ["token", status(401), false],
    ["token", code("ECONNRESET"), true],
  ];
  for (const [kind, err, expected] of table) {
    it(`${kind} + ${JSON.stringify(err)} -> ${expected ? "retry" : "no retry"}`, () => {
      assert.equal(shouldRetry(kind, classifyFailure(err)), expected);
    });
  }

  it("calls the outcome of a create/action unknown after a 5xx, a timeout or a broken connection, never after 4xx or a refused connection", () => {
    for (const kind of ["create", "action"] as const) {
      assert.ok(outcomeUnknown(kind, classifyFailure(status(500))));
      assert.ok(outcomeUnknown(kind, classifyFailure(status(503))));
      assert.ok(outcomeUnknown(kind, classifyFailure(code("ECONNABORTED"))));
      assert.ok(outcomeUnknown(kind, classifyFailure(code("ECONNRESET"))));
      assert.ok(!outcomeUnknown(kind, classifyFailure(status(409))));
      assert.ok(!outcomeUnknown(kind, classifyFailure(status(429))));
      assert.ok(!outcomeUnknown(kind, classifyFailure(code("ECONNREFUSED"))));
    }
    assert.ok(!outcomeUnknown("read", classifyFailure(status(500))));
    assert.ok(!outcomeUnknown("idempotent", classifyFailure(code("ECONNRESET"))));
  });
});

describe("error classes", () => {
  const api = new VectaraApiError("Vectara API 404 Not Found on GET /v2/users/x: not found", {
    status: 404,
    statusText: "Not Found",
    method: "GET",
    path: "/v2/users/x",
    messages: ["not found"],
    requestId: "r1",
  });

  it("are VectaraErrors with their own names", () => {
    assert.ok(api instanceof VectaraError && api instanceof Error);
    assert.equal(api.name, "VectaraApiError");
    assert.equal(api.retryable, false);
    assert.deepEqual(api.fieldErrors, {});
    const net = new VectaraNetworkError("no answer", { method: "GET", path: "/v2/users", code: "ECONNRESET" });
    assert.equal(net.name, "VectaraNetworkError");
    const unknown = new OutcomeUnknownError("outcome unknown", { method: "POST", path: "/v2/users", cause: net });
    assert.equal(unknown.cause, net);
    assert.equal(unknown.name, "OutcomeUnknownError");
  });

  it("serialize to their plain fields", () => {
    const json = JSON.parse(JSON.stringify(api));
    assert.deepEqual(json, {
      name: "VectaraApiError",
      message: api.message,
      status: 404,
      statusText: "Not Found",
      method: "GET",
      path: "/v2/users/x",
      messages: ["not found"],
      fieldErrors: {},
      requestId: "r1",
      retryable: false,
    });
    const net = new VectaraNetworkError("no answer", { method: "POST", path: "/v2/users" });
    const unknown = new OutcomeUnknownError("outcome unknown", { method: "POST", path: "/v2/users", cause: net });
    assert.equal(JSON.parse(JSON.stringify(unknown)).cause.name, "VectaraNetworkError");
  });

  it("isNotFound / isConflict", () => {
    assert.ok(isNotFound(api));
    assert.ok(!isConflict(api));
    const conflict = new VectaraApiError("409", { status: 409, statusText: "Conflict", method: "POST", path: "/v2/users" });
    assert.ok(isConflict(conflict));
    assert.ok(!isNotFound(conflict));
    assert.ok(!isNotFound(new Error("404")));
    assert.ok(!isNotFound(undefined));
    // another copy of the module (duck-typed by name and status)
    const foreign = Object.assign(new Error("x"), { name: "VectaraApiError", status: 404 });
    assert.ok(isNotFound(foreign));
  });
});

describe("secrets and redaction", () => {
  it("a Secret never prints its value", () => {
    const s = new Secret("zut_SECRET_VALUE_42");
    assert.equal(s.reveal(), "zut_SECRET_VALUE_42");
    for (const text of [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ s }, { showHidden: true, depth: 5 })]) {
      assert.ok(!text.includes("zut_SECRET_VALUE_42"), text);
    }
  });

  it("a Redactor scrubs registered secrets and anything that looks like a credential header", () => {
    const r = new Redactor();
    r.add("zut_SECRET_VALUE_42");
    r.add(new Secret("other-secret-99"));
    r.add("abc"); // too short to redact safely
    assert.equal(r.scrub("key zut_SECRET_VALUE_42 and other-secret-99"), "key [redacted] and [redacted]");
    assert.equal(r.scrub("Authorization: Bearer eyJhbGciOi.x.y"), "Authorization: Bearer [redacted]");
    assert.equal(r.scrub('{"x-api-key": "zut_abcdef"}'), '{"x-api-key": "[redacted]"}');
    assert.equal(r.scrub("client_secret=hunter2hunter2&x=1"), "client_secret=[redacted]&x=1");
    assert.equal(r.scrub("abc"), "abc");
    assert.ok(!inspect(r).includes("zut_SECRET_VALUE_42"));
    assert.ok(!JSON.stringify(r).includes("zut_SECRET_VALUE_42"));
  });
});
