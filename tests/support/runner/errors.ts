/** The text of anything thrown or rejected, for steps and error lines. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
