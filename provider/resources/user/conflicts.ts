/**
 * Why a create does not take an existing user over, in the words of the stack's owner: what
 * most likely happened and what to do. Used by operations.ts.
 */
import type { User } from "../../client";
import { CONFIG_KEYS } from "../../vectara/config";
import type { UserInputs } from "./schema";

/**
 * A 409 for a user that no resource of this run keeps: its likely causes, most likely first,
 * and when adopting is right.
 */
export function alreadyExists(inputs: UserInputs): Error {
  return new Error(
    `Vectara user "${inputs.username}" already exists (409), and no resource of this stack manages it. Likely causes, most likely first: ` +
      `(1) A duplicate in this program: another resource declares the same username or email (the preview names both when their values are known before the run), ` +
      `or this resource was renamed or moved under another parent without the resource option \`aliases\`: remove the duplicate, or give the renamed resource its old name (\`aliases: [{ name: "old-name" }]\`), so the stack keeps managing the user without any API call. ` +
      `(2) A user that another Pulumi stack or a person manages: leave it to them, and give this resource another username and email. ` +
      `Set \`adoptExisting: true\` on this resource only if this stack should manage that user from now on: its roles, description and enabled state become what this program declares, and removing the resource deletes the user. ` +
      `(3) An earlier \`pulumi up\` was interrupted (killed, out of memory, its provider host lost) after it created the user: run \`pulumi cancel\` if the stack is still locked, ` +
      `then \`pulumi config set ${CONFIG_KEYS.adoptExactMatches} true\` and \`pulumi up\`: every create then looks first and takes over only a user whose username and email match exactly; ` +
      `afterwards, \`pulumi config rm ${CONFIG_KEYS.adoptExactMatches}\` (and \`pulumi refresh --clear-pending-creates\` if the engine still warns of pending operations). ` +
      `(\`pulumi import\` and the \`import\` resource option do not work for dynamic resources.)`,
  );
}

/** A take-over of a user that another resource of this run keeps. */
export function keptByAnother(inputs: UserInputs, id: string): Error {
  return new Error(
    `Vectara user "${inputs.username}" (${id}) is managed by another VectaraUser of this stack, and is never taken over from it (by adoptExisting or ${CONFIG_KEYS.adoptExactMatches}); nothing was changed. ` +
      `Two resources declare the same user: remove one of them. To move the user to this resource, remove the other one from the program, or rename it with the resource option \`aliases\`.`,
  );
}

/** Two creates of one user in one run (values known only at run time, which the preview could not compare). */
export function createdTwice(inputs: UserInputs): Error {
  return new Error(
    `Another VectaraUser of this program creates the Vectara user "${inputs.username}" (or one with the email "${inputs.email}", compared without regard to case) in this run; nothing was sent for this one. ` +
      `One Vectara user can be managed by one resource only: remove one of them, or give this one its own username and email.`,
  );
}

/** `vectara:adoptExactMatches` met a user that is not an exact match. */
export function notExactMatch(inputs: UserInputs, existing: User): Error {
  return new Error(
    `Vectara user "${inputs.username}" exists with username ${JSON.stringify(existing.username)} and email ${JSON.stringify(existing.email)}, not exactly this resource's ("${inputs.username}", "${inputs.email}"), ` +
      `so ${CONFIG_KEYS.adoptExactMatches} does not take it over; nothing was changed. If it is the person this resource declares, declare the username and email as Vectara holds them, or set \`adoptExisting: true\` on this resource.`,
  );
}
