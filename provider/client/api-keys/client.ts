/**
 * ApiKeysClient: Vectara's API keys API v2 (list / get / create / update / delete), on the same
 * session as any other API's client (session.ts). Keys are addressed by id (`aky_…`); names are
 * not unique.
 */
import { ApiClient, pathSegment } from "../api-client";
import { VectaraError, unlessNotFound } from "../errors";
import { checkLimit, followPages } from "../pagination";
import type {
  ApiKey,
  ApiKeysPage,
  ApiKeysPageOptions,
  CreateApiKeyRequest,
  CreatedApiKey,
  ListApiKeysOptions,
  UpdateApiKeyRequest,
} from "./types";
import {
  apiKeyFromWire,
  apiKeysPageFromWire,
  apiKeysQueryToWire,
  createApiKeyToWire,
  createdApiKeyFromWire,
  updateApiKeyToWire,
} from "./wire";

const API_KEYS_PATH = "/v2/api_keys";

const idPath = (id: string) => `${API_KEYS_PATH}/${pathSegment("API key id", id)}`;

export class ApiKeysClient extends ApiClient {
  /**
   * Every API key (`corpusKey`, `apiKeyRole`: only those), across pages fetched as the iteration
   * goes. Never endless: the bounds of pagination.ts.
   */
  async *list(options: ListApiKeysOptions = {}): AsyncIterableIterator<ApiKey> {
    for await (const page of this.pages(options)) yield* page.apiKeys;
  }

  /** Every page of API keys, fetched as the iteration goes, within the same bounds as `list`. */
  pages(options: ListApiKeysOptions = {}): AsyncIterableIterator<ApiKeysPage> {
    const { limit, corpusKey, apiKeyRole } = options;
    return followPages(
      `GET ${API_KEYS_PATH}`,
      "API keys",
      options,
      (pageKey) => this.listPage({ limit, corpusKey, apiKeyRole, pageKey }),
      (page) => page.apiKeys.length,
    );
  }

  /** One page of API keys. `pageKey` of the answer is absent on the last page. */
  async listPage(options: ApiKeysPageOptions = {}): Promise<ApiKeysPage> {
    checkLimit(options.limit);
    const { data } = await this.call({ kind: "read", method: "GET", path: API_KEYS_PATH, query: apiKeysQueryToWire(options) });
    const page = apiKeysPageFromWire(data, `GET ${API_KEYS_PATH}`);
    for (const k of page.apiKeys) this.protect(k.secretKey);
    return page;
  }

  /** @throws VectaraApiError 404 (`isNotFound`) when there is no API key with this id. */
  async get(id: string): Promise<ApiKey> {
    const path = idPath(id);
    const { data } = await this.call({ kind: "read", method: "GET", path });
    const key = apiKeyFromWire(data, `GET ${path}`);
    this.protect(key.secretKey);
    return key;
  }

  /** The API key, or undefined when the API answers 404. */
  find(id: string): Promise<ApiKey | undefined> {
    return unlessNotFound(this.get(id));
  }

  /**
   * Creates an API key; the answer carries its secret key (the only time the API shows it). Not
   * retried when it may have reached the server: a timeout, a broken connection or a 5xx throws
   * OutcomeUnknownError (names are not unique: list and look before trying again).
   */
  async create(request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    if (typeof request !== "object" || request === null) throw new VectaraError("create needs a CreateApiKeyRequest object.");
    const { data } = await this.call({
      kind: "create",
      method: "POST",
      path: API_KEYS_PATH,
      body: createApiKeyToWire(request),
      outcomeAdvice: `Check whether an API key named ${JSON.stringify(request.name)} exists (ApiKeysClient.list) before trying again.`,
    });
    const created = createdApiKeyFromWire(data, `POST ${API_KEYS_PATH}`);
    this.protect(created.secretKey);
    return created;
  }

  /** PATCH `enabled` (the only field the API changes): a disabled key is refused until enabled again. */
  async update(id: string, request: UpdateApiKeyRequest): Promise<ApiKey> {
    const path = idPath(id);
    if (typeof request !== "object" || request === null) throw new VectaraError("update needs an UpdateApiKeyRequest object.");
    const { data } = await this.call({ kind: "idempotent", method: "PATCH", path, body: updateApiKeyToWire(request) });
    const key = apiKeyFromWire(data, `PATCH ${path}`);
    this.protect(key.secretKey);
    return key;
  }

  /** Deletes the API key: its secret key stops working. */
  async delete(id: string): Promise<void> {
    await this.call({ kind: "idempotent", method: "DELETE", path: idPath(id) });
  }
}
