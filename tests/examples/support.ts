/** Runs an example project through the offline stack runner against an emulator. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_API_KEY, type VectaraEmulator } from "../emulator";
import type { StackOptions } from "../support/runner";

export const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

export function exampleStack(example: string, emulator: VectaraEmulator, config: Record<string, string> = {}): StackOptions {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${example}-`));
  return {
    program: path.join(EXAMPLES, example, "index.ts"),
    stateFile: path.join(dir, "state.json"),
    project: `vectara-${example}`,
    stack: "test",
    config: { "vectara:apiKey": DEFAULT_API_KEY, "vectara:baseUrl": emulator.url, "vectara:maxRetries": "1", ...config },
    secretConfigKeys: ["vectara:apiKey"],
    passphrase: "test-passphrase",
  };
}

/** "op name" for the steps that touch Vectara, sorted. */
export function vectaraSteps(result: { steps: { op: string; type: string; name: string }[] }): string[] {
  return result.steps
    .filter((s) => s.op !== "same" && s.type.startsWith("pulumi-nodejs:dynamic"))
    .map((s) => `${s.op} ${s.name}`)
    .sort();
}
