/**
 * Issue 17, item 1, through the real Pulumi CLI: one Vectara user, one resource. Two
 * VectaraUsers of one program that name the same user (same username; same email, compared
 * without regard to case; plain values or outputs) fail the preview with one error naming
 * both, before any API call, even when the second asks for `adoptExisting`. Where the program
 * cannot see both (two copies of the package, e.g. one bundled by a component library), the
 * provider host still refuses to hand one resource's user to the other.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { VectaraUser, type ApiRole } from "pulumi-vectara";
import { VectaraEmulator } from "vectara-emulator";
import { describeEngineStory, EngineStack, vectaraSteps, type RunResult } from "../support/engine";
import { apiKeyTarget } from "./helpers";

interface Declared {
  name: string;
  email: string;
  username?: string;
  apiRoles?: ApiRole[];
  adoptExisting?: boolean;
  /** The email as a secret output (as `config.requireSecret` gives it). */
  secretEmail?: boolean;
  /** Declared with a second copy of the package, which has its own view of the program. */
  secondCopy?: boolean;
  /** The email only known once this (earlier declared) resource has its userId: unknown in a preview of its create. */
  emailAfter?: string;
}

/** A second copy of pulumi-vectara's modules, as a component library that bundles its own would load. */
function secondCopyOfPackage(): typeof import("pulumi-vectara") {
  const dist = path.dirname(require.resolve("pulumi-vectara"));
  const saved = Object.keys(require.cache).filter((file) => file.startsWith(dist + path.sep));
  const kept = new Map(saved.map((file) => [file, require.cache[file]]));
  for (const file of saved) delete require.cache[file];
  try {
    return require("pulumi-vectara");
  } finally {
    for (const file of Object.keys(require.cache)) if (file.startsWith(dist + path.sep)) delete require.cache[file];
    for (const [file, module] of kept) require.cache[file] = module;
  }
}

/**
 * The one error a failed run printed for the duplicate: on resource `name`, once, without a
 * stack trace; its text after the engine's "resource '…' has a problem: ".
 */
function theOneError(run: RunResult, name: string): string {
  assert.ok(run.error, "the command fails");
  assert.deepEqual(
    run.errors.map((e) => e.name),
    [name],
    JSON.stringify(run.errors, null, 2),
  );
  const [{ message }] = run.errors;
  assert.doesNotMatch(message, /\n/, "one line, no stack trace");
  const prefix = `pulumi-nodejs:dynamic/vectara:User resource '${name}' has a problem: `;
  assert.ok(message.startsWith(prefix), message);
  return message.slice(prefix.length);
}

describeEngineStory("one Vectara user, one resource: duplicates fail the preview, naming both", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let declared: Declared[] = [{ name: "alice", email: "alice@example.com", apiRoles: ["viewer"] }];
  const second = secondCopyOfPackage();

  before(async () => {
    emulator = await VectaraEmulator.start();
    const target = apiKeyTarget(emulator);
    stack = await EngineStack.open({
      project: "vectara-duplicates",
      program: async () => {
        const resources: Record<string, VectaraUser> = {};
        for (const d of declared) {
          const Class = d.secondCopy ? second.VectaraUser : VectaraUser;
          const email = d.secretEmail
            ? pulumi.secret(d.email)
            : d.emailAfter
              ? resources[d.emailAfter].userId.apply(() => d.email)
              : d.email;
          // The second copy's resource waits for the first one's step, so the order of the two is fixed.
          const opts = d.secondCopy ? { dependsOn: Object.values(resources) } : {};
          resources[d.name] = new Class(
            d.name,
            { email, username: d.username, apiRoles: d.apiRoles, adoptExisting: d.adoptExisting },
            opts,
          );
        }
        return {};
      },
      ...target,
    });
    const first = await stack.up();
    assert.equal(first.error, undefined, first.error);
  });
  after(async () => {
    await emulator?.stop();
  });
  story.beforeEachStep(() => emulator.clearLog());

  const alice = () => emulator.getUser("alice@example.com")!;
  const ALICE: Declared = { name: "alice", email: "alice@example.com", apiRoles: ["viewer"] };

  story.step(
    "the same email in another case, adoptExisting on the second: preview and up fail with one error naming both, no API call",
    async () => {
      const id = alice().id;
      declared = [ALICE, { name: "alice-admin", email: "Alice@Example.com", apiRoles: ["administrator"], adoptExisting: true }];
      for (const run of [await stack.preview(), await stack.up()]) {
        assert.equal(
          theOneError(run, "alice-admin"),
          'VectaraUser resources "alice" and "alice-admin" both declare the Vectara user "Alice@Example.com" (the same username and email, compared without regard to case). ' +
            "One Vectara user can be managed by one resource only: with two, the second would take over (or fail to create) the first one's user, and removing either would delete it. " +
            "Keep one of them (for a person listed twice, merge the entries), or give the other its own username and email.",
        );
      }
      assert.deepEqual(emulator.calls(), [], "no API call");
      assert.equal(alice().id, id);
      assert.deepEqual(alice().api_roles, ["viewer"], "still a viewer");
    },
  );

  story.step("the same username under another email, and the same email under another username: the same", async () => {
    declared = [ALICE, { name: "alice-2", email: "alice2@example.com", username: "ALICE@example.com" }];
    assert.match(
      theOneError(await stack.preview(), "alice-2"),
      /^VectaraUser resources "alice" and "alice-2" both declare the Vectara user "ALICE@example.com" \(the same username,/,
    );
    declared = [ALICE, { name: "alice-3", email: "alice@example.com", username: "alice3" }];
    assert.match(
      theOneError(await stack.preview(), "alice-3"),
      /^VectaraUser resources "alice" and "alice-3" both declare the email "alice@example.com", which Vectara gives to one user only\./,
    );
    assert.deepEqual(emulator.calls(), []);
  });

  story.step("an email that is a secret output: one error, the value not shown", async () => {
    declared = [ALICE, { name: "alice-secret", email: "alice@example.com", secretEmail: true, adoptExisting: true }];
    for (const run of [await stack.preview(), await stack.up()]) {
      const message = theOneError(run, "alice-secret");
      assert.match(
        message,
        /^VectaraUser resources "alice" and "alice-secret" both declare the same Vectara user \(its username or email is a secret, not shown here\)\./,
      );
      assert.ok(!message.includes("alice@example.com"));
    }
    assert.deepEqual(emulator.calls(), []);
  });

  story.step("an email known only during the up: the preview cannot tell, the up refuses it before its create", async () => {
    const CAROL: Declared = { name: "carol", email: "carol@example.com" };
    declared = [ALICE, CAROL, { name: "alice-late", email: "alice@example.com", emailAfter: "carol" }];
    const preview = await stack.preview();
    assert.equal(preview.error, undefined, preview.error);
    const run = await stack.up();
    assert.match(
      theOneError(run, "alice-late"),
      /^VectaraUser resources "alice" and "alice-late" both declare the Vectara user "alice@example.com"/,
    );
    assert.deepEqual(
      emulator.writes().map((c) => `${c.method} ${c.status}`),
      ["POST 201"],
      "carol's create only",
    );
    assert.deepEqual(alice().api_roles, ["viewer"]);
    declared = [ALICE];
    const back = await stack.up();
    assert.equal(back.error, undefined, back.error);
    assert.equal(emulator.getUser("carol@example.com"), undefined);
  });

  story.step(
    "a second copy of the package (the program's check cannot compare): the host refuses the take-over, nothing written",
    async () => {
      declared = [
        ALICE,
        { name: "alice-admin", email: "alice@example.com", apiRoles: ["administrator"], adoptExisting: true, secondCopy: true },
      ];
      const run = await stack.up();
      assert.ok(run.error, "the up fails");
      assert.match(
        run.errors.find((e) => e.name === "alice-admin")?.message ?? run.error,
        /Vectara user "alice@example.com" \(usr_\w+\) is managed by another VectaraUser of this stack, and is never taken over from it/,
      );
      assert.deepEqual(emulator.writes(), [], "nothing written");
      assert.deepEqual(alice().api_roles, ["viewer"], "still a viewer");
    },
  );

  story.step("back to one resource per user: at rest, alice unchanged", async () => {
    declared = [ALICE];
    const run = await stack.up();
    assert.equal(run.error, undefined, run.error);
    assert.deepEqual(vectaraSteps(run), []);
    assert.deepEqual(emulator.writes(), []);
    assert.deepEqual(alice().api_roles, ["viewer"]);
  });
});
