/**
 * The app clients API's handlers: list (name filter, page keys), create, get, update (description
 * and api_roles, as UpdateAppClientRequest allows) and delete, over the store's app clients.
 * Authorization has happened before any of them runs.
 */
import { appClientView, newAppClient, type StoredAppClient } from "./app-client";
import type { EmulatorOptions } from "./options";
import type { Ctx } from "./request";
import { badRequest, type Reply } from "./responses";
import { PageKeys, jsonBody, listQuery, withRecord } from "./route-helpers";
import type { EmulatorStore } from "./store";

export class AppClientRoutes {
  private readonly pageKeys = new PageKeys();

  constructor(
    private readonly store: EmulatorStore,
    private readonly options: EmulatorOptions,
    /** Every client secret handed out, in order (for leak tests). */
    private readonly secrets: string[],
  ) {}

  listAppClients(ctx: Ctx): Reply {
    const { limit, errors } = listQuery(ctx, "listAppClient");
    const filter = ctx.entry.query.filter;
    let nameFilter: RegExp | undefined;
    if (filter !== undefined && !errors.filter) {
      try {
        nameFilter = new RegExp(filter);
      } catch (e: any) {
        errors.filter = `is not a valid regular expression: ${e.message}`;
      }
    }
    if (Object.keys(errors).length) return badRequest(ctx, "Invalid query parameters.", errors);

    const page = this.pageKeys.page(ctx, limit, { filter }, (offset, size) =>
      this.store.appClients.page((c) => !nameFilter || nameFilter.test(c.name), offset, size),
    );
    if ("reply" in page) return page.reply;
    return { status: 200, body: { app_clients: page.items.map((c) => this.view(c, false)), metadata: page.metadata } };
  }

  createAppClient(ctx: Ctx): Reply {
    const parsed = jsonBody(ctx, "CreateAppClientRequest", false);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    if (body.name.trim() === "") return badRequest(ctx, "Invalid request body.", { name: "must not be empty" });
    const client = newAppClient({ name: body.name, description: body.description, api_roles: body.api_roles });
    this.secrets.push(client.client_secret);
    this.store.appClients.put(client);
    return { status: 201, body: this.view(client, true) };
  }

  getAppClient(ctx: Ctx): Reply {
    return this.withAppClient(ctx, (c) => ({ status: 200, body: this.view(c, false) }));
  }

  updateAppClient(ctx: Ctx): Reply {
    const parsed = jsonBody(ctx, "UpdateAppClientRequest", true);
    if ("reply" in parsed) return parsed.reply;
    const body = parsed.value as Record<string, any>;
    return this.withAppClient(ctx, (c) => {
      const updated = this.store.appClients.update(c.id, { description: body.description, api_roles: body.api_roles })!;
      return { status: 200, body: this.view(updated, false) };
    });
  }

  deleteAppClient(ctx: Ctx): Reply {
    return this.withAppClient(ctx, (c) => {
      this.store.appClients.delete(c.id);
      return { status: 204 };
    });
  }

  /** The client secret is disclosed on create only, unless options.secretsOnRead. */
  private view(c: StoredAppClient, isCreate: boolean): Record<string, unknown> {
    return appClientView(c, isCreate || this.options.secretsOnRead === true);
  }

  private withAppClient(ctx: Ctx, fn: (c: StoredAppClient) => Reply): Reply {
    return withRecord(ctx, this.store.appClients, "App client", fn);
  }
}
