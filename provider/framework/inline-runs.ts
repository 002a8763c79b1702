/**
 * Every Automation API inline run of a process on connections of its own.
 *
 * The SDK never closes an inline run's clients of the engine and of its resource monitor (its
 * disconnect closes only a language host's), and a run's last calls often reach an engine that
 * has already exited (log lines, the shutdown signal after a failed run). grpc-js keeps such a
 * failed connection in a process-wide pool, by address, and fails every call on it at once
 * until its reconnect backoff has passed (longer after each failed attempt). The kernel reuses
 * ports: a later run whose engine listens where an earlier one did can be handed the dead
 * connection, its first registration fails with UNAVAILABLE, the SDK takes that for an
 * engine shutting down and ends the program quietly, and the engine sees a program that
 * declared nothing. For a new stack that is an `up` that "succeeds" creating no one (what this
 * project's CI saw, about once per run of its suites, before this); for an existing one, an `up`
 * that would delete every user the stack manages.
 * A pool per client gives each run fresh sockets. One program per process (the language host
 * of a plain `pulumi up`) is unaffected either way.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Applied when this package loads. A process that runs inline programs before it loads this
 * package (or programs that never import it) calls it itself, before its first run. Returns
 * whether the SDK (`runtime`: its `pulumi.runtime`) had options to set: `grpcClientOptions`
 * (3.248 and later in the matrix), `grpcChannelOptions` (3.216), which a run reads when it
 * makes its clients.
 */
export function isolateInlineRuns(runtime: object = pulumi.runtime): boolean {
  const sdk = runtime as { grpcClientOptions?: Record<string, unknown>; grpcChannelOptions?: Record<string, unknown> };
  const options = [sdk.grpcClientOptions, sdk.grpcChannelOptions].filter(
    (o): o is Record<string, unknown> => o !== undefined && Object.isExtensible(o),
  );
  for (const o of options) o["grpc.use_local_subchannel_pool"] = 1;
  return options.length > 0;
}
