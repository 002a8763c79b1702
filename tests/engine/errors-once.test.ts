/**
 * Issue 17, item 4, through the real Pulumi CLI: a Vectara or configuration error reads once,
 * as one diagnostic on the resource it concerns, in `pulumi up`, `refresh` and `destroy`: no
 * echo of it at the stack level, no stack trace, no message repeated inside itself
 * (`VectaraApiError: X: VectaraApiError: X`). The engine's own summary at the stack level
 * ("update failed") is all the stack says. tests/host/reliability/errors-once.test.ts shows
 * why, through the provider host.
 */
import assert from "node:assert/strict";
import { VectaraEmulator } from "vectara-emulator";
import * as path from "node:path";
import { describeEngineStory, EXAMPLES, type EngineStack, type RunResult } from "../support/engine";
import { describePlainStory, type PlainStack } from "../support/plain-cli";
import { apiKeyTarget, assertFailed, openExample, openPlain, RosterCopy, usernames } from "./helpers";

/** The command failed; `said` is on `resource` alone, once; the stack has only the engine's summary. */
function assertSaidOnce(result: RunResult, resource: string, said: RegExp): void {
  const output = assertFailed(result);
  const onResources = result.errors.filter((e) => e.name !== "");
  assert.deepEqual(
    onResources.map((e) => e.name),
    [resource],
    output,
  );
  assert.match(onResources[0].message, said);
  assert.deepEqual(
    result.errors.filter((e) => e.name === "").map((e) => e.message),
    ["update failed"],
    "no echo of the error at the stack level",
  );
  assertReadable(output);
}

/** No stack trace, no class name, no message repeated inside itself. */
function assertReadable(output: string): void {
  assert.doesNotMatch(output, /\n\s+at /, "no stack trace");
  assert.doesNotMatch(output, /Vectara\w*Error|Unhandled exception/, "the message alone");
  for (const line of output.split("\n")) {
    const message = /error: (.{20,})$/.exec(line)?.[1];
    if (message) assert.equal(line.split(message).length - 1, 1, `repeated inside itself: ${line}`);
  }
}

describeEngineStory("errors read once in pulumi up, refresh and destroy", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;

  before(async () => {
    emulator = await VectaraEmulator.start();
    stack = await openExample("basic", emulator);
    const up = await stack.up();
    assert.equal(up.error, undefined, up.error);
  });
  after(async () => emulator?.stop());
  /** The resource (examples/basic: ada, grace) whose request on `route` the fault answered. */
  const failedUser = (route: "getUser" | "deleteUser") =>
    emulator.calls(route).find((c) => c.fault !== undefined)!.username === "grace" ? "grace" : "ada";
  story.beforeEachStep(() => {
    emulator.clearLog();
    emulator.clearFaults();
  });

  story.step("refresh: a failed GET is one diagnostic, on its user", async () => {
    emulator.inject("getUser", { kind: "status", status: 500, message: "Refresh fault." });
    const result = await stack.refresh();
    assertSaidOnce(result, failedUser("getUser"), /^Vectara API 500 Internal Server Error on GET \/v2\/users\/.*: Refresh fault\./);
  });

  story.step("up: a failed PATCH is one diagnostic, on its user", async () => {
    await stack.setConfig("vectara:maxRetries", "0");
    emulator.inject("updateUser", { kind: "status", status: 503, message: "Update fault." });
    // State says ada's description is another: the up brings it back, one PATCH.
    await stack.editState((resources) => {
      const ada = resources.find((r) => r.urn.endsWith("::ada"))!;
      ada.inputs!.description = "Stale description";
      ada.outputs!.description = "Stale description";
    });
    assertSaidOnce(
      await stack.up(),
      "ada",
      /^Vectara API 503 Service Unavailable on PATCH \/v2\/users\/ada%40example\.com: Update fault\./,
    );
  });

  story.step("destroy: a failed DELETE is one diagnostic, on its user; the other user is deleted", async () => {
    emulator.inject("deleteUser", { kind: "status", status: 500, message: "Delete fault." });
    const result = await stack.destroy();
    const failed = failedUser("deleteUser");
    assertSaidOnce(result, failed, /^Vectara API 500 Internal Server Error on DELETE \/v2\/users\/.*: Delete fault\./);
    assert.deepEqual(usernames(emulator), [failed === "ada" ? "ada@example.com" : "grace"]);
  });

  story.step("a configuration error saved by a failed up: refresh and destroy say it once, on the user", async () => {
    await stack.setConfig("vectara:timeoutSeconds", "abc");
    assertFailed(await stack.up()); // fails at check; the engine saves the config nonetheless
    const says = /^vectara:timeoutSeconds must be a number of seconds greater than 0 .*, got "abc"/;
    const user = (await stack.resources())
      .find((r) => r.type === "pulumi-nodejs:dynamic/vectara:User")!
      .urn.split("::")
      .pop()!;
    assertSaidOnce(await stack.refresh(), user, says);
    assertSaidOnce(await stack.destroy(), user, says);
    assert.deepEqual(emulator.calls(), [], "no request with a configuration that cannot work");
  });
});

describePlainStory("listVectaraUsers failing in an up: the error alone, once, not an unhandled exception", function (story) {
  let emulator: VectaraEmulator;
  let stack: PlainStack;
  before(async () => {
    emulator = await VectaraEmulator.start();
    const roster = new RosterCopy();
    stack = await openPlain(path.join(EXAMPLES, "team"), apiKeyTarget(emulator), { "vectara-team:roster": roster.file });
  });
  after(async () => emulator?.stop());

  story.step("the team's `unmanagedUsers` cannot list: plain `pulumi up` fails with the Vectara error once, no stack trace", async () => {
    emulator.inject("listUsers", { kind: "status", status: 500, times: 10, message: "List fault." });
    const result = await stack.up();
    const output = assertFailed(result);
    // As users run it (the language host): said once. (An Automation API inline program, as in
    // `npm start`, may say it twice: the SDK's inline runner logs it and returns it too.)
    const listing = result.errors.filter((e) => /listVectaraUsers/.test(e.message)).map((e) => e.message);
    assert.equal(listing.length, 1, output);
    assert.match(listing[0], /^listVectaraUsers: Vectara API 500 Internal Server Error on GET \/v2\/users: List fault\./);
    assertReadable(output);
  });
});
