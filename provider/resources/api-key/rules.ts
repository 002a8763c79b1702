/**
 * Validators of the VectaraApiKey inputs: each returns a reason quoting the bad value and saying
 * what is valid (the engine names the property), or undefined. Pure; the preview's unknown
 * values always pass.
 */
import { API_KEY_ROLES } from "../../client";
import { closestName } from "../../framework/spelling";
import { describeValue, isUnknown, typeName } from "../../framework/values";
import { corpusKeyProblem } from "../user/rules";

const ROLES_TEXT = `${API_KEY_ROLES.join(", ")} (serving queries its corpora, serving_and_indexing also indexes into them, personal acts with its creator's roles)`;

/** Why `apiKeyRole` is not acceptable, or undefined. */
export function apiKeyRoleProblem(value: unknown): string | undefined {
  if (isUnknown(value)) return undefined;
  if (value === undefined || value === null) return `required${value === null ? ", got null" : ""}: one of ${ROLES_TEXT}`;
  if ((API_KEY_ROLES as readonly unknown[]).includes(value)) return undefined;
  const meant = typeof value === "string" ? closestName(value, API_KEY_ROLES) : undefined;
  return `${describeValue(value)} is not an API key role${meant ? ` (did you mean "${meant}"?)` : ""}; valid: ${ROLES_TEXT}`;
}

/** Every problem of `corpusKeys`: its type, or each bad key. */
export function corpusKeysProblems(value: unknown): string[] {
  if (isUnknown(value) || value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [`${describeValue(value)} is ${typeName(value)}, not a list; corpusKeys is a list of corpus keys`];
  return value.flatMap((key, i) => corpusKeyProblem(key, `corpusKeys[${i}]`) ?? []);
}

/** A personal key names no corpora: it acts with its creator's roles wherever they reach. */
export function personalWithCorporaProblem(role: unknown, corpusKeys: unknown): string | undefined {
  if (role !== "personal" || !Array.isArray(corpusKeys) || corpusKeys.length === 0) return undefined;
  return (
    `${describeValue(corpusKeys)} is not allowed with apiKeyRole "personal": a personal key acts with its creator's roles on every corpus they reach, ` +
    `and names none. Leave corpusKeys out, or use apiKeyRole "serving" or "serving_and_indexing" for a key limited to these corpora`
  );
}
