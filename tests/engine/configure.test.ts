/**
 * Configuration that can never work fails the preview through the real engine, in the stack
 * owner's words; no credential at all still previews (the first API call reports it).
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { DEFAULT_API_KEY } from "vectara-emulator";
import { describeEngine, EngineStack, EXAMPLES, vectaraSteps } from "../support/engine";

describeEngine("bad configuration through the real engine", () => {
  const open = (config: Record<string, string>, env: Record<string, string> = {}) =>
    EngineStack.open({ projectDir: path.join(EXAMPLES, "basic"), config, env });

  // "3000000": longer than a Node.js timer can wait (2^31 - 1 ms); it used to be accepted, and then
  // every request timed out at once.
  for (const value of ["abc", "3000000"]) {
    it(`fails the preview on vectara:timeoutSeconds ${value} with the message, naming neither a client option nor a stack trace`, async () => {
      const stack = await open({ "vectara:apiKey": DEFAULT_API_KEY, "vectara:timeoutSeconds": value });
      try {
        const preview = await stack.preview();
        assert.ok(preview.error, "the preview fails");
        assert.match(
          preview.error,
          new RegExp(
            `resource '(ada|grace)' has a problem: vectara:timeoutSeconds must be a number of seconds greater than 0 and at most 2147483 \\(.*\\), got "${value}"`,
          ),
        );
        assert.doesNotMatch(preview.error, /\n\s+at /, "no stack trace");
        assert.doesNotMatch(preview.error, /timeoutMs/, "no client option");
        assert.deepEqual(vectaraSteps(preview), []);
      } finally {
        stack.remove();
      }
    });
  }

  it("fails the preview on a half-set OAuth environment, saying what is missing", async () => {
    const stack = await open({}, { VECTARA_CLIENT_ID: "abc" });
    try {
      const preview = await stack.preview();
      assert.match(preview.error ?? "", /VECTARA_CLIENT_ID is set in the environment but VECTARA_CLIENT_SECRET is not/);
    } finally {
      stack.remove();
    }
  });

  it("previews without any credential: the plan, no error", async () => {
    const stack = await open({});
    try {
      const preview = await stack.preview();
      assert.equal(preview.error, undefined);
      assert.deepEqual(vectaraSteps(preview), ["create ada", "create grace"]);
    } finally {
      stack.remove();
    }
  });
});
