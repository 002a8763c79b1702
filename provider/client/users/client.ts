/**
 * UsersClient: Vectara's users API v2 (list / create / get / update / delete / resetPassword).
 * Builds paths and bodies (through wire.ts) and sends them through its session (session.ts:
 * the credential, the transport and its retry policy, shared with any other API's client).
 */
import { CreateUnconfirmedError, UsernameTakenError, VectaraError, unlessNotFound } from "../errors";
import { ApiClient } from "../api-client";
import { checkLimit, followPages } from "../pagination";
import { pathSegment } from "../api-client";
import type { Reconcile } from "../transport";
import type {
  CreateUserRequest,
  CreatedUser,
  ListPageOptions,
  ListUsersOptions,
  ResetPasswordResult,
  UpdateUserRequest,
  User,
  UsersPage,
} from "./types";
import {
  createUserToWire,
  createdUserFromWire,
  listQueryToWire,
  resetPasswordFromWire,
  updateUserToWire,
  userFromWire,
  usersPageFromWire,
} from "./wire";

const USERS_PATH = "/v2/users";

/**
 * The path segment of a username: `encodeURIComponent`, after refusing values that are not a
 * username or would change the path (`""`, `.`, `..`).
 */
export function usernameSegment(username: unknown): string {
  return pathSegment("username", username);
}

/** Whether `user` has `email`; emails compare ignoring case, as Vectara's uniqueness does. */
export function sameEmail(user: Pick<User, "email">, email: string): boolean {
  return user.email.toLowerCase() === email.toLowerCase();
}

export class UsersClient extends ApiClient {
  /**
   * Every user, across pages, fetched page by page as the iteration goes (nothing is
   * accumulated). Never endless: a page key the server gives a second time, 100 pages in a
   * row without users, or `timeLimitMs` end it with an UnexpectedResponseError (pagination.ts).
   */
  async *list(options: ListUsersOptions = {}): AsyncIterableIterator<User> {
    for await (const page of this.pages(options)) yield* page.users;
  }

  /**
   * Every page of users, fetched as the iteration goes (for callers that report progress per
   * page), within the same bounds as `list`.
   */
  async *pages(options: ListUsersOptions = {}): AsyncIterableIterator<UsersPage> {
    yield* followPages(
      `GET ${USERS_PATH}`,
      "users",
      options,
      (pageKey) => this.listPage({ limit: options.limit, corpusKey: options.corpusKey, pageKey }),
      (page) => page.users.length,
    );
  }

  /** One page of users. `pageKey` of the answer is absent on the last page. */
  async listPage(options: ListPageOptions = {}): Promise<UsersPage> {
    checkLimit(options.limit);
    const { data } = await this.call({
      kind: "read",
      method: "GET",
      path: USERS_PATH,
      query: listQueryToWire({
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.corpusKey !== undefined ? { corpusKey: options.corpusKey } : {}),
        ...(options.pageKey ? { pageKey: options.pageKey } : {}),
      }),
    });
    return usersPageFromWire(data, `GET ${USERS_PATH}`);
  }

  /**
   * Creates a user. Not retried when it may have reached the server: a timeout, a broken
   * connection or a 5xx throws OutcomeUnknownError (check with `get` before trying again).
   */
  async create(request: CreateUserRequest): Promise<CreatedUser> {
    if (typeof request !== "object" || request === null) throw new VectaraError("create needs a CreateUserRequest object.");
    const username = request.username ?? request.email;
    const check = typeof username === "string" && username !== "" ? ` (${this.#getHint(username)})` : "";
    const { data } = await this.call({
      kind: "create",
      method: "POST",
      path: USERS_PATH,
      body: createUserToWire(request),
      outcomeAdvice: `Check whether the user exists${check} before trying again.`,
    });
    return createdUserFromWire(data, `POST ${USERS_PATH}`, request);
  }

  /**
   * Creates a user, never twice, with at most 1 + maxRetries POSTs. When a POST's outcome is
   * unknown (no answer, a 5xx, a 2xx that could not be read), a GET of the username decides
   * (the transport's one retry policy, retry.ts): a user with the same email (ignoring case) is
   * the one the POST created; another email throws UsernameTakenError; no user lets the POST be
   * sent again, within the retry budget and the operation's deadline. A 409 after an unknown
   * outcome is most likely that POST taking effect late: the user it created is returned. Any
   * other 409 is thrown as it is, for the caller to decide. When the GET after a lost answer
   * fails too, CreateUnconfirmedError says the user may exist.
   */
  async createReconciled(request: CreateUserRequest): Promise<User> {
    if (typeof request !== "object" || request === null) throw new VectaraError("create needs a CreateUserRequest object.");
    const username = request.username ?? request.email;
    const reconcile: Reconcile<User> = {
      read: (data) => createdUserFromWire(data, `POST ${USERS_PATH}`, request),
      look: async (lost, conflict, deadline) => {
        let found: User | undefined;
        try {
          found = await this.#find(username, deadline);
        } catch (e) {
          throw new CreateUnconfirmedError(username, request.email, lost, e);
        }
        if (found && sameEmail(found, request.email)) return found;
        if (found && !conflict) throw new UsernameTakenError(username, found.email);
        return undefined;
      },
      exhausted: (lost, attempts) =>
        new VectaraError(
          `Could not create Vectara user "${username}": the POST failed ${attempts} times and a GET after each found no such user, ` +
            `so it was most likely not created. Last error: ${lost.message} Trying again is safe: if the user was created after all, ` +
            `the next attempt is answered 409 (already exists).`,
        ),
    };
    const { value } = await this.call({
      kind: "create",
      method: "POST",
      path: USERS_PATH,
      body: createUserToWire(request),
      outcomeAdvice: `Check whether the user exists (${this.#getHint(username)}) before trying again.`,
      reconcile,
    });
    return value as User;
  }

  /** The user, or undefined when the API answers 404. */
  async find(username: string): Promise<User | undefined> {
    return this.#find(username);
  }

  async get(username: string): Promise<User> {
    return this.#get(username);
  }

  /** PATCH: fields left out stay as they are; an array given replaces the old one. */
  async update(username: string, request: UpdateUserRequest): Promise<User> {
    const path = `${USERS_PATH}/${usernameSegment(username)}`;
    if (typeof request !== "object" || request === null) throw new VectaraError("update needs an UpdateUserRequest object.");
    const { data } = await this.call({ kind: "idempotent", method: "PATCH", path, body: updateUserToWire(request) });
    return userFromWire(data, `PATCH ${path}`, { username });
  }

  async delete(username: string): Promise<void> {
    const path = `${USERS_PATH}/${usernameSegment(username)}`;
    await this.call({ kind: "idempotent", method: "DELETE", path });
  }

  /**
   * Sends the user a password-reset email. Like create, not idempotent: retried only on 429
   * and refused connections; otherwise a failure that may have taken effect throws
   * OutcomeUnknownError. The one-time code fields (some deployments only) are secrets.
   */
  async resetPassword(username: string): Promise<ResetPasswordResult> {
    const path = `${USERS_PATH}/${usernameSegment(username)}/reset_password`;
    const { data } = await this.call({
      kind: "action",
      method: "POST",
      path,
      outcomeAdvice: "A password-reset email may have been sent; check with the user before trying again.",
    });
    return resetPasswordFromWire(data);
  }

  /** `deadline`: the operation's this GET is part of (a create's look). */
  #find(username: string, deadline?: number): Promise<User | undefined> {
    return unlessNotFound(this.#get(username, deadline));
  }

  async #get(username: string, deadline?: number): Promise<User> {
    const path = `${USERS_PATH}/${usernameSegment(username)}`;
    const { data } = await this.call({ kind: "read", method: "GET", path, ...(deadline !== undefined && { deadline }) });
    return userFromWire(data, `GET ${path}`, { username });
  }

  #getHint(username: string): string {
    return `GET ${USERS_PATH}/${encodeURIComponent(username)}, UsersClient.get`;
  }
}
