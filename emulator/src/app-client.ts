/**
 * An app client as the emulator keeps it (its client secret included), how a new one is made,
 * and its wire shape (the spec's AppClient).
 */
import * as crypto from "node:crypto";

export interface StoredAppClient {
  /** `app_…`: the id the API addresses it by (not used in the OAuth flow). */
  id: string;
  /** Not unique: two app clients may share a name. */
  name: string;
  description?: string;
  /** The OAuth client id the token endpoint takes. */
  client_id: string;
  client_secret: string;
  api_roles: string[];
}

export type NewAppClient = Pick<StoredAppClient, "name"> & Partial<StoredAppClient>;

/** A complete record: id, client_id and client_secret are generated unless given. */
export function newAppClient(input: NewAppClient): StoredAppClient {
  return {
    id: input.id ?? `app_${crypto.randomBytes(8).toString("hex")}`,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    client_id: input.client_id ?? crypto.randomBytes(13).toString("hex"),
    client_secret: input.client_secret ?? crypto.randomBytes(32).toString("base64url"),
    api_roles: [...(input.api_roles ?? [])],
  };
}

/** The AppClient body; `client_secret` only where the emulator discloses it (see the README). */
export function appClientView(c: StoredAppClient, withSecret: boolean): Record<string, unknown> {
  const { client_secret, ...rest } = c;
  return withSecret ? { ...rest, client_secret } : rest;
}
