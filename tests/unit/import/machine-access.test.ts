/** What the import writes for an account's app clients and API keys: adopted by id, named from their names, never a secret. */
import assert from "node:assert/strict";
import type { ApiKey, AppClient } from "../../../provider/client";
import {
  importApiKeys,
  importAppClients,
  machineCountsText,
  machineNames,
  machineProblemLines,
  machinesNeedingAttention,
} from "../../../provider/cli/import/machine-access";
import { importPeople } from "../../../provider/cli/import/people";
import { renderTypeScript } from "../../../provider/cli/import/typescript";

const SECRET = "cs_SECRET_NEVER_WRITTEN_123";
const KEY_SECRET = "zqt_SECRET_NEVER_WRITTEN_456";

const appClient = (id: string, name: string, extra: Partial<AppClient> = {}): AppClient => ({
  id,
  name,
  clientId: `cid-${id}`,
  apiRoles: [],
  ...extra,
});
const apiKey = (id: string, name: string, extra: Partial<ApiKey> = {}): ApiKey => ({
  id,
  name,
  apiKeyRole: "serving",
  enabled: true,
  ...extra,
});

const CLIENTS = [
  appClient("app_2", "Nightly Ingest", { description: "ETL", apiRoles: ["corpus_developer", "administrator"], clientSecret: SECRET }),
  appClient("app_1", "ci", { clientId: "the-import-s-own" }),
  appClient("app_3", "ci"),
];
const KEYS = [
  apiKey("aky_1", "search", { corpusKeys: ["faq", "docs"], secretKey: KEY_SECRET }),
  apiKey("aky_2", "indexer", { apiKeyRole: "serving_and_indexing", corpusKeys: ["docs"], enabled: false }),
  apiKey("aky_3", "me", { apiKeyRole: "personal" }),
];

describe("import: app clients and API keys", () => {
  it("resource names come from names; a name two share gets its id, whatever the listing order", () => {
    const names = machineNames(CLIENTS, "app-client");
    assert.deepEqual(Object.fromEntries(names), { app_2: "nightly-ingest", app_1: "ci-app-1", app_3: "ci-app-3" });
    assert.deepEqual(machineNames([...CLIENTS].reverse(), "app-client"), names);
    assert.equal(machineNames([{ id: "aky_9", name: "***" }], "api-key").get("aky_9"), "api-key");
  });

  it("inputs: adoptExisting is the id, defaults left out, lists sorted, the import's own app client marked", () => {
    assert.deepEqual(importAppClients(CLIENTS, "the-import-s-own"), [
      { resource: "ci-app-1", name: "ci", adoptExisting: "app_1", usedByImport: true, problems: [] },
      { resource: "ci-app-3", name: "ci", adoptExisting: "app_3", problems: [] },
      {
        resource: "nightly-ingest",
        name: "Nightly Ingest",
        description: "ETL",
        apiRoles: ["administrator", "corpus_developer"],
        adoptExisting: "app_2",
        problems: [],
      },
    ]);
    assert.deepEqual(importApiKeys(KEYS), [
      {
        resource: "indexer",
        name: "indexer",
        apiKeyRole: "serving_and_indexing",
        corpusKeys: ["docs"],
        enabled: false,
        adoptExisting: "aky_2",
        problems: [],
      },
      { resource: "me", name: "me", apiKeyRole: "personal", adoptExisting: "aky_3", problems: [] },
      { resource: "search", name: "search", apiKeyRole: "serving", corpusKeys: ["docs", "faq"], adoptExisting: "aky_1", problems: [] },
    ]);
  });

  it("typescript: after the users, one VectaraAppClient and one VectaraApiKey each, and no secret anywhere", () => {
    const machines = { appClients: importAppClients(CLIENTS, "the-import-s-own"), apiKeys: importApiKeys(KEYS) };
    assert.equal(machineCountsText(machines), "3 app clients, 3 API keys (1 disabled)");
    const people = importPeople([
      { id: "usr_1", email: "ada@example.com", username: "ada@example.com", apiRoles: [], corpusRoles: [], agentRoles: [] },
    ]);
    const text = renderTypeScript(people, { baseUrl: "https://api.vectara.io" }, "v", machines);
    assert.ok(!text.includes(SECRET) && !text.includes(KEY_SECRET));
    assert.match(text, /^\/\/ 1 user, 0 with corpus roles, 0 disabled; 3 app clients, 3 API keys \(1 disabled\)\.$/m);
    assert.match(text, /adopted by its id/);
    assert.match(text, /change its `rotationTrigger`/);
    assert.match(text, /^import \{ VectaraUser, VectaraAppClient, VectaraApiKey \} from "pulumi-vectara";$/m);
    assert.ok(
      text.indexOf("new VectaraUser(") < text.indexOf("new VectaraAppClient(") &&
        text.indexOf("new VectaraAppClient(") < text.indexOf("new VectaraApiKey("),
    );
    assert.ok(
      text.includes(
        [
          'new VectaraAppClient("nightly-ingest", {',
          '  name: "Nightly Ingest",',
          '  description: "ETL",',
          '  apiRoles: ["administrator", "corpus_developer"],',
          '  adoptExisting: "app_2",',
          "});",
        ].join("\n"),
      ),
      text,
    );
    assert.ok(
      text.includes(
        [
          'new VectaraApiKey("indexer", {',
          '  name: "indexer",',
          '  apiKeyRole: "serving_and_indexing",',
          '  corpusKeys: ["docs"],',
          "  enabled: false,",
          '  adoptExisting: "aky_2",',
          "});",
        ].join("\n"),
      ),
      text,
    );
    assert.match(text, /\/\/ The app client whose credentials this import used[^\n]*\n[^\n]*\nnew VectaraAppClient\("ci-app-1", \{/);
  });

  it("typescript: a role this version does not know is kept behind a type assertion, marked NEEDS ATTENTION with the check's reason", () => {
    const machines = {
      appClients: importAppClients([appClient("app_9", "old", { apiRoles: ["pipeline_boss" as never] })]),
      apiKeys: importApiKeys([apiKey("aky_9", "odd", { apiKeyRole: "query_only" as never })]),
    };
    const text = renderTypeScript([], { baseUrl: "https://api.vectara.io" }, "v", machines);
    assert.match(text, /apiRoles: \["pipeline_boss" as string as AppClientApiRole\],/);
    assert.match(text, /apiKeyRole: "query_only" as string as ApiKeyRole,/);
    assert.match(
      text,
      /\/\/ NEEDS ATTENTION \(pulumi preview refuses this app client as it is in Vectara\):\n\/\/ {3}[^\n]*pipeline_boss[^\n]*\nnew VectaraAppClient\("old"/,
    );
    assert.match(
      text,
      /\/\/ NEEDS ATTENTION \(pulumi preview refuses this API key as it is in Vectara\):\n\/\/ {3}[^\n]*query_only[^\n]*\nnew VectaraApiKey\("odd"/,
    );
    assert.equal(machinesNeedingAttention(machines), 2);
    assert.equal(machineProblemLines(machines).length, 2);
    assert.match(machineProblemLines(machines)[0], /^app client app_9 \(resource "old"\): .*pipeline_boss/);
    assert.match(
      text,
      /import \{ VectaraUser, VectaraAppClient, VectaraApiKey, type ApiKeyRole, type AppClientApiRole \} from "pulumi-vectara";/,
    );
  });

  it("typescript without app clients or API keys is what it was before they existed", () => {
    const people = importPeople([
      { id: "usr_1", email: "a@example.com", username: "a@example.com", apiRoles: [], corpusRoles: [], agentRoles: [] },
    ]);
    const source = { baseUrl: "https://api.vectara.io" };
    assert.equal(
      renderTypeScript(people, source, "v", { appClients: [], apiKeys: [] }).replace("; 0 app clients, 0 API keys (0 disabled)", ""),
      renderTypeScript(people, source, "v"),
    );
  });
});
