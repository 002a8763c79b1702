/**
 * `isolateInlineRuns` (provider/framework/inline-runs.ts): Automation API inline runs of one
 * process (the engine tests, `npm start`'s preview then up, a team's deployment service) each get
 * fresh connections. An earlier run's clients are never closed by the SDK; when one of them failed
 * to reach its exited engine, a later run whose engine listens on the same port must still reach
 * it (otherwise its registrations fail and the SDK ends the program quietly: an `up` that declared
 * nothing, which creates no one in a new stack and would delete everyone in an existing one).
 * Here with tests/host so that every leg of the matrix runs it on its own SDK's options.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import type * as grpcTypes from "@grpc/grpc-js";
import { isolateInlineRuns } from "pulumi-vectara";

// The gRPC library of the SDK itself (a dependency of @pulumi/pulumi, not of this package).
const grpc: typeof grpcTypes = createRequire(require.resolve("@pulumi/pulumi"))("@grpc/grpc-js");

const text = { serialize: (s: string) => Buffer.from(s), deserialize: (b: Buffer) => b.toString() };
const service = {
  echo: {
    path: "/test.Echo/Echo",
    requestStream: false,
    responseStream: false,
    requestSerialize: text.serialize,
    requestDeserialize: text.deserialize,
    responseSerialize: text.serialize,
    responseDeserialize: text.deserialize,
  },
};
const EchoClient = grpc.makeGenericClientConstructor(service, "Echo");
const client = (port: number, options: Record<string, unknown>) =>
  new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options) as unknown as Echo;
type Echo = grpcTypes.Client & { echo(request: string, callback: (error: grpcTypes.ServiceError | null, reply?: string) => void): void };

function serve(port: number): Promise<{ server: grpcTypes.Server; port: number }> {
  const server = new grpc.Server();
  server.addService(service, {
    echo: (call: { request: string }, done: (e: null, reply: string) => void) => done(null, `echo ${call.request}`),
  });
  return new Promise((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve({ server, port: bound }),
    ),
  );
}

function call(client: Echo): Promise<string> {
  return new Promise((resolve) => client.echo("hi", (error, reply) => resolve(error ? `error ${error.code}` : reply!)));
}

/** As two inline runs meet it: run 1's engine exits, its client fails once and stays open; run 2's engine gets run 1's port. */
async function secondRunOnReusedPort(options: Record<string, unknown>): Promise<string> {
  const first = await serve(0);
  const firstClient = client(first.port, options);
  assert.equal(await call(firstClient), "echo hi");
  first.server.forceShutdown();
  assert.equal(await call(firstClient), `error ${grpc.status.UNAVAILABLE}`, "run 1's late call finds its engine gone");
  const second = await serve(first.port);
  const secondClient = client(first.port, options);
  try {
    return await call(secondClient);
  } finally {
    firstClient.close();
    secondClient.close();
    second.server.forceShutdown();
  }
}

describe("isolateInlineRuns: inline runs of one process never share a dead connection", () => {
  it("without isolation, grpc-js hands a new client the failed connection of an old one to the same address", async () => {
    assert.equal(await secondRunOnReusedPort({}), `error ${grpc.status.UNAVAILABLE}`);
  });

  it("once pulumi-vectara is loaded, a client made with the SDK's options (as each run's are) reaches the new server", async () => {
    const sdk = pulumi.runtime as unknown as { grpcClientOptions?: Record<string, unknown>; grpcChannelOptions: Record<string, unknown> };
    assert.equal(await secondRunOnReusedPort({ ...(sdk.grpcClientOptions ?? sdk.grpcChannelOptions) }), "echo hi");
  });

  it("says whether this SDK had options to set (it has, on every SDK of the matrix)", () => {
    assert.equal(isolateInlineRuns(pulumi.runtime), true);
    assert.equal(isolateInlineRuns({}), false);
  });
});
