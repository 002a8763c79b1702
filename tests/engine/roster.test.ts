/**
 * A roster with a mistake, through the real engine (examples/team): the preview fails with the
 * loader's message, once and without a stack trace, before any API call; an `up` changes
 * nothing, in Vectara or in state; the fixed roster finds the stack as it was.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { VectaraEmulator } from "vectara-emulator";
import { describeEngineStory, type EngineStack, type RunResult } from "../support/engine";
import { assertNoChanges, openTeam, RosterCopy, storyHooks } from "./helpers";

const { person } = RosterCopy;

/**
 * The run failed with the loader's message as its only error, with no stack trace anywhere.
 * (The Automation API's inline server, which runs the program here, reports a RunError twice:
 * from its unhandled-rejection handler and as the run's error; the language host of a plain
 * `pulumi up` reports it once. `npm start` checks the roster before it starts the engine.)
 */
function assertFailedWith(result: RunResult, message: RegExp): void {
  assert.notEqual(result.error, undefined, "the command failed");
  assert.ok(result.errors.length > 0, "an error diagnostic");
  for (const e of result.errors) {
    assert.match(e.message, new RegExp(`^${message.source}`), "the loader's message is the only error");
    assert.doesNotMatch(e.message, /Unhandled exception|\n\s+at /, "no stack trace");
  }
  assert.doesNotMatch(result.error!, /Unhandled exception|\n\s+at /);
}

describeEngineStory("a roster with a mistake, through the real engine", function (story) {
  let emulator: VectaraEmulator;
  let stack: EngineStack;
  let roster: RosterCopy;
  let stateBefore: string;
  storyHooks(
    story,
    (emulator) => {
      roster = new RosterCopy();
      return openTeam(emulator, roster);
    },
    (e, s) => ((emulator = e), (stack = s)),
  );

  /** Users in state and in the emulator, with their roles. */
  async function snapshot(): Promise<string> {
    const resources = (await stack.resources()).map((r) => JSON.stringify([r.urn, r.id, r.outputs?.apiRoles])).sort();
    const users = emulator
      .users()
      .map((u) => JSON.stringify([u.id, u.username, u.api_roles]))
      .sort();
    return JSON.stringify([resources, users]);
  }

  story.step("the team is up", async () => {
    assert.equal((await stack.up()).error, undefined);
    stateBefore = await snapshot();
  });

  story.step(
    'a typo\'d key ("apiRole" for "apiRoles") fails the preview, naming the file, the person and the key, with no API call',
    async () => {
      roster.edit((people) => {
        const linus = person(people, "linus");
        linus.apiRole = linus.apiRoles;
        delete linus.apiRoles;
      });
      const result = await stack.preview();
      assertFailedWith(
        result,
        new RegExp(
          `${roster.file}:\\d+:\\d+: person "linus" \\(people\\[2\\]\\): "apiRole" is not a key of a person; did you mean "apiRoles"\\?`,
        ),
      );
      assert.deepEqual(emulator.requests, [], "no request at all, token included");
    },
  );

  story.step("an up of that roster changes nothing: no request, the same state, linus keeps his role", async () => {
    const result = await stack.up();
    assertFailedWith(result, new RegExp(`${roster.file}:\\d+:\\d+: person "linus" \\(people\\[2\\]\\): "apiRole" is not a key`));
    assert.deepEqual(emulator.requests, []);
    assert.equal(await snapshot(), stateBefore);
    assert.deepEqual(emulator.getUser("linus@example.com")?.api_roles, ["viewer"]);
  });

  story.step("a JSON syntax error names the file, line and column, without a stack trace", async () => {
    const text = fs.readFileSync(roster.file, "utf8");
    fs.writeFileSync(roster.file, text.replace(/\n(\s*)"apiRole"/, '\n$1"apiRoles": ["viewer"],\n$1"enabled": true,\n$1}'));
    const result = await stack.up();
    assertFailedWith(result, new RegExp(`${roster.file}:\\d+:\\d+: not valid JSON: `));
    assert.deepEqual(emulator.requests, []);
    assert.equal(await snapshot(), stateBefore);
  });

  story.step("the same person twice (an email in another case) fails the preview, naming both", async () => {
    fs.writeFileSync(
      roster.file,
      JSON.stringify({
        people: [
          { name: "ada", email: "ada@example.com" },
          { name: "ada-again", email: "Ada@Example.com" },
        ],
      }),
    );
    const result = await stack.preview();
    assertFailedWith(
      result,
      /\S+:1:\d+: person "ada-again" \(people\[1\]\): the Vectara user "Ada@Example\.com" is also declared by person "ada" \(people\[0\]\)/,
    );
    assert.deepEqual(emulator.requests, []);
  });

  story.step("the roster put right: the stack is as it was, nothing to change", async () => {
    fs.copyFileSync(new RosterCopy().file, roster.file);
    await assertNoChanges(stack, emulator, ["listUsers"]);
    assert.equal(await snapshot(), stateBefore);
  });
});
