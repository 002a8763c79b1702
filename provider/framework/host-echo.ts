/**
 * The SDK's dynamic-provider host prints every error that check, diff, read or delete throws
 * to its stderr, as `${e}: ${e.stack}`, before it hands the error to the engine (every SDK
 * from 3.216 to 3.276 does). The engine shows that stderr at the stack level, so a user reads
 * the message again, repeated inside itself (`VectaraApiError: X: VectaraApiError: X`), with
 * a stack trace of this package's files, besides the error the engine shows on the resource.
 *
 * For an error this package means to report (not a bug), the resource's error is the one place
 * it belongs: `muteHostEcho` lets the host's print of exactly that error through to nowhere.
 * Anything else the host prints, a bug's stack included, still reaches stderr.
 */

/** The host's line for each error handed to it in this turn of the event loop, by count (two calls may fail alike). */
let expected: Map<string, number> | undefined;
let installed = false;

function take(line: string): boolean {
  const n = expected?.get(line);
  if (n === undefined) return false;
  if (n <= 1) expected!.delete(line);
  else expected!.set(line, n - 1);
  return true;
}

function install(): void {
  installed = true;
  const print = console.error;
  console.error = function (...args: unknown[]) {
    if (args.length === 1 && typeof args[0] === "string" && take(args[0])) return;
    print.apply(this, args);
  };
}

/**
 * Call just before `e` is thrown to the host. The host prints it within the same turn of the
 * event loop (its `await` of the provider's call resumes in a microtask), so expectations
 * lapse at the next macrotask: a host that does not print (create and update) leaves nothing
 * behind, and no later line is ever swallowed.
 */
export function muteHostEcho(e: Error): void {
  if (!installed) install();
  if (!expected) {
    const turn = new Map<string, number>();
    expected = turn;
    setImmediate(() => {
      if (expected === turn) expected = undefined;
    });
  }
  const line = `${e}: ${e.stack}`;
  expected.set(line, (expected.get(line) ?? 0) + 1);
}
