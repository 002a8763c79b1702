/**
 * The client speaks the official contract: every request it sends validates against the
 * official schemas (the emulator checks each one, and contract.validate checks again), and
 * every response the emulator sent it validated too. (Each describe using `useEmulator` in
 * this folder runs the same check on all of its traffic when it ends.)
 */
import assert from "node:assert/strict";
import { validate } from "vectara-emulator";
import type { UsersClient } from "../../../provider/client";
import { assertRequestsFollowSchema, collect, keyClient, oauthClient, uniqueEmail, useEmulator } from "./helpers";

describe("contract: what the client sends follows the official schemas", () => {
  const emu = useEmulator({ createReturnsCode: true });

  for (const kind of ["api key", "oauth client credentials"] as const) {
    it(`every operation, every field (${kind})`, async () => {
      const client: UsersClient = kind === "api key" ? keyClient(emu()) : oauthClient(emu());
      const mark = emu().requests.length;
      const email = uniqueEmail("contract");
      const created = await client.create({
        email,
        username: `u-${email}`,
        description: "contract test",
        apiRoles: ["administrator", "billing_administrator", "agent_user", "pipeline_viewer"],
        corpusRoles: [
          { corpusKey: "docs-1", role: "owner" },
          { corpusKey: "docs_2=", role: "editor" },
        ],
        agentRoles: [{ agentKey: "agt_1", role: "agent_developer" }],
      });
      assert.equal(typeof created.oneTimeCode, "string");
      await client.create({ email: uniqueEmail("minimal") });
      await client.get(created.username);
      await client.update(created.username, { enabled: false });
      await client.update(created.username, {
        enabled: true,
        description: "",
        apiRoles: [],
        corpusRoles: [{ corpusKey: "docs-1", role: "viewer" }],
        agentRoles: [],
      });
      await client.update(created.username, {});
      await collect(client.list({ limit: 2, corpusKey: "docs-1" }));
      await client.listPage();
      await client.resetPassword(created.username);
      await client.delete(created.username);

      const traffic = emu().requests.slice(mark);
      const routes = new Set(traffic.map((r) => r.route));
      for (const route of ["createUser", "getUser", "updateUser", "listUsers", "resetPassword", "deleteUser"]) {
        assert.ok(routes.has(route as never), `exercised ${route}`);
      }
      assert.ok(!routes.has("unknown"), "no request to an unknown route");
      for (const r of traffic) {
        assert.deepEqual(r.requestSchemaErrors, [], `${r.method} ${r.path}`);
        assert.ok(r.status >= 200 && r.status < 300, `${r.method} ${r.path} -> ${r.status}`);
        if (r.route === "createUser") assert.deepEqual(validate("CreateUserRequest", r.body), []);
        if (r.route === "updateUser") assert.deepEqual(validate("UpdateUserRequest", r.body), []);
        if (r.route === "getUser" || r.route === "deleteUser" || r.route === "resetPassword" || r.route === "listUsers") {
          assert.equal(r.body, undefined, `${r.method} ${r.path} has no body`);
        }
      }
      assertRequestsFollowSchema(emu());
      assert.deepEqual(emu().responseSchemaErrors, []);
    });
  }
});
