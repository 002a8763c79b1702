/**
 * Where a provider really ran: a dynamic resource whose outputs are the Node.js, executable and
 * @pulumi/pulumi of the process that created it, and the check that they are the ones under
 * test. The compatibility matrix (tools/matrix) sets MATRIX_EXPECT_NODE and MATRIX_EXPECT_SDK:
 * the host must then run on exactly those, not on what happens to be installed.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { runtimeProvider } from "./fixtures/runtime-provider";

export { runtimeProvider };

const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

/** One resource whose outputs say where its provider ran. */
export class RuntimeProbe extends pulumi.dynamic.Resource {
  declare readonly node: pulumi.Output<string>;
  declare readonly execPath: pulumi.Output<string>;
  declare readonly sdk: pulumi.Output<string>;
  constructor(name: string) {
    super(runtimeProvider, name, { node: undefined, execPath: undefined, sdk: undefined }, {});
  }
}

export interface Runtime {
  node: unknown;
  execPath: unknown;
  sdk: unknown;
}

export function assertRuntime(where: string, seen: Runtime): void {
  process.stdout.write(`      ${where}: Node ${String(seen.node)} (${String(seen.execPath)}), @pulumi/pulumi ${String(seen.sdk)}\n`);
  assert.equal(seen.node, process.version, `${where} runs on the Node.js of the tests`);
  assert.equal(seen.sdk, SDK_VERSION, `${where} runs the SDK the tests resolve`);
  const expected = { node: process.env.MATRIX_EXPECT_NODE, sdk: process.env.MATRIX_EXPECT_SDK };
  if (expected.node) assert.equal(seen.node, expected.node, `${where}: the Node.js the matrix leg asked for`);
  if (expected.sdk) assert.equal(seen.sdk, expected.sdk, `${where}: the SDK the matrix leg asked for`);
}
