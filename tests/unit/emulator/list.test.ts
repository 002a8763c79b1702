import assert from "node:assert/strict";
import { call, listPages, useEmulator } from "./test-helpers";
import type { VectaraEmulator } from "vectara-emulator";

async function listAll(emu: VectaraEmulator, query: Record<string, string>): Promise<{ pages: any[]; usernames: string[] }> {
  const pages = await listPages(emu, "/v2/users", query);
  return { pages, usernames: pages.flatMap((p) => p.users.map((u: any) => u.username)) };
}

describe("emulator: list users", () => {
  const emu = useEmulator();
  const N = 250;
  before(() => {
    for (let i = 0; i < N; i++) {
      // insertion order differs from alphabetical order on purpose
      const name = `u${String((i * 7919) % 1000).padStart(3, "0")}-${i}@example.com`;
      emu().putUser({
        email: name,
        corpus_roles: i % 3 === 0 ? [{ corpus_key: "c1", role: "viewer" }] : i % 5 === 0 ? [{ corpus_key: "c2", role: "editor" }] : [],
      });
    }
  });

  it("answers 10 users by default, with a page_key", async () => {
    const r = await call(emu(), "GET", "/v2/users");
    assert.equal(r.status, 200);
    assert.equal(r.body.users.length, 10);
    assert.equal(typeof r.body.metadata.page_key, "string");
    assert.deepEqual(r.body.users, emu().users().slice(0, 10));
  });

  it("pages over all 250 users in store order, 100 at a time (3 pages), metadata {} on the last", async () => {
    const { pages, usernames } = await listAll(emu(), { limit: "100" });
    assert.deepEqual(
      pages.map((p) => p.users.length),
      [100, 100, 50],
    );
    assert.deepEqual(
      usernames,
      emu()
        .users()
        .map((u) => u.username),
    );
    assert.equal(new Set(usernames).size, N);
    assert.deepEqual(pages.at(-1).metadata, {});
  });

  it("filters by corpus_key across pages", async () => {
    const { pages, usernames } = await listAll(emu(), { limit: "30", corpus_key: "c1" });
    const expected = emu()
      .users()
      .filter((u) => u.corpus_roles.some((r) => r.corpus_key === "c1"))
      .map((u) => u.username);
    assert.equal(expected.length, 84);
    assert.deepEqual(
      pages.map((p) => p.users.length),
      [30, 30, 24],
    );
    assert.deepEqual(usernames, expected);
    const none = await call(emu(), "GET", "/v2/users?corpus_key=nothing");
    assert.deepEqual(none.body, { users: [], metadata: {} });
  });

  it("uses an opaque page_key, not a bare index", async () => {
    const r = await call(emu(), "GET", "/v2/users?limit=5");
    const key: string = r.body.metadata.page_key;
    assert.doesNotMatch(key, /^\d+$/);
    assert.notEqual(Buffer.from(key, "base64url").toString(), "5");
    const stable = await call(emu(), "GET", "/v2/users?limit=5");
    assert.deepEqual(stable.body.users, r.body.users);
  });

  it("answers 400 to an invalid page_key, and to one issued for another corpus_key", async () => {
    for (const key of ["garbage", "NQ", Buffer.from(JSON.stringify({ o: 5, c: null, s: "other" })).toString("base64url")]) {
      const r = await call(emu(), "GET", `/v2/users?page_key=${key}`);
      assert.equal(r.status, 400, key);
      assert.ok(r.body.field_errors.page_key);
    }
    const first = await call(emu(), "GET", "/v2/users?limit=5&corpus_key=c1");
    const r = await call(emu(), "GET", `/v2/users?limit=5&page_key=${first.body.metadata.page_key}`);
    assert.equal(r.status, 400);
    assert.match(r.body.field_errors.page_key, /corpus_key/);
  });

  for (const limit of ["0", "101", "-1", "abc", "2.5"]) {
    it(`answers 400 with field_errors.limit to limit=${limit}`, async () => {
      const r = await call(emu(), "GET", `/v2/users?limit=${limit}`);
      assert.equal(r.status, 400);
      assert.deepEqual(Object.keys(r.body.field_errors), ["limit"]);
    });
  }

  it("accepts limit 1 and 100", async () => {
    assert.equal((await call(emu(), "GET", "/v2/users?limit=1")).body.users.length, 1);
    assert.equal((await call(emu(), "GET", "/v2/users?limit=100")).body.users.length, 100);
  });

  for (const key of ["a b", "bad%25", "x".repeat(51), "semi;colon"]) {
    it(`answers 400 with field_errors.corpus_key to corpus_key=${JSON.stringify(key.slice(0, 12))}`, async () => {
      const r = await call(emu(), "GET", `/v2/users?${new URLSearchParams({ corpus_key: key })}`);
      assert.equal(r.status, 400);
      assert.deepEqual(Object.keys(r.body.field_errors), ["corpus_key"]);
    });
  }

  it("accepts a corpus_key of 50 allowed characters", async () => {
    const r = await call(emu(), "GET", `/v2/users?corpus_key=${"aZ0_=-".repeat(8)}ab`);
    assert.equal(r.status, 200);
  });

  it("ends the list when users are removed between pages", async () => {
    const first = await call(emu(), "GET", "/v2/users?limit=100&corpus_key=c2");
    assert.equal(first.body.metadata.page_key, undefined, "34 users fit one page");
    const page1 = await call(emu(), "GET", "/v2/users?limit=20&corpus_key=c2");
    const removed = emu()
      .users()
      .filter((u) => u.corpus_roles.some((r) => r.corpus_key === "c2"))
      .slice(10);
    for (const u of removed) emu().removeUser(u.username);
    const page2 = await call(emu(), "GET", `/v2/users?limit=20&corpus_key=c2&page_key=${page1.body.metadata.page_key}`);
    assert.equal(page2.status, 200);
    assert.deepEqual(page2.body, { users: [], metadata: {} });
  });
});
