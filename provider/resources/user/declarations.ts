/**
 * The users the VectaraUsers of one program run declare, so that a second resource for the same
 * user fails the preview before any API call, with one error naming both (uniqueness.ts).
 *
 * The second resource is registered with the message as its `__duplicate` input, and the
 * provider's check refuses it: the engine then prints it once, as a problem of that resource,
 * both when the program runs under the Node.js language host and as an Automation API inline
 * program. (A RunError thrown by the program reads the same under the language host, but an
 * inline program's error is printed twice: once by the SDK's inline server, once by the CLI.)
 * A check failure also covers values that are outputs: the message is an output of them, known
 * when they are (a secret from config at preview, another resource's output at the latest
 * before this resource's create).
 *
 * Scoped to the run's stack resource: an Automation API process runs programs many times (a
 * preview, then an up), and each run has its own. Outside a run (the SDK's mocks without a
 * stack) there is nothing to compare with, and nothing is checked.
 */
import * as pulumi from "@pulumi/pulumi";
import { duplicateMessage, uniqueKeys, usernameOf, type DeclaredIdentity } from "./uniqueness";

type Declaration = { name: string } & DeclaredIdentity;

const runs = new WeakMap<object, Map<string, Declaration>>();

/** The declarations of the current run, or undefined outside one. */
function thisRun(): Map<string, Declaration> | undefined {
  const stack = pulumi.runtime.getStackResource();
  if (!stack) return undefined;
  let declared = runs.get(stack);
  if (!declared) runs.set(stack, (declared = new Map()));
  return declared;
}

/**
 * Records the user of resource `name`; the message naming both when another resource of the
 * run declares the same one. A value that is not a string is left to the provider's check,
 * which names it.
 */
function declare(declared: Map<string, Declaration>, name: string, email: unknown, username: unknown, secret = false): string | undefined {
  if (typeof email !== "string") return undefined;
  const declaration: Declaration = { name, email, username: usernameOf(email, username) };
  const keys = uniqueKeys(declaration);
  const first = keys.map((key) => declared.get(key)).find((d) => d !== undefined);
  if (first) return duplicateMessage(first, declaration, secret);
  for (const key of keys) declared.set(key, declaration);
  return undefined;
}

/**
 * Declares resource `name`'s user for this run: undefined when no other VectaraUser of the run
 * declares it, else the message naming both (an output while email or username is one).
 */
export function declareUser(
  name: string,
  email: pulumi.Input<string>,
  username: pulumi.Input<string | undefined> | undefined,
): pulumi.Input<string | undefined> | undefined {
  const declared = thisRun();
  if (!declared) return undefined;
  const plain = (value: unknown) => !pulumi.Output.isInstance(value) && !(value instanceof Promise);
  if (plain(email) && plain(username)) return declare(declared, name, email, username);
  const identity = pulumi.all([email, username]);
  return pulumi.all([identity, pulumi.isSecret(identity)]).apply(([[e, u], secret]) => declare(declared, name, e, u, secret));
}
