/**
 * VectaraAppClient's and VectaraApiKey's create / read / update / delete in-process, with a
 * client of the test's own, against the emulator: every create, adopt and lost-answer path,
 * with the exact calls each makes and what state would hold. The host and engine tiers run the
 * same operations as the engine drives them.
 */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { ApiKeysClient, AppClientsClient } from "../../../provider/client";
import { checkInputs } from "../../../provider/framework/check";
import { PartialCreateError } from "../../../provider/framework/partial-failure";
import { checkApiKey } from "../../../provider/resources/api-key/check";
import { apiKeyOperations } from "../../../provider/resources/api-key/operations";
import { APP_CLIENT_SCHEMA } from "../../../provider/resources/app-client/schema";
import { appClientOperations } from "../../../provider/resources/app-client/operations";

type Props = Record<string, any>;
const calls = (emulator: VectaraEmulator) => emulator.calls().map((c) => `${c.method} ${c.route} ${c.status}`);

function appInputs(props: Props): Props {
  const checked = checkInputs(APP_CLIENT_SCHEMA, props);
  assert.deepEqual(checked.failures, []);
  return checked.inputs;
}

function keyInputs(props: Props): Props {
  const checked = checkApiKey({}, props);
  assert.deepEqual(checked.failures, []);
  return checked.inputs;
}

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected a rejection");
}

describe("machine credential operations with an injected client", function () {
  this.timeout(20000);
  let emulator: VectaraEmulator;
  let apps: AppClientsClient;
  let keys: ApiKeysClient;
  const clientSettings = () => ({ apiKey: DEFAULT_API_KEY, baseUrl: emulator.url, maxRetries: 2, retryBaseDelayMs: 1 });
  const app = () => appClientOperations(() => apps);
  const key = () => apiKeyOperations(() => keys);

  before(async () => {
    emulator = await VectaraEmulator.start();
    apps = new AppClientsClient(clientSettings(), {});
    keys = new ApiKeysClient(clientSettings(), {});
  });
  after(async () => {
    apps?.close();
    keys?.close();
    await emulator?.stop();
  });
  beforeEach(() => {
    for (const c of emulator.appClients()) emulator.removeAppClient(c.id);
    for (const k of emulator.apiKeys()) emulator.removeApiKey(k.id);
    emulator.clearFaults();
    emulator.clearLog();
  });

  describe("VectaraAppClient", () => {
    it("create: a listing of the name (what was there before), then one POST; state holds the id, client id and secret, and no note", async () => {
      const inputs = appInputs({ name: "pipeline", description: "CI", apiRoles: ["corpus_administrator"] });
      const { id, outs } = await app().create(inputs);
      assert.deepEqual(calls(emulator), ["GET listAppClients 200", "POST createAppClient 201"]);
      const stored = emulator.getAppClient(id)!;
      assert.match(id, /^app_/);
      assert.equal(outs.appClientId, id);
      assert.equal(outs.clientId, stored.client_id);
      assert.equal(outs.clientSecret, stored.client_secret);
      assert.equal(outs.secretNote, "");
      assert.deepEqual(outs.apiRoles, ["corpus_administrator"]);
      assert.equal(outs.description, "CI");
    });

    it("update: one PATCH of what changed; the secret stays in state; a deleted one is said to be gone", async () => {
      const inputs = appInputs({ name: "pipeline", apiRoles: ["corpus_administrator"] });
      const { id, outs } = await app().create(inputs);
      emulator.clearLog();
      const news = appInputs({ name: "pipeline", description: "now described", apiRoles: ["corpus_administrator"] });
      const updated = await app().update!(id, outs, news);
      assert.deepEqual(calls(emulator), ["PATCH updateAppClient 200"]);
      assert.deepEqual(emulator.calls("updateAppClient")[0].body, { description: "now described" });
      assert.equal(updated.outs!.clientSecret, outs.clientSecret, "the secret is kept (the PATCH answer has none)");

      emulator.removeAppClient(id);
      const e = await rejection(app().update!(id, updated.outs, { ...news, apiRoles: ["owner"] }));
      assert.match(e.message, new RegExp(`Vectara app client "pipeline" \\(${id}\\) no longer exists. Run \`pulumi refresh\``));
    });

    it("read: drift is seen, the secret kept; a deleted one reads as gone", async () => {
      const { id, outs } = await app().create(appInputs({ name: "pipeline", apiRoles: ["owner"] }));
      emulator.putAppClient({ ...emulator.getAppClient(id)!, description: "edited in the console", api_roles: ["administrator"] });
      const read = await app().read!(id, outs);
      assert.equal(read.id, id);
      assert.equal(read.props!.description, "edited in the console");
      assert.deepEqual(read.props!.apiRoles, ["administrator"]);
      assert.deepEqual(read.inputs!.apiRoles, ["administrator"]);
      assert.equal(read.props!.clientSecret, outs.clientSecret);
      emulator.removeAppClient(id);
      assert.deepEqual(await app().read!(id, outs), { id: "" });
    });

    it("delete: one DELETE; already gone is fine", async () => {
      const { id, outs } = await app().create(appInputs({ name: "pipeline" }));
      emulator.clearLog();
      await app().delete!(id, outs);
      await app().delete!(id, outs);
      assert.deepEqual(calls(emulator), ["DELETE deleteAppClient 204", "DELETE deleteAppClient 404"]);
      assert.equal(emulator.appClients().length, 0);
    });

    it("adoptExisting by id: no POST; roles set to the declared ones; no secret, a note", async () => {
      const existing = emulator.putAppClient({ name: "pipeline", api_roles: ["owner"] });
      emulator.putAppClient({ name: "pipeline" });
      const { id, outs } = await app().create(appInputs({ name: "pipeline", apiRoles: ["administrator"], adoptExisting: existing.id }));
      assert.equal(id, existing.id);
      assert.deepEqual(calls(emulator), ["GET getAppClient 200", "PATCH updateAppClient 200"]);
      assert.deepEqual(emulator.getAppClient(existing.id)!.api_roles, ["administrator"]);
      assert.equal(outs.clientSecret, "");
      assert.match(outs.secretNote, /this resource took it over \(adoptExisting\)/);
    });

    it("adoptExisting: true takes over the only one with the name; several: an error listing their ids, nothing created", async () => {
      const only = emulator.putAppClient({ name: "pipeline" });
      emulator.putAppClient({ name: "pipeline-2" });
      assert.equal((await app().create(appInputs({ name: "pipeline", adoptExisting: true }))).id, only.id);
      const twin = emulator.putAppClient({ name: "pipeline" });
      emulator.clearLog();
      const e = await rejection(app().create(appInputs({ name: "pipeline", adoptExisting: true })));
      assert.match(
        e.message,
        new RegExp(`2 app clients have that name \\((${only.id}, ${twin.id}|${twin.id}, ${only.id})\\).*Set adoptExisting to the id`),
      );
      assert.deepEqual(emulator.writes(), []);
    });

    it("adoptExisting: an id that does not exist, or a name that differs, is refused before any write", async () => {
      let e = await rejection(app().create(appInputs({ name: "pipeline", adoptExisting: "app_nope" })));
      assert.match(e.message, /Cannot take over Vectara app client app_nope \(adoptExisting\): it does not exist/);
      const other = emulator.putAppClient({ name: "other" });
      e = await rejection(app().create(appInputs({ name: "pipeline", adoptExisting: other.id })));
      assert.match(e.message, /it has name "other" \(declared: "pipeline"\), which the API cannot change/);
      assert.deepEqual(emulator.writes(), []);
    });

    it("a lost answer: the listing finds the one the POST made; no second POST; the note says so", async () => {
      emulator.putAppClient({ name: "pipeline", description: "someone else's" }); // same name, other fields: not it
      emulator.inject("createAppClient", { kind: "commitThenFail", then: "reset" });
      const { id, outs } = await app().create(appInputs({ name: "pipeline", apiRoles: ["owner"] }));
      assert.deepEqual(calls(emulator), ["GET listAppClients 200", "POST createAppClient 0", "GET listAppClients 200"]);
      assert.equal(emulator.appClients().length, 2, "no duplicate");
      assert.deepEqual(emulator.getAppClient(id)!.api_roles, ["owner"]);
      assert.equal(outs.clientSecret, "");
      assert.match(outs.secretNote, /the answer to its create was lost, and a listing found it afterwards/);
    });

    it("a lost answer of a POST that made nothing: the listing finds none, the POST is sent once more", async () => {
      emulator.inject("createAppClient", { kind: "reset" });
      const { outs } = await app().create(appInputs({ name: "pipeline" }));
      assert.deepEqual(calls(emulator), [
        "GET listAppClients 200",
        "POST createAppClient 0",
        "GET listAppClients 200",
        "POST createAppClient 201",
      ]);
      assert.notEqual(outs.clientSecret, "");
      assert.equal(emulator.appClients().length, 1);
    });

    it("a create whose listing of the name fails says why it lists and that nothing was made; no POST", async () => {
      emulator.inject("listAppClients", { kind: "status", status: 503, times: 3, message: "List fault." }); // the first try and its 2 retries
      const e = await rejection(app().create(appInputs({ name: "pipeline" })));
      assert.match(
        e.message,
        /^Could not create Vectara app client "pipeline": listing the app clients with that name first \(so that a lost answer to the create is never mistaken for one that was already there\) failed: Vectara API 503 Service Unavailable on GET \/v2\/app_clients: List fault; gave up after 2 retries \(request req_\w+\)\. Nothing was created; running `pulumi up` again is safe\.$/,
      );
      assert.deepEqual(emulator.writes(), [], "no POST");
    });

    it("a lost answer never takes over an identical app client that was there before the create: the POST that made nothing is sent once more", async () => {
      const before = emulator.putAppClient({ name: "pipeline", description: "CI", api_roles: ["owner"] }); // made by hand, or by another stack
      emulator.inject("createAppClient", { kind: "reset" });
      const { id, outs } = await app().create(appInputs({ name: "pipeline", description: "CI", apiRoles: ["owner"] }));
      assert.deepEqual(calls(emulator), [
        "GET listAppClients 200",
        "POST createAppClient 0",
        "GET listAppClients 200",
        "POST createAppClient 201",
      ]);
      assert.notEqual(id, before.id, "its own, not the one that was there");
      assert.notEqual(outs.clientSecret, "");
      assert.deepEqual(emulator.getAppClient(before.id), before, "the other one untouched");
    });

    it("a lost answer with two new matching ones: recorded unconfirmed, listing both; the next up settles once one is gone, never on the one that was there before", async () => {
      const before = emulator.putAppClient({ name: "pipeline" });
      // Another actor makes an identical one while this create is under way.
      let twin: { id: string } | undefined;
      const racing = new (class extends AppClientsClient {
        override create(request: Parameters<AppClientsClient["create"]>[0]) {
          twin = emulator.putAppClient({ name: "pipeline" });
          return super.create(request);
        }
      })(clientSettings(), {});
      emulator.inject("createAppClient", { kind: "commitThenFail", then: "status", status: 500 });
      let e: Error;
      try {
        e = await rejection(appClientOperations(() => racing).create(appInputs({ name: "pipeline" })));
      } finally {
        racing.close();
      }
      assert.ok(e instanceof PartialCreateError);
      assert.match(e.id, /^unconfirmed-create:/);
      assert.match(
        e.message,
        new RegExp(
          `2 app clients with that name and the same description and apiRoles appeared since it was sent \\(.*${twin!.id}.*\\).*The next \`pulumi up\` looks again`,
        ),
      );
      assert.doesNotMatch(e.message, new RegExp(before.id));
      assert.equal(e.properties.appClientId, "");
      assert.deepEqual(e.properties.__existingBefore, [before.id], "state keeps what was there before");
      assert.equal(emulator.appClients().length, 3, "nothing more was created");

      emulator.removeAppClient(twin!.id);
      emulator.clearLog();
      const settled = await app().update!(e.id, e.properties, appInputs({ name: "pipeline" }));
      assert.deepEqual(calls(emulator), ["GET listAppClients 200"]);
      const ours = emulator.appClients().find((c) => c.id !== before.id)!;
      assert.equal(settled.outs!.appClientId, ours.id);
      assert.equal(settled.outs!.__existingBefore, undefined, "settled: no longer kept");
    });

    it("an unconfirmed create: refresh takes the id of the one a listing finds; destroy deletes it", async () => {
      emulator.inject("createAppClient", { kind: "commitThenFail", then: "reset" });
      emulator.inject("listAppClients", { kind: "delay", ms: 0 }); // the listing before the POST answers
      emulator.inject("listAppClients", { kind: "status", status: 503, times: 3 }); // the one after it fails: the first try and its 2 retries
      const e = await rejection(app().create(appInputs({ name: "pipeline" })));
      assert.ok(e instanceof PartialCreateError, e.message);
      assert.match(e.message, /Looking for the app client it may have made failed too.*The next `pulumi up` looks again/);
      const [made] = emulator.appClients();
      const read = await app().read!(e.id, e.properties);
      assert.equal(read.id, made!.id, "the engine adopts the id Read returns");
      assert.match(read.props!.secretNote, /answer to its create was lost/);
      emulator.clearLog();
      await app().delete!(e.id, e.properties);
      assert.deepEqual(calls(emulator), ["GET listAppClients 200", "DELETE deleteAppClient 204"]);
      assert.deepEqual(emulator.appClients(), []);
    });

    it("no secret reaches an error message", async () => {
      const { id, outs } = await app().create(appInputs({ name: "pipeline" }));
      emulator.inject("updateAppClient", { kind: "status", status: 400, times: 1 });
      const e = await rejection(app().update!(id, outs, appInputs({ name: "pipeline", description: "x" })));
      for (const secret of emulator.issuedSecrets()) assert.ok(!e.message.includes(secret), e.message);
    });
  });

  describe("VectaraApiKey", () => {
    it("create: a listing then one POST for an enabled key, then a PATCH too for a disabled one; the secret only in state", async () => {
      const { id, outs } = await key().create(keyInputs({ name: "search", apiKeyRole: "serving", corpusKeys: ["docs"] }));
      assert.deepEqual(calls(emulator), ["GET listApiKeys 200", "POST createApiKey 201"]);
      assert.match(id, /^aky_/);
      assert.equal(outs.secretKey, emulator.getApiKey(id)!.secret_key);
      assert.deepEqual(outs.corpusKeys, ["docs"]);
      assert.equal(outs.enabled, true);

      emulator.clearLog();
      const off = await key().create(keyInputs({ name: "later", apiKeyRole: "personal", enabled: false }));
      assert.deepEqual(calls(emulator), ["GET listApiKeys 200", "POST createApiKey 201", "PATCH updateApiKey 200"]);
      assert.equal(emulator.getApiKey(off.id)!.enabled, false);
      assert.equal(
        emulator.calls("createApiKey")[0].body && "corpus_keys" in (emulator.calls("createApiKey")[0].body as object),
        false,
        "no corpora for a personal key",
      );
      assert.notEqual(off.outs.secretKey, "");
    });

    it("update enables and disables in place; refresh sees drift and deletion", async () => {
      const inputs = keyInputs({ name: "search", apiKeyRole: "serving_and_indexing", corpusKeys: ["docs", "faq"] });
      const { id, outs } = await key().create(inputs);
      emulator.clearLog();
      const updated = await key().update!(id, outs, { ...inputs, enabled: false });
      assert.deepEqual(calls(emulator), ["PATCH updateApiKey 200"]);
      assert.equal(updated.outs!.secretKey, outs.secretKey);
      emulator.putApiKey({ ...emulator.getApiKey(id)!, enabled: true });
      const read = await key().read!(id, updated.outs!);
      assert.equal(read.props!.enabled, true);
      assert.deepEqual(read.props!.corpusKeys, ["docs", "faq"]);
      assert.equal(read.props!.secretKey, outs.secretKey);
      emulator.removeApiKey(id);
      assert.deepEqual(await key().read!(id, updated.outs!), { id: "" });
    });

    it("a lost answer: found by listing (role and corpora match), no second POST", async () => {
      emulator.putApiKey({ name: "search", api_key_role: "serving", corpus_keys: ["other"] });
      emulator.inject("createApiKey", { kind: "commitThenFail", then: "reset" });
      const { id, outs } = await key().create(keyInputs({ name: "search", apiKeyRole: "serving", corpusKeys: ["docs"] }));
      assert.deepEqual(calls(emulator), ["GET listApiKeys 200", "POST createApiKey 0", "GET listApiKeys 200"]);
      assert.equal(emulator.apiKeys().length, 2);
      assert.deepEqual(emulator.getApiKey(id)!.corpus_keys, ["docs"]);
      assert.equal(outs.secretKey, "");
      assert.match(outs.secretNote, /secretKey is empty/);
    });

    it("adoptExisting with another role is refused (the API cannot change it)", async () => {
      const existing = emulator.putApiKey({ name: "search", api_key_role: "serving", corpus_keys: ["docs"] });
      const e = await rejection(
        key().create(keyInputs({ name: "search", apiKeyRole: "serving_and_indexing", corpusKeys: ["docs"], adoptExisting: true })),
      );
      assert.match(
        e.message,
        new RegExp(
          `Cannot take over Vectara API key ${existing.id} \\(adoptExisting\\): it has apiKeyRole "serving" \\(declared: "serving_and_indexing"\\)`,
        ),
      );
      assert.deepEqual(emulator.writes(), []);
    });
  });
});
