/**
 * What VectaraUser's operations say when they stop, in the words of the stack's owner: what
 * most likely happened and what to do (why a create does not take an existing user over, a user
 * gone or replaced, a create unconfirmed or unfinished). Used by operations.ts.
 */
import type { User } from "../../client";
import { CONFIG_KEYS } from "../../client/settings";
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

/** The username belongs to a user with another email. */
export function conflictWithOther(inputs: UserInputs, existingEmail: string): Error {
  return new Error(
    `Vectara user "${inputs.username}" exists with email "${existingEmail}", not "${inputs.email}". Usernames are unique in an account: choose another username, or set email to "${existingEmail}" to manage that user.`,
  );
}

/** A 409 whose user is not behind this username: another user has the email. */
export function emailTaken(inputs: UserInputs, conflict: string): Error {
  return new Error(
    `Cannot create Vectara user "${inputs.username}": ${conflict}. Another user already has the email "${inputs.email}" under a different username; ` +
      `if this stack should manage that user, give this resource its username (and \`adoptExisting: true\`); if another stack or a person manages it, leave it to them.`,
  );
}

/** The user a resource manages was deleted outside Pulumi. */
export function gone(username: string, id: string): Error {
  return new Error(
    `Vectara user "${username}" (${id}) no longer exists. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again.`,
  );
}

/** The username now names another user. */
export function replaced(username: string, mine: string, now: string): Error {
  return new Error(
    `Vectara user "${username}" is now ${now}, not ${mine}, the user this resource manages: ${mine} was deleted outside Pulumi and its username given to another user. Nothing was changed. ` +
      `Run \`pulumi refresh\` to drop ${mine} from state; the next \`pulumi up\` then stops at a 409 for ${now} (set \`adoptExisting: true\` only if that is the person this resource should manage, or choose another username).`,
  );
}

/** What a create whose answer was lost adds: how the next run resolves it. */
export function unconfirmedCreate(lost: string): string {
  return `${lost} The next \`pulumi up\` resolves this without a duplicate: it looks first, takes over the user only if it exists with this username and email (the one this POST made), and creates it otherwise; \`pulumi refresh\` resolves it too.`;
}

/** A user made or taken over whose PATCH to the declared state failed. */
export function unfinished(verb: string, username: string, id: string, pending: readonly string[], why: string): string {
  return `${verb} Vectara user "${username}" (${id}) but could not bring it to the desired state (${pending.join(", ")}): ${why}. Run \`pulumi up\` again to finish.`;
}

/** An update of a create still unconfirmed, whose look failed too. */
export function stillUnknown(username: string, why: string): string {
  return `Still not known whether Vectara user "${username}" was created; nothing was changed: ${why}`;
}

/** An update of a create still unconfirmed that found another user behind the username. */
export function notMadeByLostCreate(conflict: string): string {
  return `${conflict} The earlier create of this resource, whose answer was lost, did not make that user: \`pulumi refresh\` drops this resource from state.`;
}
