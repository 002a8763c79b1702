/**
 * What a new user meets, through the real Pulumi CLI against the emulator: the exact error
 * lines of a preview with several mistakes, repeated roles that cause no diff, and an account
 * whose users API refuses API keys (the message says what to configure, and doing it works).
 */
import assert from "node:assert/strict";
import { VectaraUser } from "pulumi-vectara";
import { DEFAULT_API_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, VectaraEmulator } from "vectara-emulator";
import { describeEngine, EngineStack, vectaraSteps, type Program } from "../support/engine";
import { apiKeyTarget, assertFailed } from "./helpers";

function open(emulator: VectaraEmulator, program: Program): Promise<EngineStack> {
  const target = apiKeyTarget(emulator);
  return EngineStack.open({
    project: "vectara-new-user",
    program,
    ...target,
    config: { ...target.config, "vectara:authUrl": emulator.tokenUrl },
  });
}

const API_ROLES =
  "owner, administrator, billing_administrator, corpus_administrator, corpus_developer, agent_administrator, agent_viewer, " +
  "agent_developer, agent_user, pipeline_administrator, pipeline_viewer, viewer, corpus_viewer";
const INPUTS = "email, username, description, apiRoles, corpusRoles, agentRoles, enabled, adoptExisting";

describeEngine("a new user's first mistakes, through the real engine", () => {
  let emulator: VectaraEmulator;
  before(async () => {
    emulator = await VectaraEmulator.start();
  });
  beforeEach(() => emulator.clearLog());
  after(async () => emulator?.stop());

  it("a preview with four problems prints four clean error lines, and calls nothing", async () => {
    // Four mistakes in one user, as a JavaScript caller could make them.
    const stack = await open(emulator, async () => {
      new VectaraUser("jose", { email: "josé@exämple.com", apiRoles: ["corpus_admin", "superuser"], apiRole: ["viewer"] } as never);
    });
    const preview = await stack.preview();
    const output = assertFailed(preview);
    const prefix = "pulumi-nodejs:dynamic/vectara:User resource 'jose': property";
    const lines = [
      `${prefix} email value {josé@exämple.com} has a problem: "josé@exämple.com" is not a valid email address: ` +
        `the part before "@" has non-ASCII characters ("é"), which have no ASCII form; ` +
        `Vectara's API takes ASCII email addresses only (its spec says format "email", RFC 5321)`,
      `${prefix} apiRoles value {[{corpus_admin} {superuser}]} has a problem: "corpus_admin" at apiRoles[0] is not a Vectara API role ` +
        `(it is a name from older Vectara docs); did you mean "corpus_administrator"? Valid roles: ${API_ROLES}`,
      `${prefix} apiRoles value {[{corpus_admin} {superuser}]} has a problem: "superuser" at apiRoles[1] is not a Vectara API role. Valid roles: ${API_ROLES}`,
      `${prefix} apiRole value {[{viewer}]} has a problem: not an input of this resource; did you mean "apiRoles"? The inputs are ${INPUTS}`,
    ];
    assert.deepEqual(
      preview.errors.filter((e) => e.name === "jose").map((e) => e.message),
      lines,
    );
    const shown = output.slice(output.indexOf("Diagnostics:"));
    assert.deepEqual(
      shown
        .split("\n")
        .filter((l) => l.trim().startsWith("error: "))
        .map((l) => l.trim()),
      lines.map((l) => `error: ${l}`),
      "the Diagnostics section shows exactly these lines",
    );
    assert.doesNotMatch(output, /email: email|apiRoles: apiRoles|\.;/);
    assert.deepEqual(emulator.requests, [], "no API call");
  });

  it("declared repeated roles: up sends each once, and the next preview expects no changes", async () => {
    const stack = await open(emulator, async () => {
      new VectaraUser("dup", {
        email: "dup@example.com",
        apiRoles: ["viewer", "corpus_viewer", "viewer"],
        corpusRoles: [
          { corpusKey: "docs", role: "viewer" },
          { corpusKey: "docs", role: "viewer" },
        ],
      });
    });
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
    assert.deepEqual(vectaraSteps(up), ["create dup"]);
    const sent = emulator.calls("createUser").map((c) => c.body as Record<string, unknown>);
    assert.deepEqual(
      sent.map((b) => [b.api_roles, b.corpus_roles]),
      [[["viewer", "corpus_viewer"], [{ corpus_key: "docs", role: "viewer" }]]],
    );

    emulator.clearLog();
    const preview = await stack.preview({ expectNoChanges: true });
    assert.equal(preview.error, undefined, preview.error);
    assert.deepEqual(vectaraSteps(preview), []);
    assert.deepEqual(emulator.requests, [], "a preview calls nothing");
  });
});

describeEngine("an account whose users API refuses API keys, through the real engine", () => {
  let emulator: VectaraEmulator;
  before(async () => {
    emulator = await VectaraEmulator.start({ refuseApiKeys: true });
  });
  after(async () => emulator?.stop());

  it("the failed up names vectara:clientId and vectara:clientSecret; configuring them as it says works", async () => {
    const stack = await open(emulator, async () => ({
      userId: new VectaraUser("ada", { email: "ada@example.com", apiRoles: ["administrator"] }).userId,
    }));
    const refused = await stack.up();
    const output = assertFailed(refused);
    assert.deepEqual(
      refused.errors.filter((e) => e.name === "ada").map((e) => e.message.replace(/\(request req_[0-9a-f]+\)$/, "(request …)")),
      [
        "Vectara API 403 Forbidden on POST /v2/users: API keys cannot be used for user management. Use OAuth client credentials; " +
          "the API key may not do this: the users API needs the `administrator` or `owner` API role; " +
          "the users API may require OAuth client credentials instead of an API key: " +
          "`pulumi config set vectara:clientId <id>` and `pulumi config set --secret vectara:clientSecret <secret>`, " +
          "then `pulumi config rm vectara:apiKey` (an API key wins over client credentials) (request …)",
      ],
    );
    assert.ok(!output.includes(DEFAULT_API_KEY), "the key is not in the message");
    assert.deepEqual(emulator.users(), []);

    await stack.setConfig("vectara:clientId", DEFAULT_CLIENT_ID);
    await stack.setConfig("vectara:clientSecret", DEFAULT_CLIENT_SECRET, true);
    await stack.stack.removeConfig("vectara:apiKey");
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
    assert.deepEqual(
      emulator.users().map((u) => u.username),
      ["ada@example.com"],
    );
    assert.equal(up.outputs.userId, emulator.users()[0].id);
  });
});
