/**
 * AppClientsClient: Vectara's app clients API v2 (list / get / create / update / delete), on the
 * same session as any other API's client (session.ts). App clients are addressed by id (`app_…`);
 * names are not unique.
 */
import { ApiClient, pathSegment } from "../api-client";
import { VectaraError, unlessNotFound } from "../errors";
import { checkLimit, followPages } from "../pagination";
import type {
  AppClient,
  AppClientsPage,
  AppClientsPageOptions,
  CreateAppClientRequest,
  CreatedAppClient,
  ListAppClientsOptions,
  UpdateAppClientRequest,
} from "./types";
import {
  appClientFromWire,
  appClientsPageFromWire,
  appClientsQueryToWire,
  createAppClientToWire,
  createdAppClientFromWire,
  updateAppClientToWire,
} from "./wire";

const APP_CLIENTS_PATH = "/v2/app_clients";

const idPath = (id: string) => `${APP_CLIENTS_PATH}/${pathSegment("app client id", id)}`;

export class AppClientsClient extends ApiClient {
  /**
   * Every app client (`filter`: those whose name contains a match of that regular expression),
   * across pages fetched as the iteration goes. Never endless: the bounds of pagination.ts.
   */
  async *list(options: ListAppClientsOptions = {}): AsyncIterableIterator<AppClient> {
    for await (const page of this.pages(options)) yield* page.appClients;
  }

  /** Every page of app clients, fetched as the iteration goes, within the same bounds as `list`. */
  pages(options: ListAppClientsOptions = {}): AsyncIterableIterator<AppClientsPage> {
    const { limit, filter } = options;
    return followPages(
      `GET ${APP_CLIENTS_PATH}`,
      "app clients",
      options,
      (pageKey) => this.listPage({ limit, filter, pageKey }),
      (page) => page.appClients.length,
    );
  }

  /** One page of app clients. `pageKey` of the answer is absent on the last page. */
  async listPage(options: AppClientsPageOptions = {}): Promise<AppClientsPage> {
    checkLimit(options.limit);
    const { data } = await this.call({ kind: "read", method: "GET", path: APP_CLIENTS_PATH, query: appClientsQueryToWire(options) });
    const page = appClientsPageFromWire(data, `GET ${APP_CLIENTS_PATH}`);
    for (const c of page.appClients) this.protect(c.clientSecret);
    return page;
  }

  /** @throws VectaraApiError 404 (`isNotFound`) when there is no app client with this id. */
  async get(id: string): Promise<AppClient> {
    const path = idPath(id);
    const { data } = await this.call({ kind: "read", method: "GET", path });
    const client = appClientFromWire(data, `GET ${path}`);
    this.protect(client.clientSecret);
    return client;
  }

  /** The app client, or undefined when the API answers 404. */
  find(id: string): Promise<AppClient | undefined> {
    return unlessNotFound(this.get(id));
  }

  /**
   * Creates a `client_credentials` app client; the answer carries its client secret (the only
   * time the API shows it). Not retried when it may have reached the server: a timeout, a broken
   * connection or a 5xx throws OutcomeUnknownError (names are not unique: list by name and look
   * before trying again).
   */
  async create(request: CreateAppClientRequest): Promise<CreatedAppClient> {
    if (typeof request !== "object" || request === null) throw new VectaraError("create needs a CreateAppClientRequest object.");
    const { data } = await this.call({
      kind: "create",
      method: "POST",
      path: APP_CLIENTS_PATH,
      body: createAppClientToWire(request),
      outcomeAdvice: `Check whether an app client named ${JSON.stringify(request.name)} exists (AppClientsClient.list) before trying again.`,
    });
    const created = createdAppClientFromWire(data, `POST ${APP_CLIENTS_PATH}`);
    this.protect(created.clientSecret);
    return created;
  }

  /** PATCH: fields left out stay as they are; `apiRoles` given replaces the old list. */
  async update(id: string, request: UpdateAppClientRequest): Promise<AppClient> {
    const path = idPath(id);
    if (typeof request !== "object" || request === null) throw new VectaraError("update needs an UpdateAppClientRequest object.");
    const { data } = await this.call({ kind: "idempotent", method: "PATCH", path, body: updateAppClientToWire(request) });
    const client = appClientFromWire(data, `PATCH ${path}`);
    this.protect(client.clientSecret);
    return client;
  }

  /** Deletes the app client: its client id and secret stop getting tokens. */
  async delete(id: string): Promise<void> {
    await this.call({ kind: "idempotent", method: "DELETE", path: idPath(id) });
  }
}
