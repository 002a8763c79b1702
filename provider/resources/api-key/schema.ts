/**
 * VectaraApiKey's properties, one row each (columns: see ../user/schema.ts). check, diff, the
 * create and update requests, the outputs in state, the declared and the secret outputs are all
 * derived from this table (check.ts adds the one rule between two rows).
 *
 * The API changes only `enabled` of an API key (UpdateApiKeyRequest): it is updated in place;
 * a new `name`, `apiKeyRole`, `corpusKeys` or `rotationTrigger` replaces the key, and the new
 * key is created before the old one is deleted.
 */
import type { ApiKey, ApiKeyRole } from "../../client";
import { t, type InputValues, type PropertySpec, type Values } from "../../framework/schema";
import { credentialInputs, credentialNameProblem, credentialNote } from "../../vectara/machine-inputs";
import { booleanProblem } from "../user/rules";
import { apiKeyRoleProblem, corpusKeysProblems } from "./rules";

export const API_KEY_SCHEMA = {
  /** The `aky_…` id Vectara's API addresses it by (also the resource id). */
  apiKeyId: { role: "output", type: t<string>(), api: "id", default: "" },
  /** Its name; not unique in an account. Changing it replaces the key (a new secret key). */
  name: {
    role: "input",
    type: t<string>(),
    required: true,
    validate: credentialNameProblem("API key"),
    change: "replace",
    compare: "scalar",
    api: "name",
    onCreate: "always",
  },
  /** `serving` (queries), `serving_and_indexing` (queries and indexing) or `personal` (its creator's roles). Changing it replaces the key. */
  apiKeyRole: {
    role: "input",
    type: t<ApiKeyRole>(),
    required: true,
    validate: apiKeyRoleProblem,
    change: "replace",
    compare: "scalar",
    api: "apiKeyRole",
    onCreate: "always",
  },
  /** The corpora a serving or serving-and-indexing key reaches (none for a personal key). Compared as a set; changing it replaces the key. */
  corpusKeys: {
    role: "input",
    type: t<string[]>(),
    default: [],
    validate: corpusKeysProblems,
    change: "replace",
    compare: "set",
    api: "corpusKeys",
    onCreate: "unless-empty",
    fromApi: (server: string[] | undefined) => server ?? [],
  },
  /** Whether the key is accepted (default `true`). Updated in place: disabling a key is the quick way to stop it without losing it. */
  enabled: {
    role: "input",
    type: t<boolean>(),
    default: true,
    validate: booleanProblem,
    change: "patch",
    compare: "scalar",
    api: "enabled",
  },
  ...credentialInputs("API key", "aky_"),
  /** What `x-api-key` carries; "" when this stack did not create the key (see `secretNote`). */
  secretKey: { role: "output", type: t<string>(), default: "", secret: true },
  ...credentialNote,
} as const satisfies Record<string, PropertySpec<ApiKey>>;

/** VectaraApiKey inputs after check applied the defaults. */
export type ApiKeyInputs = InputValues<typeof API_KEY_SCHEMA>;
/** What state holds for a VectaraApiKey. */
export type ApiKeyOutputs = Values<typeof API_KEY_SCHEMA>;
