/**
 * App clients and API keys in `npm run bench`: through the real Pulumi CLI (an inline program,
 * EngineStack) against an in-process emulator, `count` of each. Per operation, the API calls
 * the emulator saw, divided by the resources the operation touched (targets: what each
 * operation must cost, see provider/vectara/machine-operations.ts); and the bytes each
 * resource takes in `pulumi stack export` (compact JSON, secrets encrypted as state holds them).
 *
 * - create (up): 1 GET (a listing of its name: what was there before) + 1 POST each (a disabled
 *   key: + PATCH, not measured here).
 * - preview and a no-op up: 0 calls.
 * - update in place (app client description, key enabled): 1 PATCH each.
 * - refresh: 1 GET each.
 * - rotation (rotationTrigger): 1 GET + 1 POST + 1 DELETE each (the new one's create, then the
 *   old one's delete).
 * - destroy: 1 DELETE each.
 */
import * as pulumi from "@pulumi/pulumi";
import { VectaraApiKey, VectaraAppClient } from "pulumi-vectara";
import { DEFAULT_API_KEY, VectaraEmulator } from "vectara-emulator";
import { EngineStack } from "../support/engine";
import { eq, type Recorder } from "./rows";

export interface MachineBenchOptions {
  /** App clients, and as many API keys. */
  count: number;
  log(line: string): void;
}

const KINDS = [
  { kind: "app_client", type: "pulumi-nodejs:dynamic/vectara:AppClient" },
  { kind: "api_key", type: "pulumi-nodejs:dynamic/vectara:ApiKey" },
] as const;

export async function machineScenario(record: Recorder, options: MachineBenchOptions): Promise<void> {
  const { count, log } = options;
  const emulator = await VectaraEmulator.start();
  let wave = { description: "bench", enabled: true, trigger: "1" };
  const stack = await EngineStack.open({
    project: "bench-machines",
    program: async () => {
      const secrets: pulumi.Output<string>[] = [];
      for (let i = 0; i < count; i++) {
        const app = new VectaraAppClient(`app-${i}`, {
          name: `pipeline-${i}`,
          description: wave.description,
          apiRoles: ["corpus_developer"],
          rotationTrigger: wave.trigger,
        });
        const key = new VectaraApiKey(`key-${i}`, {
          name: `search-${i}`,
          apiKeyRole: "serving",
          corpusKeys: ["docs"],
          enabled: wave.enabled,
          rotationTrigger: wave.trigger,
        });
        secrets.push(app.clientSecret, key.secretKey);
      }
      return { secrets: pulumi.all(secrets).apply((all) => all.length) };
    },
    config: { "vectara:baseUrl": emulator.url, "vectara:maxRetries": "1" },
    secretConfig: { "vectara:apiKey": DEFAULT_API_KEY },
  });
  /** Runs one command; the API calls it made per resource of both kinds (2 × count). */
  const measure = async (what: string, command: () => Promise<{ error?: string }>, per = 2 * count): Promise<number> => {
    emulator.clearLog();
    const run = await command();
    if (run.error) throw new Error(`machine bench, ${what}: ${run.error}`);
    log(`machine credentials: ${what}`);
    return emulator.calls().length / per;
  };
  try {
    record(
      "machine_create_api_calls_per_resource",
      await measure("create", () => stack.up()),
      eq(2),
      `${count} app clients + ${count} API keys: a listing of the name, then the POST`,
    );
    for (const { kind, type } of KINDS) {
      const resources = (await stack.resources()).filter((r) => r.type === type);
      const bytes = resources.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / resources.length;
      record(`machine_state_bytes_per_${kind}`, Math.round(bytes), undefined, "`pulumi stack export`, compact JSON, secrets encrypted");
    }
    record("machine_preview_api_calls", await measure("preview", () => stack.preview(), 1), eq(0));
    record("machine_noop_up_api_calls", await measure("no-op up", () => stack.up(), 1), eq(0));
    wave = { ...wave, description: "bench, updated", enabled: false };
    record("machine_update_api_calls_per_resource", await measure("update", () => stack.up()), eq(1), "one PATCH");
    record("machine_refresh_api_calls_per_resource", await measure("refresh", () => stack.refresh()), eq(1), "one GET");
    wave = { ...wave, enabled: true, trigger: "2" }; // enabled as created: the rotation is the create (listing, POST) and the DELETE alone
    record(
      "machine_rotation_api_calls_per_resource",
      await measure("rotation", () => stack.up()),
      eq(3),
      "the new one's listing and POST, then DELETE the old",
    );
    record("machine_destroy_api_calls_per_resource", await measure("destroy", () => stack.destroy()), eq(1), "one DELETE");
    if (emulator.appClients().length + emulator.apiKeys().length !== 0) throw new Error("machine bench: credentials left after destroy");
  } finally {
    stack.remove();
    await emulator.stop();
  }
}
