/**
 * `check` of VectaraApiKey: the table's (schema.ts), plus what no single row can see: a
 * personal key with corpora, refused before any API call (the API answers 400).
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import { checkInputs, type Checked } from "../../framework/check";
import { personalWithCorporaProblem } from "./rules";
import { API_KEY_SCHEMA } from "./schema";

export function checkApiKey(_olds: Record<string, unknown>, news: Record<string, unknown>): Checked {
  const checked = checkInputs(API_KEY_SCHEMA, news);
  const failed = new Set(checked.failures.map((f) => f.property));
  if (!failed.has("apiKeyRole") && !failed.has("corpusKeys")) {
    const problem = personalWithCorporaProblem(checked.inputs.apiKeyRole, checked.inputs.corpusKeys);
    if (problem) checked.failures.push({ property: "corpusKeys", reason: problem });
  }
  return checked;
}
