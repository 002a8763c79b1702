import type { CheckResult, DiffResult, ResourceProvider } from "@pulumi/pulumi/dynamic";
import type { UsersClient } from "../client";
import { sharedConnection, type Connection } from "./connection";
import { PartialCreateError } from "./partial-create-error";

/** The part of a provider that calls the API. */
export type Operations = Pick<ResourceProvider, "create" | "read" | "update" | "delete">;

/** Stack-wide settings that change what operations do (not how the client talks to the API). */
export interface OperationSettings {
  /** `vectara:adoptExactMatches`: creates look first and take over users whose username and email match exactly. */
  adoptExactMatches: boolean;
}

/** What a resource type brings: pure check and diff, and its operations given a client. */
export interface ResourceDefinition {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult;
  operations(client: () => UsersClient, settings: () => OperationSettings): Operations;
}

/**
 * The provider the host runs for one resource type. `configure` resolves the stack config
 * (one connection per host process, shared by every resource type); `check` fails the preview
 * on configuration that can never work; the operations take the client only when they call
 * the API, so missing credentials are reported by the first API call, never by a preview.
 */
export function vectaraProvider(definition: ResourceDefinition, connection: Connection = sharedConnection): ResourceProvider {
  return {
    async configure(req) {
      connection.configure(req.config);
    },
    async check(olds, news) {
      const problem = connection.problem();
      // A failure without a property: the engine prints "resource 'x' has a problem: <message>"
      // and fails the preview, without the stack trace the host logs for a thrown error.
      if (problem) return { inputs: news, failures: [{ property: "", reason: problem.message }] };
      return definition.check(olds, news);
    },
    async diff(id, olds, news) {
      return definition.diff(id, olds, news);
    },
    ...keepingProviderOnPartialFailure(
      definition.operations(
        () => connection.client(),
        () => ({ adoptExactMatches: connection.adoptExactMatches() }),
      ),
    ),
  };
}

/**
 * The host adds `__provider` to the outputs of a successful create or update, but not to the
 * properties of a partial failure, and refresh and destroy load the provider from the outputs
 * in state: without it they fail ("code must be a string"). So a partial failure carries the
 * `__provider` of the request it answers.
 */
function keepingProviderOnPartialFailure(operations: Operations): Operations {
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
