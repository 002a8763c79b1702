import type { CheckResult, DiffResult, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { isVectaraApiError, VectaraError, type UsersClient } from "../client";
import { uncarriedFailures } from "./carriable";
import { sharedConnection, type Connection } from "../vectara/connection";
import { muteHostEcho } from "./host-echo";
import { PartialCreateError } from "./partial-failure";

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
 * What a 401 or 403 during a read or delete adds. Without `--run-program`, `pulumi refresh`
 * and `pulumi destroy` configure the provider from the config the last `pulumi up` recorded in
 * state, not from the current stack config; so a key rotated in the config since is not used.
 * Said so that it is true wherever a read or delete runs (refresh, destroy, an `up` that
 * deletes or refreshes).
 */
export const SAVED_CREDENTIALS_NOTE =
  "Note: without `--run-program`, `pulumi refresh` and `pulumi destroy` use the Vectara credentials saved in the stack by the last " +
  "`pulumi up`, not the current stack config. If this is one of them and the credentials changed since (a rotated key, another " +
  "client), run it again with `--run-program` (`pulumi refresh --run-program`, `pulumi destroy --run-program`), which uses the " +
  "current config, or run `pulumi up` once first, which saves it.";

/**
 * The provider the host runs for one resource type. `configure` resolves the stack config
 * (one connection per host process, shared by every resource type); `check` fails the preview
 * on configuration that can never work; the operations take the client only when they call
 * the API, so missing credentials are reported by the first API call, never by a preview.
 * Every error reaches the user once, on its resource (`reported`).
 */
export function vectaraProvider(definition: ResourceDefinition, connection: Connection = sharedConnection): ResourceProvider {
  const {
    create,
    read,
    update,
    delete: remove,
  } = keepingProviderOnPartialFailure(
    definition.operations(
      () => connection.client(),
      () => ({ adoptExactMatches: connection.adoptExactMatches() }),
    ),
  );
  return {
    async configure(req) {
      connection.configure(req.config);
    },
    check: reported(async (olds: Record<string, unknown>, news: Record<string, unknown>) => {
      const problem = connection.problem();
      // A failure without a property: the engine prints "resource 'x' has a problem: <message>"
      // and fails the preview, without the stack trace the host logs for a thrown error.
      if (problem) return { inputs: news, failures: [{ property: "", reason: problem.message }] };
      const uncarried = uncarriedFailures(news);
      if (uncarried.length) return { inputs: news, failures: uncarried };
      return definition.check(olds, news);
    }),
    diff: reported(async (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => definition.diff(id, olds, news)),
    create: reported(create),
    ...(read && { read: reported(read, withSavedCredentialsNote) }),
    ...(update && { update: reported(update) }),
    ...(remove && { delete: reported(remove, withSavedCredentialsNote) }),
  };
}

/**
 * An operation whose errors reach the user once: on the resource, where the engine shows the
 * error the host returns. An expected error (anything but a JavaScript runtime error, which
 * is a bug) is kept from the host's print to stderr (host-echo.ts); `explain` may add to it.
 */
function reported<A extends unknown[], R>(operation: (...args: A) => Promise<R>, explain: (e: unknown) => unknown = (e) => e) {
  return async (...args: A): Promise<R> => {
    try {
      return await operation(...args);
    } catch (caught) {
      const e = explain(caught);
      if (e instanceof Error && !isBug(e)) muteHostEcho(e);
      throw e;
    }
  };
}

const BUGS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** A JavaScript runtime error: a bug, whose stack trace is worth its noise. */
function isBug(e: Error): boolean {
  return BUGS.some((kind) => e instanceof kind);
}

/** A refused credential in a read or delete, with SAVED_CREDENTIALS_NOTE added. */
function withSavedCredentialsNote(e: unknown): unknown {
  const refused = isVectaraApiError(e) && (e.status === 401 || e.status === 403 || e.name === "VectaraAuthError");
  return refused ? new VectaraError(`${e.message} ${SAVED_CREDENTIALS_NOTE}`, { cause: e }) : e;
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
