/**
 * The stack config the provider would read, for a command that runs outside any Pulumi program:
 * inside a Pulumi project (a Pulumi.yaml in the working directory or above, where the Pulumi CLI
 * looks too), `pulumi config --json --show-secrets` of the selected stack (or `--stack`), read
 * through the Pulumi CLI so that secrets are decrypted the way the stack's owner set up.
 * Outside a project there is no stack config: the `VECTARA_*` environment alone applies.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { VectaraConfigError } from "../../client";

/** The folder of the Pulumi project that `dir` is in, or undefined. */
export function findProject(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(at, f)))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

const SKIP = "pass --no-stack-config to use only the VECTARA_* environment variables";

/**
 * The stack's config values (namespaced keys: `vectara:apiKey`), secrets in clear.
 * @throws VectaraConfigError when the Pulumi CLI is missing or cannot read the config.
 */
export function readStackConfig(projectDir: string, stack: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const args = ["config", "--json", "--show-secrets", "--non-interactive", ...(stack ? ["--stack", stack] : [])];
  const run = spawnSync("pulumi", args, {
    cwd: projectDir,
    env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const where = `the Pulumi project in ${projectDir}`;
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new VectaraConfigError(
      missing
        ? `Found ${where} but no \`pulumi\` command on the PATH to read its stack's vectara:* config. Install the Pulumi CLI, or ${SKIP}.`
        : `Could not run \`pulumi config\` for ${where}: ${run.error.message}. Fix it, or ${SKIP}.`,
    );
  }
  if (run.status !== 0) {
    const said = (run.stderr || run.stdout).trim().split("\n").slice(-5).join("\n");
    throw new VectaraConfigError(
      `\`pulumi ${args.join(" ")}\` failed in ${projectDir}${said ? `:\n${said}\n` : ". "}` +
        `Select a stack (\`pulumi stack select\`, or --stack NAME), or ${SKIP}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout || "{}");
  } catch {
    throw new VectaraConfigError(`\`pulumi config --json\` in ${projectDir} printed something that is not JSON; ${SKIP}.`);
  }
  const values: Record<string, string> = {};
  for (const [key, entry] of Object.entries((parsed ?? {}) as Record<string, { value?: unknown }>)) {
    const value = entry?.value;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") values[key] = String(value);
  }
  return values;
}
