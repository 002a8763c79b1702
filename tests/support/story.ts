/**
 * A story: steps that build on each other (create, then edit, then destroy) run in order as ONE
 * test, so no test depends on another having run first; the suite's before/after hooks are that
 * test's own setup. A failing step fails the test naming the step, and the steps after it do
 * not run. Each passing step prints one line, so a run still shows how far a story got.
 */

export interface Story {
  /** One step; steps run in the order they are declared, inside one test. */
  step(name: string, fn: (this: Mocha.Context) => Promise<void> | void): void;
  /** Runs before every step (for example clearing the emulator's log). */
  beforeEachStep(fn: () => Promise<void> | void): void;
}

/** Collects the steps `body` declares in `suite` and registers them as one test. */
export function storySteps(suite: Mocha.Suite, body: (this: Mocha.Suite, story: Story) => void): void {
  const steps: { name: string; fn: (this: Mocha.Context) => Promise<void> | void }[] = [];
  const hooks: (() => Promise<void> | void)[] = [];
  body.call(suite, { step: (name, fn) => void steps.push({ name, fn }), beforeEachStep: (fn) => void hooks.push(fn) });
  const perStep = suite.timeout();
  it(`its ${steps.length} steps, in order, on its own setup`, async function () {
    this.timeout(perStep * steps.length);
    for (const [i, { name, fn }] of steps.entries()) {
      const started = Date.now();
      try {
        for (const hook of hooks) await hook();
        await fn.call(this);
      } catch (e) {
        if (e instanceof Error) e.message = `step ${i + 1} of ${steps.length}, "${name}": ${e.message}`;
        throw e;
      }
      process.stdout.write(`      · ${i + 1}. ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
    }
  });
}

/** `describe` for a story. */
export function describeStory(title: string, body: (this: Mocha.Suite, story: Story) => void): void {
  describe(title, function () {
    storySteps(this, body);
  });
}
