/**
 * One emulator and one real provider host, wired as `pulumi up` would wire them: the host is
 * configured with the stack config a user would set, and every call carries the provider stub
 * that a compiled program stores as `__provider`.
 *
 * The engine starts one provider host per command (a preview, an up, a refresh and a destroy
 * each get their own), and the provider remembers, for that run only, which users the declared
 * resources keep (provider/resources/user/claims.ts). A test that plays several commands on one stack
 * calls `nextRun()` where the next command starts.
 */
import * as path from "node:path";
import { DEFAULT_API_KEY, VectaraEmulator, type EmulatorOptions } from "vectara-emulator";
import { ProviderHost, urn, type Props } from "./host";

export interface ProviderStack {
  emulator: VectaraEmulator;
  /** The host of the current run. */
  readonly host: ProviderHost;
  /** The next command: a fresh host, configured the same way (the old one is stopped). */
  nextRun(): Promise<void>;
  /** Everything the hosts of every run wrote to stdout and stderr. */
  readonly hostStdout: string;
  readonly hostStderr: string;
  /** `__provider` of a VectaraUser, as the compiled package serializes it. */
  userProvider: string;
  /** `__provider` of a PasswordReset. */
  resetProvider: string;
  userUrn(name: string): string;
  resetUrn(name: string): string;
  stop(): Promise<void>;
}

export interface ProviderStackOptions {
  emulator?: EmulatorOptions;
  /** Stack config sent with Configure; defaults to the emulator's URLs and admin API key. */
  config?: (emulator: VectaraEmulator) => Record<string, string>;
  env?: NodeJS.ProcessEnv;
}

const DIST = path.resolve(__dirname, "../../dist");

/**
 * The `__provider` text that the compiled package's resource class registers, i.e. what a
 * user's program stores in state: the registry's entry point through the compiled framework
 * (loaded by file path: neither is an entry point of the package).
 */
export function compiledStub(resource: "user" | "password-reset"): string {
  const { REGISTRY } = require(path.join(DIST, "resources", "registry.js"));
  const { providerStub } = require(path.join(DIST, "framework", "stub.js"));
  return providerStub(REGISTRY[resource === "user" ? "user" : "passwordReset"].entryPoint);
}

export async function startProviderStack(options: ProviderStackOptions = {}): Promise<ProviderStack> {
  const emulator = await VectaraEmulator.start(options.emulator);
  const config = options.config?.(emulator) ?? {
    "vectara:apiKey": DEFAULT_API_KEY,
    "vectara:baseUrl": emulator.url,
    "vectara:authUrl": emulator.tokenUrl,
    "vectara:maxRetries": "2",
  };
  const startHost = async () => {
    const started = await ProviderHost.start({
      env: { VECTARA_API_KEY: undefined, VECTARA_CLIENT_ID: undefined, VECTARA_CLIENT_SECRET: undefined, ...options.env },
    });
    await started.configure(config, { secretKeys: ["vectara:apiKey", "vectara:clientSecret"] });
    return started;
  };
  let host = await startHost();
  let past = { stdout: "", stderr: "" };
  // The compiled package's text, exactly what a user's program stores.
  const userProvider = compiledStub("user");
  const resetProvider = compiledStub("password-reset");
  return {
    emulator,
    get host() {
      return host;
    },
    async nextRun() {
      await host.stop();
      past = { stdout: past.stdout + host.stdout, stderr: past.stderr + host.stderr };
      host = await startHost();
    },
    get hostStdout() {
      return past.stdout + host.stdout;
    },
    get hostStderr() {
      return past.stderr + host.stderr;
    },
    userProvider,
    resetProvider,
    userUrn: (name) => urn("pulumi-nodejs:dynamic/vectara:User", name),
    resetUrn: (name) => urn("pulumi-nodejs:dynamic/vectara:PasswordReset", name),
    async stop() {
      await host.stop();
      await emulator.stop();
    },
  };
}

/** Props with the provider stub attached, as the engine sends them. */
export function withProvider(provider: string, props: Props): Props {
  return { ...props, __provider: provider };
}

/** Drops `__provider` (and any other named keys), e.g. to build a changed program from checked inputs. */
export function withoutProvider(props: Props, ...keys: string[]): Props {
  const rest = { ...props };
  for (const key of ["__provider", ...keys]) delete rest[key];
  return rest;
}
