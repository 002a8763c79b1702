/**
 * The dynamic-provider adapter: a resource's definition (its table, pure check and diff, its
 * operations) and the API layer's host (configuration, context, what a failure adds) -> the
 * provider object the SDK's provider host runs. Knows no resource and no API.
 */
import type { CheckResult, DiffResult, ResourceProvider } from "@pulumi/pulumi/dynamic";
import { uncarriedFailures } from "./carriable";
import { checkInputs, withDefaults, withoutDefaults } from "./check";
import { tableDiff } from "./diff";
import { muteHostEcho } from "./host-echo";
import { keepingProviderOnPartialFailure, type Operations } from "./partial-failure";
import type { Schema } from "./schema";

export type { Operations };

/** What a resource type brings: its table, pure check and diff (derived from the table when absent), its operations given a context. */
export interface ResourceDefinition<Context> {
  schema: Schema;
  /**
   * Inputs that check leaves out of the inputs it returns (so out of state's inputs) when at
   * their default, and that create and update get back: fewer properties for the engine to
   * carry, diff and write per resource. Diff counts a missing input as its default; the outputs
   * still hold every property.
   */
  leanInputs?: readonly string[];
  check?(olds: Record<string, unknown>, news: Record<string, unknown>): CheckResult;
  diff?(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): DiffResult;
  operations(context: Context): Operations;
}

/** What the provider host hands `configure`: the stack config, secrets already decrypted. */
export interface ProviderConfig {
  get(key: string): string | undefined;
}

/** What the API layer brings to every provider: configuration, the operations' context, how a failure reads. */
export interface ProviderHost<Context> {
  /** From each provider's `configure` (the host calls it once per resource type and `__provider` text). */
  configure(config: ProviderConfig): void;
  /** A configuration that can never work: every check fails on it, so the preview does. */
  problem(): Error | undefined;
  context: Context;
  /** What a failed read or delete (refresh, destroy) says instead of `e`. */
  explainReadOrDelete?(e: unknown): unknown;
}

/**
 * The provider the host runs for one resource type. check fails the preview on configuration
 * that can never work and on input strings the SDK could not carry; the operations get their
 * context, which reaches the API only when they call it (so a preview needs no credential).
 * Every error reaches the user once, on its resource (`reported`).
 */
export function dynamicProvider<Context>(definition: ResourceDefinition<Context>, host: ProviderHost<Context>): ResourceProvider {
  const { schema } = definition;
  const check = definition.check ?? ((_olds: Record<string, unknown>, news: Record<string, unknown>) => checkInputs(schema, news));
  const diff =
    definition.diff ?? ((_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => tableDiff(schema, olds, news));
  const lean = definition.leanInputs ?? [];
  const full = keepingProviderOnPartialFailure(definition.operations(host.context));
  const { delete: remove } = full;
  // A refresh's inputs as lean as check's: else its diff would list the left-out defaults as changes.
  const read =
    full.read &&
    (async (id: string, props: any) => {
      const result = await full.read!(id, props);
      return result.inputs && lean.length ? { ...result, inputs: withoutDefaults(schema, result.inputs, lean) } : result;
    });
  const create: typeof full.create = (inputs) => full.create(withDefaults(schema, inputs));
  const update = full.update && ((id: string, olds: any, news: any) => full.update!(id, olds, withDefaults(schema, news)));
  const explain = host.explainReadOrDelete;
  return {
    async configure(req) {
      host.configure(req.config);
    },
    check: reported(async (olds: Record<string, unknown>, news: Record<string, unknown>) => {
      const problem = host.problem();
      // A failure without a property: the engine prints "resource 'x' has a problem: <message>"
      // and fails the preview, without the stack trace the host logs for a thrown error.
      if (problem) return { inputs: news, failures: [{ property: "", reason: problem.message }] };
      const uncarried = uncarriedFailures(news);
      if (uncarried.length) return { inputs: news, failures: uncarried };
      const checked = await check(olds, news);
      return checked.failures?.length || !lean.length
        ? checked
        : { ...checked, inputs: withoutDefaults(schema, checked.inputs ?? {}, lean) };
    }),
    diff: reported(async (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => diff(id, olds, news)),
    create: reported(create),
    ...(read && { read: reported(read, explain) }),
    ...(update && { update: reported(update) }),
    ...(remove && { delete: reported(remove, explain) }),
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
