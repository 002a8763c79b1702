import assert from "node:assert/strict";
import { UnexpectedResponseError, UsersClient } from "../../../provider/client";
import { MAX_PAGES_WITHOUT_USERS, PageGuard } from "../../../provider/client/pagination";
import { FAST, collect, json, keyClient, rejection, startStub, useEmulator, wireUser, type Stub } from "./helpers";

describe("listing users across pages (emulator)", () => {
  const emu = useEmulator();
  const TOTAL = 250;
  const IN_CORPUS = 23;

  before(() => {
    for (let i = 0; i < TOTAL; i++) {
      emu().putUser({
        email: `page-${String(i).padStart(3, "0")}@example.com`,
        corpus_roles: i % 11 === 0 ? [{ corpus_key: "corp-a", role: "viewer" }] : [],
      });
    }
    assert.equal(
      emu()
        .users()
        .filter((u) => u.corpus_roles.some((r) => r.corpus_key === "corp-a")).length,
      IN_CORPUS,
    );
  });

  it(`streams all ${TOTAL} users with limit 100 (3 pages), repeating limit and passing page_key`, async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    const users = await collect(client.list({ limit: 100 }));
    assert.equal(users.length, TOTAL);
    assert.equal(new Set(users.map((u) => u.id)).size, TOTAL, "no duplicates");
    assert.deepEqual(
      users.map((u) => u.email),
      emu()
        .users()
        .map((u) => u.email),
      "every user, in server order",
    );
    const calls = emu().requests.slice(mark);
    assert.equal(calls.length, 3);
    assert.deepEqual(calls[0].query, { limit: "100" });
    for (const c of calls.slice(1)) {
      assert.equal(c.query.limit, "100");
      assert.ok(c.query.page_key, "next pages carry page_key");
      assert.equal(c.status, 200);
    }
    assert.notEqual(calls[1].query.page_key, calls[2].query.page_key);
  });

  it("walks many small pages (limit 7 -> 36 pages)", async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    const users = await collect(client.list({ limit: 7 }));
    assert.equal(users.length, TOTAL);
    assert.equal(emu().requests.length - mark, Math.ceil(TOTAL / 7));
  });

  it("uses the API's default page size when no limit is given", async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    assert.equal((await collect(client.list())).length, TOTAL);
    assert.equal(emu().requests.length - mark, TOTAL / 10);
    assert.deepEqual(emu().requests[mark].query, {});
  });

  it("filters by corpus_key on every page", async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    const users = await collect(client.list({ corpusKey: "corp-a", limit: 5 }));
    assert.equal(users.length, IN_CORPUS);
    assert.ok(users.every((u) => u.corpusRoles.some((r) => r.corpusKey === "corp-a")));
    const calls = emu().requests.slice(mark);
    assert.equal(calls.length, Math.ceil(IN_CORPUS / 5));
    for (const c of calls) {
      assert.equal(c.query.corpus_key, "corp-a");
      assert.equal(c.query.limit, "5");
    }
  });

  it("streams page by page: fetches the next page only when the iteration gets there", async () => {
    const client = keyClient(emu());
    const mark = emu().requests.length;
    const it = client.list({ limit: 100 });
    for (let i = 0; i < 100; i++) assert.equal((await it.next()).done, false);
    assert.equal(emu().requests.length - mark, 1, "one page so far");
    assert.equal((await it.next()).done, false);
    assert.equal(emu().requests.length - mark, 2);
    await it.return?.(undefined);
    assert.equal((await it.next()).done, true);

    const mark2 = emu().requests.length;
    for await (const _ of client.list({ limit: 10 })) {
      void _;
      break;
    }
    assert.equal(emu().requests.length - mark2, 1, "breaking out stops the paging");
  });

  it("listPage returns one page and its page key; the last page has none", async () => {
    const client = keyClient(emu());
    const first = await client.listPage({ limit: 100 });
    assert.equal(first.users.length, 100);
    assert.ok(first.pageKey);
    const second = await client.listPage({ limit: 100, pageKey: first.pageKey });
    const third = await client.listPage({ limit: 100, pageKey: second.pageKey });
    assert.equal(third.users.length, 50);
    assert.equal(third.pageKey, undefined);
  });

  it("an empty result is one request and no users", async () => {
    const client = keyClient(emu());
    assert.deepEqual(await collect(client.list({ corpusKey: "nobody-here" })), []);
  });
});

describe("listing users from malformed servers (stub)", () => {
  let stub: Stub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });
  const client = (url: string) => new UsersClient({ apiKey: "zut_stub_key_000000", baseUrl: url, ...FAST }, {});

  for (const [label, last] of [
    ['page_key: ""', { page_key: "" }],
    ["page_key: null", { page_key: null }],
    ["no page_key", {}],
    ["no metadata", undefined],
  ] as const) {
    it(`stops on ${label}`, async () => {
      stub = await startStub((req, res, n) => {
        if (n === 1) return json(res, 200, { users: [wireUser(1), wireUser(2)], metadata: { page_key: "k1" } });
        if (n === 2) return json(res, 200, last === undefined ? { users: [wireUser(3)] } : { users: [wireUser(3)], metadata: last });
        json(res, 500, { messages: ["should not be asked again"] });
      });
      const users = await collect(client(stub.url).list({ limit: 2, corpusKey: "c1" }));
      assert.deepEqual(
        users.map((u) => u.id),
        ["usr_1", "usr_2", "usr_3"],
      );
      assert.equal(stub.requests.length, 2);
      assert.equal(stub.requests[0].url, "/v2/users?limit=2&corpus_key=c1");
      assert.equal(stub.requests[1].url, "/v2/users?limit=2&page_key=k1&corpus_key=c1");
    });
  }

  it("throws a clear error, instead of looping, when the server repeats a page key", async () => {
    stub = await startStub((req, res, n) => {
      if (n > 10) return json(res, 500, { messages: ["looping"] });
      // k1 -> k2 -> k1 -> ...
      json(res, 200, { users: [wireUser(n)], metadata: { page_key: n % 2 === 1 ? "k1" : "k2" } });
    });
    const seen: string[] = [];
    const e = await rejection(async () => {
      for await (const u of client(stub!.url).list()) seen.push(u.id);
    });
    assert.ok(e instanceof UnexpectedResponseError, "a server fault, not a bug");
    assert.match(e.message, /page_key "k1".*second time.*after 3 pages and 3 users/);
    assert.equal(stub.requests.length, 3);
    assert.deepEqual(seen, ["usr_1", "usr_2", "usr_3"]);
  });

  it("throws when the server answers the same page key it was asked for", async () => {
    stub = await startStub((req, res) => json(res, 200, { users: [], metadata: { page_key: "same" } }));
    const e = await rejection(() => collect(client(stub!.url).list()));
    assert.match(e.message, /second time/);
    assert.equal(stub.requests.length, 2);
  });

  it(`stops after ${MAX_PAGES_WITHOUT_USERS} pages in a row without users, each with a fresh page key`, async () => {
    stub = await startStub((req, res, n) => json(res, 200, { users: n === 1 ? [wireUser(1)] : [], metadata: { page_key: `fresh-${n}` } }));
    const e = await rejection(() => collect(client(stub!.url).list()));
    assert.ok(e instanceof UnexpectedResponseError);
    assert.match(
      e.message,
      new RegExp(`answered ${MAX_PAGES_WITHOUT_USERS} pages in a row without users, each with a new page_key, on GET /v2/users`),
    );
    assert.equal(stub.requests.length, MAX_PAGES_WITHOUT_USERS + 1);
  });

  it("a page with users starts the count of pages without users again", async () => {
    // 99 empty pages, a user, 99 empty pages, the end: a slow filter, not an endless server.
    const pages = 2 * (MAX_PAGES_WITHOUT_USERS - 1) + 2;
    stub = await startStub((req, res, n) =>
      json(res, 200, {
        users: n === MAX_PAGES_WITHOUT_USERS || n === pages ? [wireUser(n)] : [],
        metadata: n < pages ? { page_key: `k${n}` } : {},
      }),
    );
    const users = await collect(client(stub.url).list());
    assert.deepEqual(
      users.map((u) => u.id),
      [`usr_${MAX_PAGES_WITHOUT_USERS}`, `usr_${pages}`],
    );
  });

  it("stops when the listing has not ended within timeLimitMs (a server that hands out users and fresh keys forever)", async () => {
    stub = await startStub((req, res, n) =>
      setTimeout(() => json(res, 200, { users: [wireUser(n)], metadata: { page_key: `k${n}` } }), 20),
    );
    const started = Date.now();
    const e = await rejection(() => collect(client(stub!.url).list({ timeLimitMs: 200 })));
    assert.ok(e instanceof UnexpectedResponseError);
    assert.match(
      e.message,
      /^Listing users \(GET \/v2\/users\) did not end within 0\.2 s: the server still names a next page after \d+ pages/,
    );
    assert.ok(Date.now() - started < 10_000, "it stopped");
  });

  it("refuses a timeLimitMs that is not a positive number, before any request", async () => {
    stub = await startStub((req, res) => json(res, 200, { users: [] }));
    const e = await rejection(() => collect(client(stub!.url).list({ timeLimitMs: 0 })));
    assert.match(e.message, /timeLimitMs must be a number of milliseconds greater than 0, got 0/);
    assert.equal(stub.requests.length, 0);
  });

  it("quotes a page key as JSON: no control character of the server's reaches a terminal", () => {
    const guard = new PageGuard("GET /v2/users");
    guard.next("a\u001b[2Jb", 0);
    assert.throws(
      () => guard.next("a\u001b[2Jb", 0),
      (e: Error) => e.message.includes('page_key "a\\u001b[2Jb"') && !e.message.includes("\u001b"),
    );
  });

  it("drops unknown fields from listed users", async () => {
    stub = await startStub((req, res) =>
      json(res, 200, {
        users: [{ ...wireUser(1), api_policy: { name: "x", allowed_operations: {} }, future: 1 }],
        metadata: {},
        extra: true,
      }),
    );
    const [u] = await collect(client(stub.url).list());
    assert.deepEqual(Object.keys(u).sort(), ["agentRoles", "apiRoles", "corpusRoles", "email", "enabled", "id", "username"]);
  });
});
