/**
 * Regenerates emulator/schemas.json from the official spec subset.
 *
 *   npx tsx emulator/scripts/extract-schemas.ts [path/to/openapi-users.json]
 *
 * Default input: emulator/spec/openapi-users.json, the official spec's users subset, committed
 * beside its output so a test can check that the two agree.
 *
 * What it does, and nothing more:
 * - copies `components.schemas` into `definitions`, dropping the prose keys
 *   (`description`, `example`, `title`) and vendor `x-*` keys;
 * - rewrites `#/components/schemas/X` refs to `#/definitions/X` so ajv compiles the file
 *   as one JSON Schema document;
 * - names the inline request/response schemas of each operation (for example the create
 *   201 body becomes `CreateUserResponse`) and adds them to `definitions`;
 * - builds one object schema per operation from its query parameters (`ListUsersQuery`);
 * - records, per operation, method, path, required roles (`x-required-roles`), request
 *   schema and the schema of each documented response status.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OperationInfo } from "../src/contract";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const PROSE = new Set(["description", "example", "examples", "title"]);
const NAME_MAPS = new Set(["properties", "patternProperties", "definitions", "$defs"]);
const REF_PREFIX = "#/components/schemas/";

/** Copies a schema without prose or vendor keys; keys of `properties` maps are names, kept. */
export function cleanSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(cleanSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.startsWith(REF_PREFIX) ? `#/definitions/${value.slice(REF_PREFIX.length)}` : value;
    } else if (NAME_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      const names: Obj = {};
      for (const [name, sub] of Object.entries(value)) names[name] = cleanSchema(sub);
      out[key] = names;
    } else if (key === "enum" || key === "const" || key === "default" || key === "required") {
      out[key] = value; // data, not schemas
    } else {
      out[key] = cleanSchema(value);
    }
  }
  return out;
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function extract(spec: any): { source: string; definitions: Obj; operations: Record<string, OperationInfo> } {
  const definitions: Obj = {};
  for (const [name, schema] of Object.entries<Json>(spec.components.schemas)) definitions[name] = cleanSchema(schema);
  const params: Record<string, any> = spec.components.parameters ?? {};
  const resolveParam = (p: any) => (p.$ref ? params[p.$ref.split("/").pop()] : p);

  const nameOf = (schema: any, fallback: string): string => {
    if (typeof schema.$ref === "string" && schema.$ref.startsWith(REF_PREFIX)) return schema.$ref.slice(REF_PREFIX.length);
    const name = typeof schema["x-fern-type-name"] === "string" ? schema["x-fern-type-name"] : fallback;
    if (definitions[name] !== undefined) throw new Error(`schema name clash: ${name}`);
    definitions[name] = cleanSchema(schema);
    return name;
  };

  const operations: Record<string, OperationInfo> = {};
  for (const [p, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op || typeof op !== "object" || !op.operationId) continue;
      const id: string = op.operationId;
      const info: OperationInfo = {
        method: method.toUpperCase(),
        path: p,
        requiredRoles: (op["x-required-roles"] ?? []).flatMap((r: any) => r.roles ?? []),
        responses: {},
      };
      const query = (op.parameters ?? []).map(resolveParam).filter((x: any) => x && x.in === "query");
      if (query.length) {
        const name = `${pascal(id)}Query`;
        const required = query.filter((q: any) => q.required).map((q: any) => q.name);
        definitions[name] = {
          type: "object",
          properties: Object.fromEntries(query.map((q: any) => [q.name, cleanSchema(q.schema)])),
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
  return {
    source: `${spec.info?.title} ${spec.info?.version}: components.schemas and operations, prose removed (generated by extract-schemas.ts)`,
    definitions,
    operations,
  };
}

if (require.main === module) {
  const repoRoot = path.resolve(__dirname, "..", "..");
  const input = path.resolve(repoRoot, process.argv[2] ?? "emulator/spec/openapi-users.json");
  const output = path.join(__dirname, "..", "schemas.json");
  const result = extract(JSON.parse(fs.readFileSync(input, "utf8")));
  fs.writeFileSync(output, JSON.stringify(result, null, 2) + "\n");
  console.log(
    `wrote ${path.relative(repoRoot, output)}: ${Object.keys(result.definitions).length} schemas, ${Object.keys(result.operations).length} operations`,
  );
}
