/**
 * Which Node.js and which @pulumi/pulumi the provider host that the real engine starts runs on
 * (through its launcher `pulumi-resource-pulumi-nodejs`, which runs the `node` first on the PATH).
 */
import assert from "node:assert/strict";
import { describeEngine, EngineStack } from "../support/engine";
import { assertRuntime, RuntimeProbe } from "../support/runtime-probe";

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
