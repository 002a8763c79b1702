/**
 * An offline stack runner: a STAND-IN for `pulumi preview/up/refresh/destroy`, NOT Pulumi.
 *
 * It exists so example programs can be proven end to end in CI without the Pulumi CLI (which
 * cannot be installed here), and it backs `npm start`. It runs a real program with the real SDK
 * under `pulumi.runtime.setMocks`, and plays the engine's part for dynamic resources against
 * the SDK's real dynamic-provider host (../host.ts): Configure, then Check/Diff/Create/Update/
 * Delete/Read over gRPC, with the engine's step logic (same/update/replace, both replacement
 * orders, deletes of what the program no longer declares, dependents first), a JSON state file
 * checkpointed atomically after every step (./state.ts), and secrets encrypted in it.
 *
 * What it does NOT do (use the real CLI for any of these):
 * - Only `pulumi-nodejs:dynamic/...` custom resources and component resources. Any other custom
 *   resource fails the registration; explicit providers, invokes (`call`), `get`/ReadResource,
 *   `import`, stack references, remote components, transforms and hooks are not supported.
 * - Resource options ignored (a warning line is logged): protect, ignoreChanges,
 *   replaceOnChanges, retainOnDelete, deletedWith, replacementTrigger, customTimeouts, hideDiffs,
 *   aliases (a rename is a delete plus a create). `deleteBeforeReplace` (the option wins over the
 *   provider's answer when set) and `additionalSecretOutputs` ARE honoured.
 * - No replacement of dependents: with delete-before-replace the engine first deletes and later
 *   recreates the resources that depend on the replaced one; this runner does not.
 * - No detailed diff (a provider's `changes: undefined` is settled by comparing old and new
 *   inputs), no plans, no `--target`, no refresh during up, no `--continue-on-error` switch
 *   (independent registrations always continue), no retries, no cancellation, no locking (one run
 *   per state file at a time), no history or backups, no duplicate-URN check. The state file is
 *   this runner's own JSON, not `pulumi stack export`'s format.
 * - Preview: updates return the checked inputs over the old outputs, creates and replacements
 *   the checked inputs with every other output unknown; so a dependent of an updated resource
 *   may preview as `same` and then update in `up` when a computed output changes.
 * - A failed run (any step error, or the program throws) deletes nothing, as the engine: what
 *   the program no longer declares, and old halves of replacements (marked `delete: true`), stay
 *   in state for the next successful `up`. A partially created resource is updated next time.
 * - refresh Reads custom resources only and does not run the program; destroy does not either.
 * - `parallel` bounds concurrent provider calls (Check and Diff included), not steps.
 * - URNs in state, steps and errors are the engine's; the program itself sees the SDK mock
 *   monitor's URNs (`urn:...::pulumi:pulumi:Stack$type::name`) in `resource.urn`.
 * - The program runs in THIS process (the engine runs a separate language host): the SDK's
 *   runtime is process-global, so never run two stacks at the same time in one process. The
 *   runtime settings, config and unhandled-rejection listeners are restored after each run.
 * - Stack outputs: secrets are shown as "[secret]", values not known in a preview as "[unknown]".
 */
export { preview, up } from "./up";
export { refresh } from "./refresh";
export { destroy } from "./destroy";
export { readState, type ResourceState, type StackState } from "./state";
export type { RunResult, StackOptions, Step, StepOp } from "./types";
