/**
 * Partial failures: a resource that exists but did not reach its desired state. The host
 * reports the error with `id` and `properties`, the engine records them in state, and the next
 * `pulumi up` diffs against what was recorded and finishes the job instead of creating a
 * duplicate.
 */
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";

/** The part of a provider that calls the API. */
export type Operations = Pick<ResourceProvider, "create" | "read" | "update" | "delete">;

/** An error the host reports as a partial failure: the resource exists, in the state `properties` describe. */
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

/**
 * The host adds `__provider` to the outputs of a successful create or update, but not to the
 * properties of a partial failure, and refresh and destroy load the provider from the outputs
 * in state: without it they fail ("code must be a string"). So a partial failure carries the
 * `__provider` of the request it answers.
 */
export function keepingProviderOnPartialFailure(operations: Operations): Operations {
  const withProvider = (e: unknown, request: Record<string, unknown>) =>
    e instanceof PartialCreateError && request.__provider !== undefined && e.properties.__provider === undefined
      ? new PartialCreateError(e.message, e.id, { ...e.properties, __provider: request.__provider }, e.reasons)
      : e;
  const { create, update } = operations;
  return {
    ...operations,
    async create(inputs) {
      try {
        return await create(inputs);
      } catch (e) {
        throw withProvider(e, inputs);
      }
    },
    ...(update && {
      async update(id: string, olds: any, news: any) {
        try {
          return await update(id, olds, news);
        } catch (e) {
          throw withProvider(e, news);
        }
      },
    }),
  };
}
