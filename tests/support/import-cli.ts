/**
 * Runs the compiled `pulumi-vectara` bin (package.json's `bin`, in dist/) as a user does, in a process of
 * its own, without blocking this one (an in-process emulator must keep answering). No
 * ambient VECTARA_* variable reaches it: only those a test gives.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../tools/pulumi/engine";

const BIN: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).bin["pulumi-vectara"];
export const IMPORT_BIN = path.join(REPO_ROOT, BIN);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string>; bin?: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("VECTARA_")) env[key] = value;
  const child = spawn(process.execPath, [options.bin ?? IMPORT_BIN, ...args], { cwd: options.cwd, env: { ...env, ...options.env } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `pulumi-vectara import …` against an emulator, with its default API key in the environment. */
export function runImport(
  args: readonly string[],
  options: { cwd: string; baseUrl: string; apiKey: string; env?: Record<string, string> },
): Promise<CliRun> {
  return runCli(["import", ...args], {
    cwd: options.cwd,
    env: { VECTARA_API_KEY: options.apiKey, VECTARA_BASE_URL: options.baseUrl, ...options.env },
  });
}
