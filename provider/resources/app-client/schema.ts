/**
 * VectaraAppClient's properties, one row each (columns: see ../user/schema.ts). check, diff,
 * the create and update requests, the outputs in state, the declared and the secret outputs are
 * all derived from this table.
 *
 * The API changes only `description` and `apiRoles` of an app client (UpdateAppClientRequest):
 * they are updated in place; a new `name`, or a new `rotationTrigger`, replaces it, and the new
 * app client (with a new client id and secret) is created before the old one is deleted.
 */
import type { AppClient, AppClientApiRole } from "../../client";
import { t, type InputValues, type PropertySpec, type Values } from "../../framework/schema";
import { credentialInputs, credentialNameProblem, credentialNote } from "../../vectara/machine-inputs";
import { appClientDescriptionProblem, appClientRolesProblems } from "./rules";

export const APP_CLIENT_SCHEMA = {
  /** The `app_…` id Vectara's API addresses it by (also the resource id). Not used in the OAuth flow. */
  appClientId: { role: "output", type: t<string>(), api: "id", default: "" },
  /** Its name; not unique in an account. Changing it replaces the app client (a new client id and secret). */
  name: {
    role: "input",
    type: t<string>(),
    required: true,
    validate: credentialNameProblem("app client"),
    change: "replace",
    compare: "scalar",
    api: "name",
    onCreate: "always",
  },
  /** Free text. Updated in place. */
  description: {
    role: "input",
    type: t<string>(),
    default: "",
    validate: appClientDescriptionProblem,
    change: "patch",
    compare: "scalar",
    api: "description",
    onCreate: "unless-empty",
  },
  /** Account-wide roles the app client acts with. Compared as a set; updated in place. */
  apiRoles: {
    role: "input",
    type: t<AppClientApiRole[]>(),
    default: [],
    validate: appClientRolesProblems,
    change: "patch",
    compare: "set",
    api: "apiRoles",
    onCreate: "always",
  },
  ...credentialInputs("app client", "app_"),
  /** The OAuth client id (a secret output: with the secret it is the credential). */
  clientId: { role: "output", type: t<string>(), api: "clientId", default: "", secret: true },
  /** The OAuth client secret; "" when this stack did not create the app client (see `secretNote`). */
  clientSecret: { role: "output", type: t<string>(), default: "", secret: true },
  ...credentialNote,
} as const satisfies Record<string, PropertySpec<AppClient>>;

/** VectaraAppClient inputs after check applied the defaults. */
export type AppClientInputs = InputValues<typeof APP_CLIENT_SCHEMA>;
/** What state holds for a VectaraAppClient. */
export type AppClientOutputs = Values<typeof APP_CLIENT_SCHEMA>;
