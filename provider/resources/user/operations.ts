/**
 * create / read / update / delete of VectaraUser, through the client they are given; the
 * requests and outputs follow the table in schema.ts (framework/mapping.ts). definition.ts
 * wires them to the provider host's connection; tests hand them a client of their own.
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
import { createRequest, outputsFrom, patchRequest, pick, unconfirmedOutputs } from "../../framework/mapping";
import { PartialCreateError, type Operations } from "../../framework/partial-failure";
import { inputKeys, keysWhere } from "../../framework/schema";
import { withoutUndefined } from "../../framework/values";
import type { OperationSettings } from "../../vectara/connection";
import { holderOf, type Expected } from "../../vectara/ownership";
import { managedId, unconfirmedId } from "../../vectara/unconfirmed";
import { claimsThisRun, type UserClaims } from "./claims";
import { changedProperties } from "./diff";
import {
  alreadyExists,
  conflictWithOther,
  createdTwice,
  emailTaken,
  gone,
  keptByAnother,
  notExactMatch,
  notMadeByLostCreate,
  replaced,
  stillUnknown,
  unconfirmedCreate,
  unfinished,
} from "./messages";
import { USER_SCHEMA, type UserInputs, type UserOutputs } from "./schema";

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
      const mine = managedId(id, olds.userId);
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
  const mine = managedId(id, props.userId);
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
    throw new PartialCreateError(unconfirmedCreate(e.message), unconfirmedId(inputs.username), unconfirmedOutputsOf(inputs));
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
  if (!existing) throw emailTaken(inputs, message(conflict));
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
  const stillUnconfirmed = (why: string) => new PartialCreateError(why, id, unconfirmedOutputsOf(news));
  let holder;
  try {
    holder = await holderOf(api, news.username, { email: news.email });
  } catch (e) {
    throw stillUnconfirmed(stillUnknown(news.username, message(e)));
  }
  if (holder.kind === "other") {
    throw stillUnconfirmed(notMadeByLostCreate(conflictWithOther(news, holder.user.email).message));
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
    throw new PartialCreateError(unfinished(verb, outs.username, user.id, pending, message(e)), resourceId, withoutUndefined(outs));
  }
}

/** What state records for a create whose outcome is unknown: the declared inputs, no server values. */
function unconfirmedOutputsOf(inputs: UserInputs): UserOutputs {
  return unconfirmedOutputs(USER_SCHEMA, inputs) as UserOutputs;
}

/** The POST body: the properties it carries (`onCreate` in the table). */
function createRequestOf(inputs: UserInputs): CreateUserRequest {
  return createRequest(USER_SCHEMA, inputs) as unknown as CreateUserRequest;
}

/** One PATCH carrying only the properties that changed. */
function patchOf(properties: string[], inputs: UserInputs): UpdateUserRequest {
  return patchRequest(USER_SCHEMA, properties, inputs) as UpdateUserRequest;
}

/** State after an API call: what the server says, plus the inputs the server does not hold. */
function outputsOf(user: User, declared: Partial<UserInputs>): UserOutputs {
  return outputsFrom(USER_SCHEMA, user as unknown as Record<string, unknown>, declared) as UserOutputs;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
