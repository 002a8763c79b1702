import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { VectaraEmulator } from "vectara-emulator";
import { apiKeyPath, appClientPath, bearerFor, call, userPath } from "./test-helpers";

describe("emulator: state file", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vectara-emu-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps users (ids, order, changes) and resets across a restart", async () => {
    const stateFile = path.join(dir, "nested", "state.json");
    const first = await VectaraEmulator.start({ stateFile });
    let created: any[];
    try {
      created = [];
      for (const email of ["z@example.com", "a@example.com", "m@example.com"]) {
        created.push((await call(first, "POST", "/v2/users", { body: { email, api_roles: ["viewer"] } })).body);
      }
      await call(first, "PATCH", userPath("a@example.com"), { body: { enabled: false } });
      await call(first, "DELETE", userPath("m@example.com"));
      await call(first, "POST", `${userPath("z@example.com")}/reset_password`);
      assert.deepEqual(first.responseSchemaErrors, []);
    } finally {
      await first.stop();
    }
    assert.ok(fs.existsSync(stateFile));
    assert.deepEqual(fs.readdirSync(path.dirname(stateFile)), ["state.json"], "no temp files left behind");
    JSON.parse(fs.readFileSync(stateFile, "utf8"));

    const second = await VectaraEmulator.start({ stateFile });
    try {
      assert.deepEqual(
        second.users().map((u) => [u.username, u.id]),
        [
          ["z@example.com", created[0].id],
          ["a@example.com", created[1].id],
        ],
      );
      assert.equal(second.getUser("a@example.com")!.enabled, false);
      assert.deepEqual(
        second.resets.map((r) => r.username),
        ["z@example.com"],
      );
      const list = await call(second, "GET", "/v2/users");
      assert.deepEqual(list.body.users, second.users());
      assert.equal((await call(second, "POST", "/v2/users", { body: { email: "z@example.com" } })).status, 409);
      // timestamps keep increasing after a reload
      const patched = await call(second, "PATCH", userPath("z@example.com"), { body: { description: "again" } });
      assert.ok(patched.body.updated_at > created[0].updated_at);
      assert.deepEqual(second.responseSchemaErrors, []);
    } finally {
      await second.stop();
    }
  });

  it("keeps app clients and API keys (secrets, order, changes) across a restart; their credentials still work", async () => {
    const stateFile = path.join(dir, "access.json");
    const first = await VectaraEmulator.start({ stateFile });
    let app: any, key: any, gone: any;
    try {
      app = (
        await call(first, "POST", "/v2/app_clients", { body: { name: "ci", type: "client_credentials", api_roles: ["administrator"] } })
      ).body;
      await call(first, "POST", "/v2/app_clients", { body: { name: "ci", type: "client_credentials" } });
      await call(first, "PATCH", appClientPath(app.id), { body: { description: "kept" } });
      key = (await call(first, "POST", "/v2/api_keys", { body: { name: "mine", api_key_role: "personal" } })).body;
      gone = (await call(first, "POST", "/v2/api_keys", { body: { name: "old", api_key_role: "serving", corpus_keys: ["docs"] } })).body;
      await call(first, "DELETE", apiKeyPath(gone.id));
      assert.deepEqual(first.responseSchemaErrors, []);
    } finally {
      await first.stop();
    }
    const second = await VectaraEmulator.start({ stateFile });
    try {
      assert.deepEqual(
        second.appClients().map((c) => [c.name, c.description]),
        [
          ["ci", "kept"],
          ["ci", undefined],
        ],
      );
      assert.deepEqual(
        second.apiKeys().map((k) => k.id),
        [key.id],
      );
      const token = await bearerFor(second, app.client_id, app.client_secret);
      assert.equal((await call(second, "GET", "/v2/users", { bearer: token })).status, 200, "the app client keeps its secret and roles");
      assert.equal((await call(second, "GET", "/v2/users", { key: key.secret_key })).status, 200, "the personal key keeps its roles");
      assert.equal((await call(second, "GET", "/v2/users", { key: gone.secret_key })).status, 401);
      assert.equal((await call(second, "GET", appClientPath(app.id))).body.description, "kept");
    } finally {
      await second.stop();
    }
  });

  it("loads a state file written before the emulator had app clients and API keys", async () => {
    const stateFile = path.join(dir, "old.json");
    const user = {
      id: "usr_1",
      email: "old@example.com",
      username: "old@example.com",
      enabled: true,
      created_at: "2025-01-01T00:00:00.000Z",
    };
    const old = { ...user, updated_at: user.created_at, api_roles: [], corpus_roles: [], agent_roles: [] };
    fs.writeFileSync(stateFile, JSON.stringify({ version: 1, users: [old], resets: [] }));
    const emu = await VectaraEmulator.start({ stateFile });
    try {
      assert.deepEqual([emu.users().length, emu.appClients(), emu.apiKeys()], [1, [], []]);
      emu.putApiKey({ name: "new", api_key_role: "serving" });
      const written = JSON.parse(fs.readFileSync(stateFile, "utf8"));
      assert.deepEqual([written.users.length, written.app_clients, written.api_keys.length], [1, [], 1]);
    } finally {
      await emu.stop();
    }
  });

  it("writes out-of-band changes too, and starts empty when the file does not exist", async () => {
    const stateFile = path.join(dir, "oob.json");
    const emu = await VectaraEmulator.start({ stateFile });
    try {
      assert.deepEqual(emu.users(), []);
      emu.putUser({ email: "seed@example.com" });
      assert.equal(JSON.parse(fs.readFileSync(stateFile, "utf8")).users[0].email, "seed@example.com");
      emu.removeUser("seed@example.com");
      assert.deepEqual(JSON.parse(fs.readFileSync(stateFile, "utf8")).users, []);
    } finally {
      await emu.stop();
    }
  });
});
