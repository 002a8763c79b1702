/** Waiting for what a test cannot await directly. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition` holds (polling), for events the test cannot await directly, such as
 * a late request acting in the emulator. The deadline is generous: only a real failure hits it.
 */
export async function eventually(condition: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`still not true after ${deadlineMs} ms: ${what}`);
    await sleep(20);
  }
}
