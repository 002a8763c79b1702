/**
 * Regenerates emulator/schemas.json from the official spec subsets.
 *
 *   npx tsx emulator/scripts/extract-schemas.ts [spec.json ...]
 *
 * Default input: SPEC_FILES in emulator/spec/ (the official spec's users subset and its app
 * clients / API keys subset), committed beside their output so a test can check that they agree.
 *
 * What it does, and nothing more:
 * - copies `components.schemas` into `definitions`, dropping the prose keys
 *   (`description`, `example`, `title`) and vendor `x-*` keys;
 * - rewrites `#/components/schemas/X` refs to `#/definitions/X` so ajv compiles the file
 *   as one JSON Schema document;
 * - merges the subsets: a schema two subsets both define is kept once when they agree; when
 *   they differ, the later subset's copy is named `<tag>.<Name>` (tag: the file name without
 *   `openapi-` and `.json`, e.g. `access.ApiRole`) and its own refs point to that copy, so each
 *   operation is checked against exactly the schemas of its own subset;
 * - names the inline request/response schemas of each operation (for example the create
 *   201 body becomes `CreateUserResponse`) and adds them to `definitions`;
 * - builds one object schema per operation from its query parameters (`ListUsersQuery`);
 * - records, per operation, method, path, required roles (`x-required-roles`), the API key
 *   types it supports (`x-supported-api-key-type`, when given), request schema and the schema
 *   of each documented response status.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OperationInfo } from "../src/contract";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const PROSE = new Set(["description", "example", "examples", "title"]);
const NAME_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs"]);
const REF_PREFIX = "#/components/schemas/";

/**
 * Copies a schema without prose or vendor keys; keys of `properties` maps are names, kept.
 * `rename` maps a component name to its definition name where the two differ.
 */
export function cleanSchema(schema: Json, rename: ReadonlyMap<string, string> = new Map()): Json {
  const clean = (v: Json) => cleanSchema(v, rename);
  if (Array.isArray(schema)) return schema.map(clean);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      const name = value.slice(REF_PREFIX.length);
      out.$ref = value.startsWith(REF_PREFIX) ? `#/definitions/${rename.get(name) ?? name}` : value;
    } else if (NAME_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      const names: Obj = {};
      for (const [name, sub] of Object.entries(value)) names[name] = clean(sub);
      out[key] = names;
    } else if (key === "discriminator" && value && typeof value === "object" && !Array.isArray(value)) {
      // OpenAPI's, not JSON Schema's: ajv ignores it and contract.ts checks it; its mapping holds refs.
      const mapping = (value.mapping ?? {}) as Obj;
      out.discriminator = {
        ...value,
        mapping: Object.fromEntries(Object.entries(mapping).map(([k, ref]) => [k, (clean({ $ref: ref }) as Obj).$ref])),
      };
    } else if (key === "enum" || key === "const" || key === "default" || key === "required") {
      out[key] = value; // data, not schemas
    } else {
      out[key] = clean(value);
    }
  }
  return out;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One official spec subset and the tag that names its copies of schemas another subset defines differently. */
export interface SpecInput {
  tag: string;
  spec: any;
}

/** The spec subsets in emulator/spec/, in merge order (the first keeps every schema's plain name). */
export const SPEC_FILES = ["openapi-users.json", "openapi-access.json"] as const;

/** `openapi-access.json` -> `access`. */
export function tagOf(file: string): string {
  return path.basename(file, ".json").replace(/^openapi-/, "");
}

/**
 * Which of `spec`'s component names need a tagged definition name: those an earlier subset
 * defines differently, and, until nothing changes, those whose refs lead to a renamed one.
 */
function renamesFor(definitions: Obj, schemas: Record<string, Json>, tag: string): Map<string, string> {
  const rename = new Map<string, string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, schema] of Object.entries(schemas)) {
      if (rename.has(name) || definitions[name] === undefined) continue;
      if (JSON.stringify(cleanSchema(schema, rename)) !== JSON.stringify(definitions[name])) {
        rename.set(name, `${tag}.${name}`);
        changed = true;
      }
    }
  }
  return rename;
}

export function extract(inputs: SpecInput[]): { source: string; definitions: Obj; operations: Record<string, OperationInfo> } {
  const definitions: Obj = {};
  const operations: Record<string, OperationInfo> = {};
  for (const { tag, spec } of inputs) {
    const schemas: Record<string, Json> = spec.components.schemas;
    const rename = renamesFor(definitions, schemas, tag);
    for (const [name, schema] of Object.entries(schemas)) definitions[rename.get(name) ?? name] = cleanSchema(schema, rename);
    addOperations(spec, rename, definitions, operations);
  }
  return {
    source: `${inputs.map(({ tag, spec }) => `${spec.info?.title} ${spec.info?.version} (${tag} subset)`).join(" + ")}: components.schemas and operations, prose removed (generated by extract-schemas.ts)`,
    definitions,
    operations,
  };
}

function addOperations(spec: any, rename: ReadonlyMap<string, string>, definitions: Obj, operations: Record<string, OperationInfo>): void {
  const params: Record<string, any> = spec.components.parameters ?? {};
  const resolveParam = (p: any) => (p.$ref ? params[p.$ref.split("/").pop()] : p);

  const nameOf = (schema: any, fallback: string): string => {
    if (typeof schema.$ref === "string" && schema.$ref.startsWith(REF_PREFIX)) {
      const name = schema.$ref.slice(REF_PREFIX.length);
      return rename.get(name) ?? name;
    }
    const name = typeof schema["x-fern-type-name"] === "string" ? schema["x-fern-type-name"] : fallback;
    if (definitions[name] !== undefined) throw new Error(`schema name clash: ${name}`);
    definitions[name] = cleanSchema(schema, rename);
    return name;
  };

  for (const [p, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op || typeof op !== "object" || !op.operationId) continue;
      const id: string = op.operationId;
      if (operations[id]) throw new Error(`operationId clash: ${id}`);
      const info: OperationInfo = {
        method: method.toUpperCase(),
        path: p,
        requiredRoles: (op["x-required-roles"] ?? []).flatMap((r: any) => r.roles ?? []),
        ...(Array.isArray(op["x-supported-api-key-type"]) ? { apiKeyTypes: op["x-supported-api-key-type"] } : {}),
        responses: {},
      };
      const query = (op.parameters ?? []).map(resolveParam).filter((x: any) => x && x.in === "query");
      if (query.length) {
        const name = `${pascal(id)}Query`;
        const required = query.filter((q: any) => q.required).map((q: any) => q.name);
        definitions[name] = {
          type: "object",
          properties: Object.fromEntries(query.map((q: any) => [q.name, cleanSchema(q.schema, rename)])),
          ...(required.length ? { required } : {}),
        };
        info.query = name;
      }
      const reqSchema = op.requestBody?.content?.["application/json"]?.schema;
      if (reqSchema) info.request = nameOf(reqSchema, `${pascal(id)}Request`);
      for (const [status, resp] of Object.entries<any>(op.responses ?? {})) {
        const schema = resp.content?.["application/json"]?.schema;
        info.responses[status] = schema ? nameOf(schema, `${pascal(id)}Response${status.startsWith("2") ? "" : status}`) : null;
      }
      operations[id] = info;
    }
  }
}

/** The committed inputs, read from emulator/spec/ (or the files given), in merge order. */
export function readSpecs(files: readonly string[] = SPEC_FILES.map((f) => path.join(__dirname, "..", "spec", f))): SpecInput[] {
  return files.map((file) => ({ tag: tagOf(file), spec: JSON.parse(fs.readFileSync(file, "utf8")) }));
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, "..", "..");
  const args = process.argv.slice(2).map((f) => path.resolve(repoRoot, f));
  const output = path.join(__dirname, "..", "schemas.json");
  const result = extract(args.length ? readSpecs(args) : readSpecs());
  fs.writeFileSync(output, JSON.stringify(result, null, 2) + "\n");
  console.log(
    `wrote ${path.relative(repoRoot, output)}: ${Object.keys(result.definitions).length} schemas, ${Object.keys(result.operations).length} operations`,
  );
}
