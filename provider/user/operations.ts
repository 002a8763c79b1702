import { isConflict, isNotFound, OutcomeUnknownError, UnexpectedResponseError, type UpdateUserRequest, type User, type UsersClient } from "../client";
import { connectedProvider, usersClient } from "../runtime/connection";
import { PartialCreateError, withoutUndefined } from "../runtime/results";
import { checkUser } from "./check";
import { changedProperties, diffUser } from "./diff";
import type { UserInputs, UserOutputs } from "./props";

/**
 * The VectaraUser provider that runs inside the provider host. It is loaded by the stub in
 * `provider.ts` from the installed package, never serialized into state.
 */
export const provider = connectedProvider({
  check: async (olds, news) => checkUser(olds, news),
  diff: async (id, olds, news) => diffUser(id, olds, news),
  async create(inputs: UserInputs) {
    const client = usersClient();
    const user = await createOrAdopt(client, inputs);
    const outs = outputsOf(user, inputs);
    const pending = changedProperties(asBag(outs), asBag(inputs));
    if (pending.length === 0) return { id: user.id, outs: withoutUndefined(outs) };
    try {
      const patched = await client.update(outs.username, patchFor(pending, inputs));
      return { id: user.id, outs: withoutUndefined(outputsOf(patched, inputs)) };
    } catch (e) {
      // The user exists: record it, so the next `up` patches it instead of creating it again.
      throw new PartialCreateError(
        `Created Vectara user "${outs.username}" (${user.id}) but could not bring it to the desired state (${pending.join(", ")}): ${message(e)}. Run \`pulumi up\` again to finish.`,
        user.id,
        asBag(withoutUndefined(outs)),
      );
    }
  },
  async read(id, props: UserOutputs) {
    const username = props.username;
    let user: User;
    try {
      user = await usersClient().get(username);
    } catch (e) {
      if (isNotFound(e)) return { id: "" };
      throw e;
    }
    // Same username, different id: the user we created was deleted and another took its name.
    if (id && user.id !== id) return { id: "" };
    const outs = withoutUndefined(outputsOf(user, props));
    const { userId: _userId, createdAt: _createdAt, updatedAt: _updatedAt, ...inputs } = outs;
    return { id: user.id, props: outs, inputs };
  },
  async update(id, olds: UserOutputs, news: UserInputs) {
    const pending = changedProperties(asBag(olds), asBag(news));
    if (pending.length === 0) return { outs: withoutUndefined({ ...olds, adoptExisting: news.adoptExisting }) };
    try {
      const user = await usersClient().update(olds.username, patchFor(pending, news));
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
  async delete(_id, props: UserOutputs) {
    try {
      await usersClient().delete(props.username);
    } catch (e) {
      if (!isNotFound(e)) throw e; // already gone is what we wanted
    }
  },
});

/**
 * One POST. A 409 either fails with how to adopt, or (adoptExisting) takes the user over. When
 * the POST's outcome is unknown, a GET decides: the user may exist now, and a blind second
 * POST could fail with 409 or, worse, act twice. Only a GET that finds no user lets the POST
 * be sent again, at most as often as the client retries anything else.
 */
async function createOrAdopt(client: UsersClient, inputs: UserInputs): Promise<User> {
  const request = withoutUndefined({
    email: inputs.email,
    username: inputs.username,
    description: inputs.description || undefined,
    apiRoles: inputs.apiRoles,
    corpusRoles: inputs.corpusRoles,
    agentRoles: inputs.agentRoles,
  });
  const attempts = 1 + client.maxRetries;
  let unknown: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(client.retryDelay(attempt - 1));
    try {
      return await client.create(request); // the client already falls back to what was sent for empty fields
    } catch (e) {
      if (isConflict(e)) {
        // After a lost answer, a 409 is most likely our own earlier POST taking effect late.
        const late = unknown === undefined ? undefined : await find(client, inputs.username);
        if (late && sameEmail(late, inputs)) return late;
        return adopt(client, inputs, e);
      }
      if (!outcomeUnknown(e)) throw e;
      unknown = e;
    }
    const existing = await find(client, inputs.username);
    if (existing && sameEmail(existing, inputs)) return existing;
    if (existing) throw conflictWithOther(inputs, existing);
  }
  throw new Error(
    `Could not create Vectara user "${inputs.username}": the POST failed ${attempts} times and a GET after each found no such user, ` +
      `so it was most likely not created. Last error: ${message(unknown)} Run \`pulumi up\` again; if the user was ` +
      `created after all, that run reports it as existing and says how to adopt it.`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The POST may have created the user: no answer, a 5xx, or a 2xx we could not read. */
function outcomeUnknown(e: unknown): boolean {
  return e instanceof OutcomeUnknownError || e instanceof UnexpectedResponseError;
}

async function adopt(client: UsersClient, inputs: UserInputs, conflict: unknown): Promise<User> {
  const existing = await find(client, inputs.username);
  if (!inputs.adoptExisting || !existing) {
    if (existing && !sameEmail(existing, inputs)) throw conflictWithOther(inputs, existing);
    if (!existing) {
      throw new Error(
        `Cannot create Vectara user "${inputs.username}": ${message(conflict)}. Another user already has the email "${inputs.email}" under a different username; give this resource that username (and adoptExisting: true) to manage it.`,
      );
    }
    throw new Error(
      `Vectara user "${inputs.username}" already exists (409). To manage the existing user with this resource, set \`adoptExisting: true\` on it and run \`pulumi up\` again; its roles, description and enabled state will then be set to what the program declares. If an earlier \`pulumi up\` was interrupted while creating this resource, the user is most likely the one it created: adopting it finishes that create. (\`pulumi import\` and the \`import\` resource option do not work for dynamic resources.)`,
    );
  }
  if (!sameEmail(existing, inputs)) throw conflictWithOther(inputs, existing);
  return existing;
}

function conflictWithOther(inputs: UserInputs, existing: User): Error {
  return new Error(
    `Vectara user "${inputs.username}" exists with email "${existing.email}", not "${inputs.email}". Usernames are unique in an account: choose another username, or set email to "${existing.email}" to manage that user.`,
  );
}

async function find(client: UsersClient, username: string): Promise<User | undefined> {
  try {
    return await client.get(username);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

function patchFor(properties: string[], inputs: UserInputs): UpdateUserRequest {
  const patch: Record<string, unknown> = {};
  for (const p of properties) patch[p] = inputs[p as keyof UserInputs];
  return patch as UpdateUserRequest;
}

/** State after an API call: what the server says, plus the inputs the server does not hold. */
function outputsOf(user: User, inputs: Pick<UserInputs, "adoptExisting" | "username" | "email">): UserOutputs {
  return {
    userId: user.id,
    email: asDeclared(user.email, inputs.email),
    username: asDeclared(user.username, inputs.username),
    description: user.description ?? "",
    apiRoles: user.apiRoles,
    corpusRoles: user.corpusRoles,
    agentRoles: user.agentRoles,
    enabled: user.enabled ?? true,
    adoptExisting: inputs.adoptExisting ?? false,
    createdAt: user.createdAt ?? "",
    updatedAt: user.updatedAt ?? "",
  };
}

function sameEmail(user: User, inputs: UserInputs): boolean {
  return user.email.toLowerCase() === inputs.email.toLowerCase();
}

/**
 * The server's spelling, unless it differs from the declared one only in case (a service that
 * lowercases emails must not turn every later preview into a replacement) or is empty (seen on
 * real creates).
 */
function asDeclared(server: string, declared: string): string {
  if (!server) return declared;
  return server.toLowerCase() === declared?.toLowerCase() ? declared : server;
}

/** The pure rules take plain property bags, as the engine hands them over. */
function asBag(value: UserInputs): Record<string, unknown> {
  return value as unknown as Record<string, unknown>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
