/**
 * Bench-only fixture: a dynamic provider written the way a typical hand-written one is: its
 * own code in the program's project, an HTTP client (axios) imported statically at module
 * top, called from each method. The SDK's closure serializer captures the provider's own code
 * by value into every resource's `__provider` and refers to axios (in node_modules) by a
 * `require`. It makes the same API calls as ours: create 1 (POST), update 2 and delete 2 (a GET
 * that checks the user is still this resource's, then the write), so the engine lifecycle
 * compares like with like.
 *
 * Why it does not call this package's implementation, imported statically (it once did): with
 * SDK 3.248 that provider cannot even be deployed.
 * - Serializing `pulumi-vectara/providers/user` captures the schema table
 *   (provider/user/schema.ts), whose rows are `{ role, ..., default: "" }`. The serializer takes
 *   any object with an own `default` for a possible `__importStar` wrapper
 *   (`isImportStarResult` in runtime/closure/createClosure.js) and evaluates `"role" in ""`:
 *   "Cannot use 'in' operator to search for 'role' in".
 * - Serializing the public client (`pulumi-vectara/client`) succeeds, but the provider host
 *   cannot load the result: the serializer copies class bodies that use private fields
 *   (`#settings`) without their class scope: "SyntaxError: Private field '#value' must be
 *   declared in an enclosing class".
 * (Both are captured by value only because this repository links itself into node_modules; an
 * installed package is referred to by `require`, as axios is here.) The thin stub of
 * provider/runtime/stub.ts captures none of it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AxiosInstance, AxiosStatic } from "axios";

// A plain `require`, not `import axios from "axios"`: under tsx (the bench's loader) the import
// becomes esbuild's `__toESM` wrapper, an object of getters the closure serializer fails on
// ("Remote object was not 'function'"). What tsc emits for the import serializes, as this does:
// as a `require` of axios by the host.
const axios: AxiosStatic = require("axios");

/**
 * Set by `configure` (the host deserializes this provider, and configures it, once per
 * process). An object, not a `let`: the serializer gives each method its own copy of a captured
 * variable, but one shared copy of a captured object.
 */
const connection: { api?: AxiosInstance } = {};

function client(): AxiosInstance {
  if (!connection.api) throw new Error("naive provider: not configured");
  return connection.api;
}

interface WireUser {
  id: string;
  enabled?: boolean;
  created_at?: string;
  updated_at?: string;
}

function outputs(user: WireUser, inputs: Record<string, unknown>): Record<string, unknown> {
  return { ...inputs, userId: user.id, enabled: user.enabled ?? true, createdAt: user.created_at ?? "", updatedAt: user.updated_at ?? "" };
}

function roles(inputs: Record<string, unknown>) {
  const corpusRoles = (inputs.corpusRoles ?? []) as { corpusKey: string; role: string }[];
  return { api_roles: inputs.apiRoles ?? [], corpus_roles: corpusRoles.map((r) => ({ corpus_key: r.corpusKey, role: r.role })) };
}

/** The GET every write makes first: the user must still be the one this resource created. */
async function stillOurs(props: Record<string, unknown>): Promise<string> {
  const path = `/v2/users/${encodeURIComponent(String(props.username))}`;
  const { data } = await client().get<WireUser>(path);
  if (data.id !== props.userId) throw new Error(`Vectara user "${String(props.username)}" is now ${data.id}, not ${String(props.userId)}`);
  return path;
}

export const naiveUserProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    connection.api = axios.create({
      baseURL: req.config.require("vectara:baseUrl"),
      headers: { "x-api-key": req.config.require("vectara:apiKey"), "Content-Type": "application/json" },
      timeout: 60_000,
    });
  },
  async check(_olds, news) {
    return { inputs: { ...news, username: news.username ?? news.email, description: news.description ?? "" }, failures: [] };
  },
  async diff(_id, olds, news) {
    const changed = ["email", "username", "description", "apiRoles", "corpusRoles"].filter(
      (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
    );
    const replaces = changed.filter((k) => k === "email" || k === "username");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
  },
  async create(inputs) {
    const body = { email: inputs.email, username: inputs.username, description: inputs.description, ...roles(inputs) };
    const { data } = await client().post<WireUser>("/v2/users", body);
    return { id: data.id, outs: outputs(data, inputs) };
  },
  async read(id, props) {
    const { data } = await client().get<WireUser>(`/v2/users/${encodeURIComponent(String(props.username))}`);
    return { id, props: outputs(data, props) };
  },
  async update(_id, olds, news) {
    const path = await stillOurs(olds);
    const { data } = await client().patch<WireUser>(path, { description: news.description, ...roles(news) });
    return { outs: outputs(data, news) };
  },
  async delete(_id, props) {
    await client().delete(await stillOurs(props));
  },
};
