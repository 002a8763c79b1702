import type { CheckResult, DiffResult, ResourceProvider } from "@pulumi/pulumi/dynamic";
import type { UsersClient } from "../client";
import { sharedConnection, type Connection } from "./connection";

/** The part of a provider that calls the API. */
export type Operations = Pick<ResourceProvider, "create" | "read" | "update" | "delete">;

/** What a resource type brings: pure check and diff, and its operations given a client. */
export interface ResourceDefinition {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult;
  operations(client: () => UsersClient): Operations;
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
    ...definition.operations(() => connection.client()),
  };
}
