/**
 * An error the host reports as a partial failure: the resource exists (so the engine records
 * `id` and `properties` in state) but did not reach its desired state. The next `pulumi up`
 * diffs against what was recorded and finishes the job instead of creating a duplicate.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "PartialCreateError";
  }
}
