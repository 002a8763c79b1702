/**
 * Which Node.js and which @pulumi/pulumi the SDK's provider host runs on when the tests start
 * it themselves (tests/engine/versions-runtime.test.ts asks the same of the real engine's host).
 */
import { ProviderHost, urn } from "../../support/host";
import { assertRuntime, runtimeProvider, type Runtime } from "../../support/runtime-probe";
import { serializeProvider } from "../../support/serialize";

describe("versions: the SDK's provider host runs on the Node.js and SDK under test", function () {
  this.timeout(30_000);

  it("reports its Node.js and SDK from inside the host process", async () => {
    const host = await ProviderHost.start();
    try {
      await host.configure({});
      const provider = await serializeProvider(runtimeProvider);
      const created = await host.create(urn("pulumi-nodejs:dynamic:Resource", "probe"), { __provider: provider });
      assertRuntime("provider host (harness)", created.properties as unknown as Runtime);
    } finally {
      await host.stop();
    }
  });
});
