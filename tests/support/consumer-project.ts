/**
 * A user's own Pulumi project, made as the README says: its own package.json with
 * `@pulumi/pulumi`, TypeScript and `@types/node` (the versions this checkout runs), then
 * `npm install /path/to/pulumi-vectara-<version>.tgz` of this checkout packed with `npm pack`; a
 * tsconfig.json, a Pulumi.yaml and a TypeScript program. It lives outside the repository, so
 * nothing in it resolves to the repository's node_modules; npm takes the packages from its cache
 * when they are there (`--prefer-offline`), as `npm ci` left them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { shellEnv } from "../../tools/matrix/node";
import { REPO_ROOT } from "../../tools/pulumi/engine";
import { tempDir } from "./engine-stack";

function npm(args: string[], cwd: string): string {
  const run = spawnSync("npm", args, { cwd, env: shellEnv(), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** The version of `name` this checkout has installed. */
function installedVersion(name: string): string {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }), "utf8")).version;
}

const packed = new Map<string, string>();

/**
 * `npm pack` of this checkout (or of one of its workspaces, e.g. `pulumi-vectara-policy`), dist/ as
 * built (no `prepare`: the tests run after a build), once per process.
 */
export function packedTarball(workspace?: string): string {
  const key = workspace ?? "";
  const done = packed.get(key);
  if (done && fs.existsSync(done)) return done;
  const dir = tempDir("pack", os.tmpdir());
  const args = ["pack", "--json", "--ignore-scripts", "--pack-destination", dir, ...(workspace ? ["--workspace", workspace] : [])];
  const [{ filename }] = JSON.parse(npm(args, REPO_ROOT));
  packed.set(key, path.join(dir, filename));
  return packed.get(key)!;
}

/**
 * A project named `name` whose index.ts is `program`; resolves with its folder (removed with the
 * suite). `policyPack`: the policy pack's tarball is installed too (`pulumi-vectara-policy`), as
 * the README's pipeline has it.
 */
export function makeConsumerProject(name: string, program: string, options: { policyPack?: boolean } = {}): string {
  const dir = tempDir(name, os.tmpdir());
  const pkg = {
    name,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": installedVersion("@pulumi/pulumi") },
    devDependencies: { "@types/node": installedVersion("@types/node"), typescript: installedVersion("typescript") },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime: nodejs\ndescription: A user's project that installs pulumi-vectara.\n`,
  );
  // The examples' tsconfig.json is a Pulumi TypeScript program's.
  fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", "tsconfig.json"), path.join(dir, "tsconfig.json"));
  fs.writeFileSync(path.join(dir, "index.ts"), program);
  const tarballs = [packedTarball(), ...(options.policyPack ? [packedTarball("pulumi-vectara-policy")] : [])];
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], dir);
  return dir;
}

/** The TypeScript program of the README's "Use it from your own Pulumi program". */
export function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Use it from your own Pulumi program"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md: no ```ts block in "Use it from your own Pulumi program"');
  return match[1];
}
