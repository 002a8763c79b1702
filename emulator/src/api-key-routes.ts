/**
 * The API keys API's handlers: list (corpus_key and api_key_role filters, page keys), create,
 * get, update (enabled, as UpdateApiKeyRequest allows) and delete, over the store's API keys.
 * Authorization has happened before any of them runs.
 */
import { apiKeyView, newApiKey, type StoredApiKey } from "./api-key";
import type { EmulatorOptions } from "./options";
import type { Ctx } from "./request";
import { badRequest, type Reply } from "./responses";
import { PageKeys, corpusKeyProblem, jsonBody, listQuery, withRecord } from "./route-helpers";
import type { EmulatorStore } from "./store";

export class ApiKeyRoutes {
  private readonly pageKeys = new PageKeys();

  constructor(
    private readonly store: EmulatorStore,
    private readonly options: EmulatorOptions,
    /** Every secret key handed out, in order (for leak tests). */
    private readonly secrets: string[],
  ) {}

  listApiKeys(ctx: Ctx): Reply {
    const { limit, errors } = listQuery(ctx, "listApiKeys");
    if (Object.keys(errors).length) return badRequest(ctx, "Invalid query parameters.", errors);

    const { corpus_key: corpusKey, api_key_role: role } = ctx.entry.query;
    const matches = (k: StoredApiKey) =>
      (corpusKey === undefined || k.corpus_keys.includes(corpusKey)) && (role === undefined || k.api_key_role === role);
    const filters = { corpus_key: corpusKey, api_key_role: role };
    const page = this.pageKeys.page(ctx, limit, filters, (offset, size) => this.store.apiKeys.page(matches, offset, size));
    if ("reply" in page) return page.reply;
    return { status: 200, body: { api_keys: page.items.map((k) => this.view(k, false)), metadata: page.metadata } };
  }

  createApiKey(ctx: Ctx): Reply {
    const parsed = jsonBody(ctx, "CreateApiKeyRequest", false);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    const corpusKeys: string[] | undefined = body.corpus_keys;
    const errors: Record<string, string> = {};
    if (body.name.trim() === "") errors.name = "must not be empty";
    if (body.api_key_role === "personal" && corpusKeys !== undefined) {
      errors.corpus_keys = "must be omitted for a personal API key (it acts with its creator's roles on every corpus they reach)";
    }
    corpusKeys?.forEach((key, i) => {
      const problem = corpusKeyProblem(key);
      if (problem) errors[`corpus_keys[${i}]`] = problem;
    });
    if (Object.keys(errors).length) return badRequest(ctx, "Invalid request body.", errors);
    const key = newApiKey({
      name: body.name,
      api_key_role: body.api_key_role,
      corpus_keys: corpusKeys,
      // A personal key acts as its creator: the emulator keeps the creator's roles of today.
      roles: body.api_key_role === "personal" ? [...(ctx.principal?.roles ?? [])] : [],
    });
    this.secrets.push(key.secret_key);
    this.store.apiKeys.put(key);
    return { status: 201, body: this.view(key, true) };
  }

  getApiKey(ctx: Ctx): Reply {
    return this.withApiKey(ctx, (k) => ({ status: 200, body: this.view(k, false) }));
  }

  updateApiKey(ctx: Ctx): Reply {
    const parsed = jsonBody(ctx, "UpdateApiKeyRequest", true);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    return this.withApiKey(ctx, (k) => {
      const updated = this.store.apiKeys.update(k.id, { enabled: body.enabled })!;
      return { status: 200, body: this.view(updated, false) };
    });
  }

  deleteApiKey(ctx: Ctx): Reply {
    return this.withApiKey(ctx, (k) => {
      this.store.apiKeys.delete(k.id);
      return { status: 204 };
    });
  }

  /** The secret key is disclosed on create only, unless options.secretsOnRead. */
  private view(k: StoredApiKey, isCreate: boolean): Record<string, unknown> {
    return apiKeyView(k, isCreate || this.options.secretsOnRead === true);
  }

  private withApiKey(ctx: Ctx, fn: (k: StoredApiKey) => Reply): Reply {
    return withRecord(ctx, this.store.apiKeys, "API key", fn);
  }
}
