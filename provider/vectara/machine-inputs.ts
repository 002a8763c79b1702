/**
 * What the inputs of a machine credential (an app client, an API key) share: a name that is
 * not unique, an `adoptExisting` that takes one over by id or by its name, and a
 * `rotationTrigger` whose change replaces the credential (a new secret).
 *
 * Pure: no I/O, no runtime import of @pulumi/pulumi (loaded inside the provider host).
 */
import { t } from "../framework/schema";
import { CONTROL_CHAR, describeValue, isUnknown, LONE_SURROGATE, typeName, UNPAIRED_SURROGATE } from "../framework/values";

/** Why a credential's `name` is not acceptable: required, a string with something besides spaces. `kind`: "app client". */
export function credentialNameProblem(kind: string) {
  return (value: unknown): string | undefined => {
    if (isUnknown(value)) return undefined;
    if (value === undefined || value === null) return `required${value === null ? ", got null" : ""}: the ${kind}'s name, any text`;
    if (typeof value !== "string") return `${describeValue(value)} is ${typeName(value)}, not a string; the ${kind}'s name is any text`;
    if (value.trim() === "") return `${describeValue(value)} is empty; the ${kind}'s name needs at least one character besides spaces`;
    if (CONTROL_CHAR.test(value)) return `${describeValue(value)} contains a control character; the ${kind}'s name is one line of text`;
    if (LONE_SURROGATE.test(value)) return `${describeValue(value)} ${UNPAIRED_SURROGATE}`;
    return undefined;
  };
}

/**
 * Why `adoptExisting` is not acceptable: `true` (take over the one credential with this name),
 * `false`, or the id of the credential to take over (`prefix`: "app_", "aky_").
 */
export function adoptExistingProblem(kind: string, prefix: string) {
  return (value: unknown): string | undefined => {
    if (isUnknown(value) || value === undefined || value === null || typeof value === "boolean") return undefined;
    if (typeof value === "string" && value.startsWith(prefix) && value.length > prefix.length && !/[\s/?#%]/.test(value)) return undefined;
    return (
      `${describeValue(value)} is not true, false or an ${kind} id; use the id of the ${kind} to take over ("${prefix}…"), ` +
      `or true to take over the only ${kind} with this name`
    );
  };
}

/** Any value is a trigger (a string, a number, a map of them); only the preview's unknown and JSON's lack of `undefined` matter. */
export function rotationTriggerProblem(value: unknown): string | undefined {
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
    return `${typeName(value)} cannot be stored in state; use a string, a number or a map of them`;
  }
  return undefined;
}

/**
 * The rows every machine credential's table shares (`kind`: "app client"; `prefix`: its ids'),
 * spread into the table after its own inputs.
 */
export function credentialInputs(kind: string, prefix: string) {
  return {
    /**
     * Any value; changing it replaces the credential: a new secret, the new credential created
     * before the old one is deleted (names are not unique, so both exist for a moment).
     */
    rotationTrigger: {
      role: "input",
      type: t<unknown>(),
      default: "",
      validate: rotationTriggerProblem,
      change: "replace",
      compare: "value",
    },
    /** Take over an existing credential instead of creating one: its id, or `true` for the only one with this name. Only matters at create. */
    adoptExisting: {
      role: "input",
      type: t<boolean | string>(),
      default: false,
      validate: adoptExistingProblem(kind, prefix),
      change: "none",
      compare: "scalar",
    },
  } as const;
}

/** The output that says why a credential's secret output is empty. */
export const credentialNote = {
  /** "" when the secret output holds the secret; otherwise why it is empty and how to get one (change `rotationTrigger`). */
  secretNote: { role: "output", type: t<string>(), default: "" },
} as const;
