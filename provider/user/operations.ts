/**
 * create / read / update / delete of VectaraUser, through the client they are given; the
 * requests and outputs follow the table in schema.ts. providers/user.ts wires them to the
 * shared connection; tests hand them a client of their own.
 */
import {
  isConflict,
  isNotFound,
  UsernameTakenError,
  type CreateUserRequest,
  type UpdateUserRequest,
  type User,
  type UsersClient,
} from "../client";
import { PartialCreateError } from "../runtime/partial-create-error";
import type { Operations } from "../runtime/provider";
import { inputKeys, keysWhere } from "../runtime/schema";
import { withoutUndefined } from "../runtime/values";
import { changedProperties } from "./diff";
import { USER_SCHEMA, type UserInputs, type UserOutputs, type UserRow } from "./schema";

const ROWS = Object.entries(USER_SCHEMA) as [keyof UserOutputs, UserRow][];
const INPUT_KEYS = inputKeys(USER_SCHEMA) as (keyof UserInputs)[];
const KEPT_ON_UPDATE = keysWhere(USER_SCHEMA, "none") as (keyof UserInputs)[];

/** VectaraUser's operations, each API call made with `client()`. */
export function userOperations(client: () => UsersClient): Operations {
  return {
    async create(inputs: UserInputs) {
      const api = client();
      const user = await createOrAdopt(api, inputs);
      const outs = outputsOf(user, inputs);
      const pending = changedProperties(outs, inputs);
      if (pending.length === 0) return { id: user.id, outs: withoutUndefined(outs) };
      try {
        const patched = await api.update(outs.username, patchOf(pending, inputs));
        return { id: user.id, outs: withoutUndefined(outputsOf(patched, inputs)) };
      } catch (e) {
        // The user exists: record it, so the next `up` patches it instead of creating it again.
        throw new PartialCreateError(
          `Created Vectara user "${outs.username}" (${user.id}) but could not bring it to the desired state (${pending.join(", ")}): ${message(e)}. Run \`pulumi up\` again to finish.`,
          user.id,
          withoutUndefined(outs),
        );
      }
    },
    async read(id: string, props: UserOutputs) {
      const user = await client().find(props.username);
      // Gone, or the same username with another id: the user we created was deleted and another took its name.
      if (!user || (id && user.id !== id)) return { id: "" };
      const outs = withoutUndefined(outputsOf(user, props));
      return { id: user.id, props: outs, inputs: withoutUndefined(pick(outs, INPUT_KEYS)) };
    },
    async update(id: string, olds: UserOutputs, news: UserInputs) {
      const pending = changedProperties(olds, news);
      if (pending.length === 0) return { outs: withoutUndefined({ ...olds, ...pick(news, KEPT_ON_UPDATE) }) };
      try {
        const user = await client().update(olds.username, patchOf(pending, news));
        return { outs: withoutUndefined(outputsOf(user, news)) };
      } catch (e) {
        if (isNotFound(e)) {
          throw new Error(
            `Vectara user "${olds.username}" (${id}) no longer exists. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create it again.`,
          );
        }
        throw e;
      }
    },
    async delete(_id: string, props: UserOutputs) {
      try {
        await client().delete(props.username);
      } catch (e) {
        if (!isNotFound(e)) throw e; // already gone is what we wanted
      }
    },
  };
}

/**
 * The client creates the user at most once (it reconciles a POST whose answer was lost); a
 * 409 either fails with how to adopt, or (adoptExisting) takes the existing user over.
 * adoptExisting looks first: a program that adopts a whole account (`pulumi-vectara import`)
 * makes one GET per user and POSTs only for a user that is not there.
 */
async function createOrAdopt(api: UsersClient, inputs: UserInputs): Promise<User> {
  if (inputs.adoptExisting) {
    const existing = await api.find(inputs.username);
    if (existing && !sameEmail(existing, inputs)) throw conflictWithOther(inputs, existing.email);
    if (existing) return existing;
  }
  try {
    return await api.createReconciled(createRequestOf(inputs));
  } catch (e) {
    if (e instanceof UsernameTakenError) throw conflictWithOther(inputs, e.existingEmail);
    if (isConflict(e)) return adopt(api, inputs, e);
    throw e;
  }
}

async function adopt(api: UsersClient, inputs: UserInputs, conflict: unknown): Promise<User> {
  const existing = await api.find(inputs.username);
  if (!existing) {
    throw new Error(
      `Cannot create Vectara user "${inputs.username}": ${message(conflict)}. Another user already has the email "${inputs.email}" under a different username; give this resource that username (and adoptExisting: true) to manage it.`,
    );
  }
  if (!sameEmail(existing, inputs)) throw conflictWithOther(inputs, existing.email);
  if (!inputs.adoptExisting) {
    throw new Error(
      `Vectara user "${inputs.username}" already exists (409). To manage the existing user with this resource, set \`adoptExisting: true\` on it and run \`pulumi up\` again; its roles, description and enabled state will then be set to what the program declares. If an earlier \`pulumi up\` was interrupted while creating this resource, the user is most likely the one it created: adopting it finishes that create. (\`pulumi import\` and the \`import\` resource option do not work for dynamic resources.)`,
    );
  }
  return existing;
}

function conflictWithOther(inputs: UserInputs, existingEmail: string): Error {
  return new Error(
    `Vectara user "${inputs.username}" exists with email "${existingEmail}", not "${inputs.email}". Usernames are unique in an account: choose another username, or set email to "${existingEmail}" to manage that user.`,
  );
}

function sameEmail(user: User, inputs: UserInputs): boolean {
  return user.email.toLowerCase() === inputs.email.toLowerCase();
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
