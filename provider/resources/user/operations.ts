/**
 * create / read / update / delete of VectaraUser, through the client they are given; the
 * requests and outputs follow the table in schema.ts. providers/user.ts wires them to the
 * shared connection; tests hand them a client of their own.
 */
import {
  isConflict,
  isCreateUnconfirmed,
  isNotFound,
  sameEmail,
  UsernameTakenError,
  type CreateUserRequest,
  type UpdateUserRequest,
  type User,
  type UsersClient,
} from "../../client";
import { holderOf, type Expected } from "../../vectara/ownership";
import { PartialCreateError } from "../../framework/partial-failure";
import type { Operations, OperationSettings } from "../../framework/provider";
import { inputKeys, keysWhere } from "../../framework/schema";
import { withoutUndefined } from "../../framework/values";
import { changedProperties } from "./diff";
import { claimsThisRun, type UserClaims } from "./claims";
import { alreadyExists, createdTwice, keptByAnother, notExactMatch } from "./conflicts";
import { managedId, unconfirmedId } from "./identity";
import { USER_SCHEMA, type UserInputs, type UserOutputs, type UserRow } from "./schema";

const ROWS = Object.entries(USER_SCHEMA) as [keyof UserOutputs, UserRow][];
const INPUT_KEYS = inputKeys(USER_SCHEMA) as (keyof UserInputs)[];
const KEPT_ON_UPDATE = keysWhere(USER_SCHEMA, "none") as (keyof UserInputs)[];

/**
 * VectaraUser's operations, each API call made with `client()`; `settings()` are the stack's
 * (`vectara:adoptExactMatches`). `claims` holds the users that the resources of this run keep
 * (claims.ts); tests pass their own.
 */
export function userOperations(
  client: () => UsersClient,
  settings: () => OperationSettings = () => ({ adoptExactMatches: false }),
  claims: UserClaims = claimsThisRun,
): Operations {
  return {
    async create(inputs: UserInputs) {
      const api = client();
      if (!claims.startCreate(inputs)) throw createdTwice(inputs);
      try {
        return await createUser(api, inputs, claims, settings());
      } catch (e) {
        // No user was made: the username is free again for this run.
        if (!(e instanceof PartialCreateError)) claims.endCreate(inputs);
        throw e;
      }
    },
    async read(id: string, props: UserOutputs) {
      const holder = await holderOf(client(), props.username, expectedUser(id, props));
      // Gone, or the username now belongs to someone else: the user this resource managed no longer exists.
      if (holder.kind !== "ours") return { id: "" };
      const outs = withoutUndefined(outputsOf(holder.user, props));
      return { id: holder.user.id, props: outs, inputs: withoutUndefined(pick(outs, INPUT_KEYS)) };
    },
    async update(id: string, olds: UserOutputs, news: UserInputs) {
      const api = client();
      const mine = managedId(id, olds);
      if (!mine) return settleUnconfirmed(api, id, news, claims, settings());
      const pending = changedProperties(olds, news);
      if (pending.length === 0) return { outs: withoutUndefined({ ...olds, ...pick(news, KEPT_ON_UPDATE) }) };
      const holder = await holderOf(api, olds.username, { id: mine });
      if (holder.kind === "none") throw gone(olds.username, mine);
      if (holder.kind === "other") throw replaced(olds.username, mine, holder.user.id);
      try {
        const user = await api.update(olds.username, patchOf(pending, news));
        return { outs: withoutUndefined(outputsOf(user, news)) };
      } catch (e) {
        if (isNotFound(e)) throw gone(olds.username, mine);
        throw e;
      }
    },
    async delete(id: string, props: UserOutputs) {
      const api = client();
      const holder = await holderOf(api, props.username, expectedUser(id, props));
      // Already gone, or someone else's now: nothing of ours to delete. Kept by a resource the
      // program still declares (a rename without `aliases`, in this run or after a run that
      // failed before this delete): the user is that resource's now; only this one leaves.
      if (holder.kind !== "ours" || claims.claimed(holder.user.id)) return;
      try {
        await api.delete(props.username);
      } catch (e) {
        if (!isNotFound(e)) throw e; // already gone is what we wanted
      }
    },
  };
}

/** The user a resource expects behind its username: its id, or while unconfirmed, the email its POST sent. */
function expectedUser(id: string, props: UserOutputs): Expected {
  const mine = managedId(id, props);
  return mine ? { id: mine } : { email: props.email };
}

/** Create: a user made, or taken over, and brought to the declared state. */
async function createUser(api: UsersClient, inputs: UserInputs, claims: UserClaims, settings: OperationSettings) {
  let created: Created;
  try {
    created = await createOrAdopt(api, inputs, claims, settings);
  } catch (e) {
    if (!isCreateUnconfirmed(e)) throw e;
    // The user may exist: record the resource, so the next `up` looks before it creates.
    throw new PartialCreateError(
      `${e.message} The next \`pulumi up\` resolves this without a duplicate: it looks first, takes over the user only if it exists with this username and email (the one this POST made), and creates it otherwise; \`pulumi refresh\` resolves it too.`,
      unconfirmedId(inputs.username),
      unconfirmedOutputs(inputs),
    );
  }
  return finish(api, created.user.id, created.user, inputs, created.tookOver ? "Took over" : "Created");
}

/** A user a create made, or took over. */
interface Created {
  user: User;
  tookOver: boolean;
}

/**
 * The client creates the user at most once (it reconciles a POST whose answer was lost); a
 * 409 fails with its likely causes, or takes the existing user over where that is allowed
 * (`takeOver`). `adoptExisting` and `vectara:adoptExactMatches` look first: a program that
 * adopts a whole account (`pulumi-vectara import`) makes one GET per user and POSTs only for a
 * user that is not there.
 */
async function createOrAdopt(api: UsersClient, inputs: UserInputs, claims: UserClaims, settings: OperationSettings): Promise<Created> {
  if (inputs.adoptExisting || settings.adoptExactMatches) {
    const existing = await api.find(inputs.username);
    if (existing) return { user: takeOver(existing, inputs, claims, settings), tookOver: true };
  }
  let conflict: unknown;
  try {
    return { user: await api.createReconciled(createRequestOf(inputs)), tookOver: false };
  } catch (e) {
    if (e instanceof UsernameTakenError) throw conflictWithOther(inputs, e.existingEmail);
    if (!isConflict(e)) throw e;
    conflict = e;
  }
  const existing = await api.find(inputs.username);
  if (!existing) {
    throw new Error(
      `Cannot create Vectara user "${inputs.username}": ${message(conflict)}. Another user already has the email "${inputs.email}" under a different username; ` +
        `if this stack should manage that user, give this resource its username (and \`adoptExisting: true\`); if another stack or a person manages it, leave it to them.`,
    );
  }
  return { user: takeOver(existing, inputs, claims, settings), tookOver: true };
}

/**
 * `existing` (the user behind this resource's username), taken over if that is allowed: it has
 * this resource's email, no other resource of the stack keeps it, and this resource asks for it
 * (`adoptExisting`), or the stack does (`vectara:adoptExactMatches`) and username and email
 * match exactly. Otherwise an error that says why, and what to do.
 */
function takeOver(existing: User, inputs: UserInputs, claims: UserClaims, settings: OperationSettings): User {
  if (!sameEmail(existing, inputs.email)) throw conflictWithOther(inputs, existing.email);
  if (claims.claimed(existing.id)) throw keptByAnother(inputs, existing.id);
  if (!inputs.adoptExisting) {
    if (!settings.adoptExactMatches) throw alreadyExists(inputs);
    if (existing.username !== inputs.username || existing.email !== inputs.email) throw notExactMatch(inputs, existing);
  }
  claims.claim(existing.id);
  return existing;
}

/**
 * Update of a resource whose create was never confirmed (recorded under a placeholder id,
 * without `userId`): look before creating. A user with this username and email is the one the
 * lost POST made: take it over. No user: create it now. Anything failing leaves the resource
 * unconfirmed, for the next `up`.
 */
async function settleUnconfirmed(api: UsersClient, id: string, news: UserInputs, claims: UserClaims, settings: OperationSettings) {
  const stillUnconfirmed = (why: string) => new PartialCreateError(why, id, unconfirmedOutputs(news));
  let holder;
  try {
    holder = await holderOf(api, news.username, { email: news.email });
  } catch (e) {
    throw stillUnconfirmed(`Still not known whether Vectara user "${news.username}" was created; nothing was changed: ${message(e)}`);
  }
  if (holder.kind === "other") {
    throw stillUnconfirmed(
      `${conflictWithOther(news, holder.user.email).message} The earlier create of this resource, whose answer was lost, did not make that user: \`pulumi refresh\` drops this resource from state.`,
    );
  }
  if (holder.kind === "ours" && claims.claimed(holder.user.id)) throw stillUnconfirmed(keptByAnother(news, holder.user.id).message);
  let user: User;
  if (holder.kind === "ours") {
    user = holder.user;
  } else {
    try {
      user = (await createOrAdopt(api, news, claims, settings)).user;
    } catch (e) {
      throw stillUnconfirmed(message(e));
    }
  }
  const { outs } = await finish(api, id, user, news, holder.kind === "ours" ? "Took over" : "Created");
  return { outs };
}

/**
 * A user just created or taken over, brought to the declared state: one PATCH of what differs
 * (the POST cannot set `enabled`; a user taken over may differ in anything). If that PATCH
 * fails the user is recorded anyway (a partial failure), and the next `up` patches it.
 */
async function finish(api: UsersClient, resourceId: string, user: User, inputs: UserInputs, verb: string) {
  const outs = outputsOf(user, inputs);
  const pending = changedProperties(outs, inputs);
  if (pending.length === 0) return { id: resourceId, outs: withoutUndefined(outs) };
  try {
    const patched = await api.update(outs.username, patchOf(pending, inputs));
    return { id: resourceId, outs: withoutUndefined(outputsOf(patched, inputs)) };
  } catch (e) {
    throw new PartialCreateError(
      `${verb} Vectara user "${outs.username}" (${user.id}) but could not bring it to the desired state (${pending.join(", ")}): ${message(e)}. Run \`pulumi up\` again to finish.`,
      resourceId,
      withoutUndefined(outs),
    );
  }
}

function conflictWithOther(inputs: UserInputs, existingEmail: string): Error {
  return new Error(
    `Vectara user "${inputs.username}" exists with email "${existingEmail}", not "${inputs.email}". Usernames are unique in an account: choose another username, or set email to "${existingEmail}" to manage that user.`,
  );
}

function gone(username: string, id: string): Error {
  return new Error(
    `Vectara user "${username}" (${id}) no longer exists. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again.`,
  );
}

function replaced(username: string, mine: string, now: string): Error {
  return new Error(
    `Vectara user "${username}" is now ${now}, not ${mine}, the user this resource manages: ${mine} was deleted outside Pulumi and its username given to another user. Nothing was changed. ` +
      `Run \`pulumi refresh\` to drop ${mine} from state; the next \`pulumi up\` then stops at a 409 for ${now} (set \`adoptExisting: true\` only if that is the person this resource should manage, or choose another username).`,
  );
}

/** What state records for a create whose outcome is unknown: the declared inputs, no server values. */
function unconfirmedOutputs(inputs: UserInputs): UserOutputs {
  const outs: Record<string, unknown> = {};
  for (const [property, row] of ROWS) outs[property] = row.role === "input" ? inputs[property as keyof UserInputs] : row.default;
  return withoutUndefined(outs) as UserOutputs;
}

/** The POST body: the properties it carries (`onCreate` in the table). */
function createRequestOf(inputs: UserInputs): CreateUserRequest {
  const request: Record<string, unknown> = {};
  for (const [property, row] of ROWS) {
    if (row.role !== "input" || !row.api || !row.onCreate) continue;
    const value = inputs[property as keyof UserInputs];
    if (row.onCreate === "always" || value) request[row.api] = value;
  }
  return withoutUndefined(request) as unknown as CreateUserRequest;
}

/** One PATCH carrying only the properties that changed. */
function patchOf(properties: string[], inputs: UserInputs): UpdateUserRequest {
  const patch: Record<string, unknown> = {};
  for (const property of properties) {
    const row = USER_SCHEMA[property as keyof typeof USER_SCHEMA] as UserRow;
    if (row.api) patch[row.api] = inputs[property as keyof UserInputs];
  }
  return patch as UpdateUserRequest;
}

/** State after an API call: what the server says, plus the inputs the server does not hold. */
function outputsOf(user: User, declared: Partial<UserInputs>): UserOutputs {
  const outs: Record<string, unknown> = {};
  for (const [property, row] of ROWS) {
    const mine = declared[property as keyof UserInputs];
    if (!row.api) outs[property] = mine ?? row.default;
    else if (row.role === "input" && row.fromApi) outs[property] = row.fromApi(user[row.api], mine);
    else outs[property] = user[row.api] ?? row.default;
  }
  return outs as UserOutputs;
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
