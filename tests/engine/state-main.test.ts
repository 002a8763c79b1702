/**
 * State written by main of 2026-12-07 keeps working on this build: tests/fixtures/
 * state-main-2026-12-07/state.json is `pulumi stack export` of its program/ after a `pulumi up`
 * with that commit's package (capture.ts), so every dynamic resource's `__provider` is the long
 * serialized stub of that time. Imported into a fresh stack, against an emulator holding the same
 * users, plain `pulumi` in the program's folder (as a user runs it after upgrading the package)
 * must find nothing to change, and refresh and destroy must run with the `__provider` in state.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { VectaraEmulator } from "vectara-emulator";
import type { StateResource } from "../support/engine-stack";
import { describePlainStory, PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertNoChanges, describeCall, storyHooks, usernames, writeLog } from "./helpers";

const FIXTURE = path.join(__dirname, "..", "fixtures", "state-main-2026-12-07");
const EXPORTED = JSON.parse(fs.readFileSync(path.join(FIXTURE, "state.json"), "utf8")) as {
  deployment: { resources: StateResource[] };
};
const USER_TYPE = "pulumi-nodejs:dynamic/vectara:User";
const PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

const resourcesOf = (type: string) => EXPORTED.deployment.resources.filter((r) => r.type === type);

/** The fixture, its provider's `vectara:baseUrl` (an emulator of the capture, long gone) pointed at `url`. */
function fixtureFor(url: string): object {
  const exported = structuredClone(EXPORTED);
  for (const r of exported.deployment.resources.filter((r) => r.type === PROVIDER_TYPE)) {
    for (const bag of [r.inputs, r.outputs]) if (bag?.["vectara:baseUrl"]) bag["vectara:baseUrl"] = url;
  }
  return exported;
}

/** The users of the fixture's state, as the account held them when it was captured. */
function seed(emulator: VectaraEmulator): void {
  for (const { outputs } of resourcesOf(USER_TYPE)) {
    const o = outputs as Record<string, any>;
    emulator.putUser({
      id: o.userId,
      email: o.email,
      username: o.username,
      description: o.description,
      enabled: o.enabled,
      created_at: o.createdAt,
      updated_at: o.updatedAt,
      api_roles: o.apiRoles,
      corpus_roles: o.corpusRoles.map((r: any) => ({ corpus_key: r.corpusKey, role: r.role })),
      agent_roles: o.agentRoles.map((r: any) => ({ agent_key: r.agentKey, role: r.role })),
    });
  }
}

describePlainStory("state written by main of 2026-12-07: an upgrade changes nothing; refresh and destroy run", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  storyHooks(
    story,
    async (e) => {
      seed(e);
      const opened = await PlainStack.open({ projectDir: path.join(FIXTURE, "program"), stackName: "test", ...apiKeyTarget(e) });
      await opened.importState(fixtureFor(e.url));
      return opened;
    },
    (e, s) => {
      emulator = e;
      stack = s;
    },
  );

  story.step("the fixture holds that commit's long __provider, which loads the stable entry points", async () => {
    const dynamic = (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    assert.deepEqual(dynamic.map((r) => r.urn.split("::").pop()).sort(), [
      "ada",
      "ada-password-reset",
      "grace",
      "grace-password-reset",
      "linus",
    ]);
    for (const r of dynamic) {
      for (const bag of [r.inputs!, r.outputs!]) {
        const stub = String(bag.__provider);
        assert.ok(stub.length > 1000, `${r.urn}: a serialized closure, ${stub.length} characters`);
        assert.match(stub, /pulumi-vectara\/providers\/(user|password-reset)/);
      }
    }
  });

  story.step("preview --expect-no-changes passes without a request, and an up changes nothing", async () => {
    await assertNoChanges(stack, emulator);
    // The engine keeps the program's new inputs, the short __provider of this build among them;
    // the outputs, which refresh and destroy load the provider from, keep the text they were
    // written with until the resource's next update.
    for (const r of (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
      assert.match(String(r.inputs!.__provider), /^module\.exports=require\("pulumi-vectara\/providers\/(user|password-reset)"\);$/);
      assert.ok(String(r.outputs!.__provider).length > 1000, r.urn);
    }
  });

  story.step("refresh reads each user once and finds it unchanged", async () => {
    const refreshed = await stack.refresh();
    assert.equal(refreshed.error, undefined, refreshed.error);
    assert.deepEqual(
      refreshed.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`),
      [],
    );
    assert.deepEqual(emulator.calls().map(describeCall).sort(), [
      "GET getUser ada@example.com",
      "GET getUser grace",
      "GET getUser linus@example.com",
    ]);
  });

  story.step("destroy deletes the three users and sends no email", async () => {
    const destroyed = await stack.destroy();
    assert.equal(destroyed.error, undefined, destroyed.error);
    assert.deepEqual(writeLog(emulator).sort(), [
      "DELETE deleteUser ada@example.com",
      "DELETE deleteUser grace",
      "DELETE deleteUser linus@example.com",
    ]);
    assert.deepEqual(usernames(emulator), []);
    assert.deepEqual(await stack.resources(), []);
  });
});
