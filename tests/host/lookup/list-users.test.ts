/** listVectaraUsers in a program: free during preview, every page during up. */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { mocks, rejectionOf, settle } from "./helpers";

describe("listVectaraUsers", () => {
  let emulator: VectaraEmulator;
  let pkg: typeof import("pulumi-vectara");
  before(async () => {
    emulator = await VectaraEmulator.start();
    for (let i = 0; i < 230; i++)
      emulator.putUser({ email: `user${i}@example.com`, corpus_roles: i % 2 ? [{ corpus_key: "odd", role: "viewer" }] : [] });
    pulumi.runtime.setAllConfig({ "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": emulator.url }, ["vectara:apiKey"]);
    pkg = require("pulumi-vectara");
  });
  after(async () => {
    pulumi.runtime.setAllConfig({});
    await emulator?.stop();
  });
  beforeEach(() => emulator.clearLog());

  it("is unknown during a preview and makes no API call", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", true);
    const result = await settle(pkg.listVectaraUsers());
    assert.equal(result.known, false);
    assert.deepEqual(emulator.calls(), []);
  });

  it("lists during a preview only when asked to", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", true);
    const result = await settle(pkg.listVectaraUsers({ duringPreview: true, corpusKey: "odd" }));
    assert.equal(result.value.length, 115);
    assert.ok(result.value.every((u) => u.corpusRoles.some((r) => r.corpusKey === "odd")));
  });

  it("during an up, reads every page with the stack config", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const result = await settle(pkg.listVectaraUsers());
    assert.equal(result.value.length, 230);
    assert.equal(emulator.calls("listUsers").length, 3, "pages of 100");
  });

  it("a Vectara error is a RunError: the SDK prints its message alone, not an unhandled exception with a stack trace", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    emulator.inject("listUsers", { kind: "status", status: 500, message: "List fault." });
    const e = await rejectionOf(pkg.listVectaraUsers({ settings: { apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 0 } }));
    assert.ok(pulumi.RunError.isInstance(e), String(e));
    assert.match(e.message, /^listVectaraUsers: Vectara API 500 Internal Server Error on GET \/v2\/users: List fault\./);
  });

  it("a listing that would never end is bounded: repeating page keys, and empty pages with fresh keys", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    emulator.inject("listUsers", { kind: "endlessPage", pageKey: "again", times: 2 });
    const repeated = await rejectionOf(pkg.listVectaraUsers());
    assert.match(repeated.message, /^listVectaraUsers: Vectara API returned page_key "again" on GET \/v2\/users a second time/);
    assert.equal(emulator.calls("listUsers").length, 2);

    emulator.clearLog();
    emulator.inject("listUsers", { kind: "endlessPage", pageKey: "fresh", empty: true, times: Infinity });
    try {
      const empty = await rejectionOf(pkg.listVectaraUsers());
      assert.match(empty.message, /^listVectaraUsers: Vectara API answered 100 pages in a row without users, each with a new page_key/);
      assert.equal(emulator.calls("listUsers").length, 100);
    } finally {
      emulator.clearFaults();
    }
  });

  it("takes explicit client settings instead of the stack config", async () => {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const wrong = pkg.listVectaraUsers({ settings: { apiKey: "zut_wrong", baseUrl: emulator.url, maxRetries: 0 } });
    await assert.rejects(
      new Promise((resolve, reject) => {
        (wrong as any).promise().then(resolve, reject);
      }),
      /401 Unauthorized/,
    );
  });
});
