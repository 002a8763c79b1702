/**
 * Which Node.js and which @pulumi/pulumi the provider host really runs on, in both tiers: the
 * host the tests start themselves, and the one the real engine starts through its launcher
 * (`pulumi-resource-pulumi-nodejs`, which runs the `node` first on the PATH). The compatibility
 * matrix (tools/matrix) runs this file with another Node and SDK and sets MATRIX_EXPECT_NODE and
 * MATRIX_EXPECT_SDK: the host must then run on exactly those, not on what happens to be installed.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { describeEngine, EngineStack } from "../support/engine";
import { ProviderHost, urn } from "../support/host";
import { serializeProvider } from "../support/serialize";
import { runtimeProvider } from "./fixtures/runtime-provider";

const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

/** One resource whose outputs say where its provider ran. */
class RuntimeProbe extends pulumi.dynamic.Resource {
  declare readonly node: pulumi.Output<string>;
  declare readonly execPath: pulumi.Output<string>;
  declare readonly sdk: pulumi.Output<string>;
  constructor(name: string) {
    super(runtimeProvider, name, { node: undefined, execPath: undefined, sdk: undefined }, {});
  }
}

interface Runtime {
  node: unknown;
  execPath: unknown;
  sdk: unknown;
}

function assertRuntime(where: string, seen: Runtime): void {
  process.stdout.write(`      ${where}: Node ${String(seen.node)} (${String(seen.execPath)}), @pulumi/pulumi ${String(seen.sdk)}\n`);
  assert.equal(seen.node, process.version, `${where} runs on the Node.js of the tests`);
  assert.equal(seen.sdk, SDK_VERSION, `${where} runs the SDK the tests resolve`);
  const expected = { node: process.env.MATRIX_EXPECT_NODE, sdk: process.env.MATRIX_EXPECT_SDK };
  if (expected.node) assert.equal(seen.node, expected.node, `${where}: the Node.js the matrix leg asked for`);
  if (expected.sdk) assert.equal(seen.sdk, expected.sdk, `${where}: the SDK the matrix leg asked for`);
}

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

describeEngine("versions: the provider host the real engine starts runs on the Node.js and SDK under test", () => {
  let stack: EngineStack | undefined;
  after(() => stack?.remove());

  it("reports its Node.js and SDK from inside the host process", async () => {
    stack = await EngineStack.open({
      project: "runtime-probe",
      program: async () => {
        const probe = new RuntimeProbe("probe");
        return { hostNode: probe.node, hostExecPath: probe.execPath, hostSdk: probe.sdk };
      },
    });
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
    assertRuntime("provider host (engine)", { node: up.outputs.hostNode, execPath: up.outputs.hostExecPath, sdk: up.outputs.hostSdk });
  });
});
