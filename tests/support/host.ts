/**
 * A test harness that drives the Pulumi Node.js SDK's own dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, the way the Pulumi engine does:
 * spawn it with the engine address as its only argument and `PULUMI_NODEJS_PROJECT` set,
 * read the port from the first stdout line, then call `pulumirpc.ResourceProvider`
 * (`Handshake`, `Configure`, `Check`, `Diff`, `Create`, `Read`, `Update`, `Delete`) with the
 * SDK's own generated stubs and message classes.
 *
 * What the engine does and this harness does NOT:
 * - No engine-side logic. The harness sends exactly what you pass and returns what the host
 *   answers. It does not decide preview vs. update, does not diff inputs itself when the
 *   provider returns `changes: undefined` (DIFF_UNKNOWN), does not order replacements, does
 *   not keep state, does not refresh, does not retry.
 * - No secrets. The host answers Configure with `acceptSecrets: false`, so the engine strips
 *   the secret wrappers before Check/Diff/Create/Read/Update/Delete and re-marks outputs secret
 *   afterwards by name. The harness sends plain values and never re-marks anything. Only
 *   `configure(…, { secretKeys })` wraps config values the way the engine does for
 *   `pulumi config set --secret` (Configure is marshalled with secrets kept).
 * - Unknowns are just the sentinel string {@link UNKNOWN}: put it where the engine would (in
 *   preview, Check and Diff see it for values that are not known yet). The engine omits
 *   unknowns entirely outside preview; the harness does not filter them.
 * - With dynamic providers the engine never calls Create or Update with `preview: true` (the
 *   host does not advertise preview support), it fills in the inputs itself. The host ignores
 *   the flag: `create(…, { preview: true })` really runs the provider's `create`.
 * - Not sent: `old_inputs` on Diff/Update/Delete, `ignoreChanges`, `timeout`
 *   (customTimeouts), `random_seed`, autonaming, resource-status addresses, old views, and the
 *   provider's own URN/id in Configure. The host ignores all of them anyway, and it ignores
 *   `inputs` on Read (the harness sends it, the host does not pass it to `provider.read`).
 * - The engine may also hand the process the stack config as `PULUMI_CONFIG` in its
 *   environment; the harness does not (pass it in `env` if a test needs it).
 * - No `Cancel`, `GetPluginInfo`, `Invoke`, `CheckConfig`, `DiffConfig`, `Construct`.
 *
 * Across SDK versions (the matrix runs this harness from 3.216 to the newest): the Handshake
 * RPC exists since 3.143 (not sent to older hosts); Read's explicit `inputs` reach the engine
 * only since 3.216 (older hosts drop them).
 *
 * Host behaviour worth knowing (SDK 3.248):
 * - The host caches one deserialized provider per distinct `__provider` string, per process,
 *   and calls its `configure` once, on first use, with the config of the most recent
 *   Configure call. A later Configure does not reach an already loaded provider string (a
 *   different string, even one differing only by a trailing comment, is a new provider).
 * - The provider is cached BEFORE its `configure` is awaited: concurrent first calls run on
 *   the not-yet-configured provider, and a `configure` that throws fails only the call that
 *   triggered it; later calls get the cached, never-configured provider.
 * - Calling Check/Diff/… before any Configure makes a provider that has `configure` fail
 *   (the host's config is undefined).
 * - `undefined` anywhere in a result fails the call with "Unexpected struct type.".
 * - Throwing a non-Error (e.g. a string) from check/diff/read/delete makes grpc-js throw
 *   while building the status: the call never completes (the host only logs it). From
 *   create/update it comes back with the details "undefined".
 * - Check/Diff pick the provider from `olds` when `news.__provider` is {@link UNKNOWN}.
 * - Errors thrown in check/diff/read/delete come back with gRPC code UNKNOWN and the error's
 *   message — unless the error has an integer `code` property, which grpc-js then uses as the
 *   gRPC status code (and a string `details` property replaces the message). They are also
 *   printed to the host's stderr with their stack. Errors thrown in create/update always come
 *   back as UNKNOWN with the message, are not printed, and carry an `ErrorResourceInitFailed`
 *   detail when the error has a truthy `id` (see {@link HostError.initFailure}).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
/** Load a module from the SDK's own dependency tree, so classes match the SDK's. */
function fromSdk(id: string): any {
  return require(require.resolve(id, { paths: [SDK_DIR] }));
}
const grpc = fromSdk("@grpc/grpc-js");
const structproto = fromSdk("google-protobuf/google/protobuf/struct_pb");
const provproto = fromSdk("@pulumi/pulumi/proto/provider_pb");
const provrpc = fromSdk("@pulumi/pulumi/proto/provider_grpc_pb");
const statusproto = fromSdk("@pulumi/pulumi/proto/status_pb");

/** The SDK's dynamic-provider host, as the engine's `pulumi-resource-pulumi-nodejs` runs it. */
export const HOST_PATH: string = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [SDK_DIR] });

/** The unknown-value sentinel (`runtime/rpc.unknownValue` in the SDK; the test asserts they match). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** `runtime/rpc.specialSigKey` / `specialSecretSig`: how a secret travels inside a Struct. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";
const DEFAULT_PROJECT = "test-project";
const DEFAULT_STACK = "test";
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 2_000;
/** Same limit as the SDK's grpcChannelOptions: `__provider` strings can be large. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export type Props = Record<string, unknown>;

export interface HostOptions {
  /** Working directory of the host process (the engine uses the program's directory). Default: repo root. */
  cwd?: string;
  /** Merged over `process.env`; a key set to `undefined` is removed. */
  env?: NodeJS.ProcessEnv;
  /** `PULUMI_NODEJS_PROJECT` (and `PULUMI_PROJECT`): the namespace of un-namespaced config keys. Default "test-project". */
  project?: string;
}

export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A gRPC error returned by the host. `message` is the gRPC status details. */
export class HostError extends Error {
  /** gRPC status code (2 = UNKNOWN for provider errors, 12 = UNIMPLEMENTED, 14 = UNAVAILABLE when the host is gone). */
  readonly code: number;
  readonly details: string;
  /** The RPC that failed, e.g. "Create". */
  readonly method: string;
  /** Decoded `pulumirpc.ErrorResourceInitFailed` (Create/Update, when the provider threw an error with an `id`). */
  readonly initFailure?: InitFailure;

  constructor(method: string, code: number, details: string, initFailure?: InitFailure) {
    super(details);
    this.name = "HostError";
    this.method = method;
    this.code = code;
    this.details = details;
    if (initFailure) {
      this.initFailure = initFailure;
    }
  }

  static fromServiceError(method: string, err: any): HostError {
    const code = typeof err?.code === "number" ? err.code : grpc.status.UNKNOWN;
    const details = typeof err?.details === "string" ? err.details : String(err?.message ?? err);
    return new HostError(method, code, details, decodeInitFailure(err?.metadata));
  }
}

/** The ErrorResourceInitFailed that `grpcResponseFromError` in the host packs into `grpc-status-details-bin`. */
function decodeInitFailure(metadata: any): InitFailure | undefined {
  const values: unknown[] = metadata?.get?.("grpc-status-details-bin") ?? [];
  for (const value of values) {
    if (!Buffer.isBuffer(value)) {
      continue;
    }
    const status = statusproto.Status.deserializeBinary(new Uint8Array(value));
    for (const any of status.getDetailsList()) {
      const detail = any.unpack(provproto.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
      if (detail) {
        return {
          id: detail.getId(),
          properties: toProps(detail.getProperties()),
          reasons: detail.getReasonsList(),
        };
      }
    }
  }
  return undefined;
}

/** "urn:pulumi:<stack>::<project>::<type>::<name>" */
export function urn(type: string, name: string, stack: string = DEFAULT_STACK, project: string = DEFAULT_PROJECT): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The name and (unqualified) type the engine derives from a URN for the request's `name`/`type` fields. */
function urnParts(u: string): { name: string; type: string } {
  const parts = u.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
    return { name: "", type: "" };
  }
  const name = parts.slice(3).join("::");
  const qualified = parts[2];
  return { name, type: qualified.slice(qualified.lastIndexOf("$") + 1) };
}

/** A request naming its resource the way the engine does: URN, name, type and (after create) id. */
function addressed(req: any, urn: string, id?: string): any {
  const { name, type } = urnParts(urn);
  req.setUrn(urn);
  req.setName(name);
  req.setType(type);
  if (id !== undefined) req.setId(id);
  return req;
}

function toStruct(props: Props): any {
  return structproto.Struct.fromJavaScript(props);
}

function toProps(struct: any): Props {
  return struct ? (struct.toJavaScript() as Props) : {};
}

const liveHosts = new Set<ChildProcess>();
process.once("exit", () => {
  // Safety net: never leave a host behind if a test forgot stop().
  for (const child of liveHosts) {
    child.kill("SIGKILL");
  }
});

export class ProviderHost {
  /** `performance.timeOrigin + performance.now()` just before spawning (ms since the epoch, fractional). */
  readonly startedAt: number;
  /** Same clock, once the port was printed, the channel is ready and Handshake answered. */
  readonly readyAt: number;
  readonly port: number;
  /** Resolves when the host process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private readonly child: ChildProcess;
  private readonly client: any;
  private readonly out: { stdout: string; stderr: string };
  private closed = false;

  private constructor(init: {
    child: ChildProcess;
    client: any;
    out: { stdout: string; stderr: string };
    port: number;
    startedAt: number;
    readyAt: number;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  }) {
    this.child = init.child;
    this.client = init.client;
    this.out = init.out;
    this.port = init.port;
    this.startedAt = init.startedAt;
    this.readyAt = init.readyAt;
    this.exited = init.exited;
  }

  /** Everything the host wrote to stdout so far (the first line is its port). */
  get stdout(): string {
    return this.out.stdout;
  }

  /** Everything the host wrote to stderr so far. */
  get stderr(): string {
    return this.out.stderr;
  }

  /**
   * The host's stderr once it matches `pattern`, or as it is after `timeoutMs`. What the host
   * prints travels on its own pipe and may arrive after the gRPC answer of the same call.
   */
  async waitForStderr(pattern: RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.out.stderr) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.out.stderr;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(options: HostOptions = {}): Promise<ProviderHost> {
    const project = options.project ?? DEFAULT_PROJECT;
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries({ ...process.env, ...options.env })) {
      if (v !== undefined) {
        env[k] = v;
      }
    }
    env.PULUMI_NODEJS_PROJECT = project;
    env.PULUMI_PROJECT = project;
    const cwd = options.cwd ?? path.resolve(__dirname, "..", "..");
    const engineAddress = "127.0.0.1:0";

    const startedAt = now();
    const child = spawn(process.execPath, [HOST_PATH, engineAddress], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    liveHosts.add(child);
    const out = { stdout: "", stderr: "" };
    child.stdout!.setEncoding("utf8").on("data", (s: string) => (out.stdout += s));
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (out.stderr += s));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      // "close", not "exit": stdout and stderr are fully read by then.
      child.once("close", (code, signal) => {
        liveHosts.delete(child);
        resolve({ code, signal });
      });
    });

    let client: any;
    try {
      const port = await readPort(child, out, exited);
      client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
      });
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + READY_TIMEOUT_MS, (err?: Error) => (err ? reject(err) : resolve())),
      );
      // The engine's first call. The dynamic host answers UNIMPLEMENTED and the engine falls back.
      // SDKs older than the Handshake RPC (3.139 has none) have neither the message nor the method.
      if (provproto.ProviderHandshakeRequest) {
        const hs = new provproto.ProviderHandshakeRequest();
        hs.setEngineAddress(engineAddress);
        hs.setRootDirectory(cwd);
        hs.setProgramDirectory(cwd);
        hs.setConfigureWithUrn(true);
        hs.setSupportsViews(true);
        hs.setSupportsRefreshBeforeUpdate(true);
        try {
          await unary(client, "handshake", "Handshake", hs);
        } catch (e) {
          if (!(e instanceof HostError && e.code === grpc.status.UNIMPLEMENTED)) {
            throw e;
          }
        }
      }
      return new ProviderHost({ child, client, out, port, startedAt, readyAt: now(), exited });
    } catch (e) {
      client?.close();
      child.kill("SIGKILL");
      await exited;
      const err = e instanceof Error ? e : new Error(String(e));
      err.message += `\nhost stderr:\n${out.stderr}`;
      throw err;
    }
  }

  /**
   * Configure as the engine does for the `pulumi-nodejs` default provider: `args` is a Struct
   * of the stack config with namespaces kept ("vectara:apiKey"), `variables` the same values
   * under the older "pulumi-nodejs:config:<key>" spelling. Keys listed in `secretKeys` are sent
   * wrapped as secrets (the engine marshals Configure with secrets kept); the host unwraps them.
   */
  async configure(config: Record<string, string>, opts: { secretKeys?: string[] } = {}): Promise<void> {
    const secret = new Set(opts.secretKeys ?? []);
    const args: Props = {};
    const req = new provproto.ConfigureRequest();
    for (const [k, v] of Object.entries(config)) {
      args[k] = secret.has(k) ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
      req.getVariablesMap().set(`pulumi-nodejs:config:${k}`, v);
    }
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    // The provider's own name and type: fields newer than some SDKs the tests run with (3.139).
    req.setName?.("default");
    req.setType?.(PROVIDER_TYPE);
    await this.call("configure", "Configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = addressed(new provproto.CheckRequest(), urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("check", "Check", req);
    return {
      inputs: toProps(resp.getInputs()),
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[]; deleteBeforeReplace: boolean }> {
    const req = addressed(new provproto.DiffRequest(), urn, id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call("diff", "Diff", req);
    const DiffChanges = provproto.DiffResponse.DiffChanges;
    const c = resp.getChanges();
    return {
      changes: c === DiffChanges.DIFF_SOME ? "some" : c === DiffChanges.DIFF_NONE ? "none" : "unknown",
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Props, opts: { preview?: boolean } = {}): Promise<{ id: string; properties: Props }> {
    const req = addressed(new provproto.CreateRequest(), urn);
    req.setProperties(toStruct(properties));
    req.setPreview(opts.preview ?? false);
    const resp = await this.call("create", "Create", req);
    return { id: resp.getId(), properties: toProps(resp.getProperties()) };
  }

  /** `inputs` is sent as ReadRequest.inputs (the engine sends the old inputs on refresh); the host ignores it. */
  async read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs?: Props }> {
    const req = addressed(new provproto.ReadRequest(), urn, id);
    req.setProperties(toStruct(properties));
    if (inputs) {
      req.setInputs(toStruct(inputs));
    }
    const resp = await this.call("read", "Read", req);
    const result: { id: string; properties: Props; inputs?: Props } = {
      id: resp.getId(),
      properties: toProps(resp.getProperties()),
    };
    if (resp.hasInputs()) {
      result.inputs = toProps(resp.getInputs());
    }
    return result;
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const req = addressed(new provproto.UpdateRequest(), urn, id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setPreview(false);
    const resp = await this.call("update", "Update", req);
    return { properties: toProps(resp.getProperties()) };
  }

  async delete(urn: string, id: string, properties: Props): Promise<void> {
    const req = addressed(new provproto.DeleteRequest(), urn, id);
    req.setProperties(toStruct(properties));
    await this.call("delete", "Delete", req);
  }

  /**
   * Abrupt end (default SIGKILL), for interruption tests. The channel stays open, so calls in
   * flight fail with UNAVAILABLE as they would for the engine. Call stop() afterwards to clean up.
   */
  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
    }
  }

  /** Close the channel and end the process (SIGTERM, SIGKILL after a grace period). Idempotent. */
  async stop(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.client.close();
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    } else {
      await this.exited;
    }
  }

  private call(fn: string, method: string, req: unknown): Promise<any> {
    if (this.closed) {
      return Promise.reject(new Error(`ProviderHost.${fn}: host stopped`));
    }
    return unary(this.client, fn, method, req);
  }
}

function unary(client: any, fn: string, method: string, req: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    client[fn](req, (err: unknown, resp: unknown) => (err ? reject(HostError.fromServiceError(method, err)) : resolve(resp)));
  });
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function readPort(
  child: ChildProcess,
  out: { stdout: string },
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`host printed no port within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const onData = () => {
      const nl = out.stdout.indexOf("\n");
      if (nl < 0) {
        return;
      }
      const line = out.stdout.slice(0, nl).trim();
      const port = Number(line);
      finish(Number.isInteger(port) && port > 0 ? port : new Error(`host printed ${JSON.stringify(line)} instead of a port`));
    };
    const onError = (e: Error) => finish(e);
    let done = false;
    function finish(result: number | Error) {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("error", onError);
      if (typeof result === "number") {
        resolve(result);
      } else {
        reject(result);
      }
    }
    // Registered after the accumulating listener in start(), so `out.stdout` is current here.
    child.stdout!.on("data", onData);
    child.once("error", onError);
    void exited.then(({ code, signal }) => finish(new Error(`host exited (code ${code}, signal ${signal}) before printing its port`)));
  });
}
