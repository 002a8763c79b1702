/**
 * The resources the pack checks: one entry per resource type, saying how to read who it is for
 * and what access it grants from its properties. The rules see only `Principal`s, never a
 * type's properties, so a new resource type is one entry here: a machine credential with API
 * roles and no email is checked by every rule about roles and skipped by the ones about people.
 *
 * The pack depends on the type tokens and property names below (what a stack's state holds),
 * never on pulumi-vectara's code.
 */
import { field, isUnknown, list, type Value } from "./values";

/** One role a resource grants: an account-level API role, or a role on one corpus or agent. */
export interface Grant {
  scope: "api" | "corpus" | "agent";
  /** The corpus or agent key (unset for API roles). */
  key?: Value<string>;
  /** Unknown: a role not known in this preview, or (for a whole list not known) possibly several. */
  role: Value<string>;
}

/** What the rules see of one resource. */
export interface Principal {
  /** The resource's name, as the preview lists it. */
  name: string;
  urn: string;
  /** The resource class a program declares it with, e.g. VectaraUser. */
  kind: string;
  /** The person's email; undefined for a kind that has none. */
  email?: Value<string>;
  /** The account-wide login name; undefined for a kind that has none. */
  username?: Value<string>;
  grants: Grant[];
  enabled: Value<boolean>;
}

export interface ResourceKind {
  /** The type token in state and in the preview, e.g. `pulumi-nodejs:dynamic/vectara:User`. */
  type: string;
  /** The class a program declares it with, for messages. */
  kind: string;
  read(props: Record<string, unknown>): Omit<Principal, "name" | "urn" | "kind">;
}

function text(value: Value<unknown>): Value<string> | undefined {
  if (isUnknown(value)) return value;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `apiRoles`-like: a list of role names. */
function roleGrants(props: Record<string, unknown>, key: string): Grant[] {
  const roles = list(props, key);
  if (isUnknown(roles)) return [{ scope: "api", role: roles }];
  return roles.map((role) => ({ scope: "api", role: isUnknown(role) ? role : String(role) }));
}

/** `corpusRoles`-like: a list of `{ <keyField>, role }`. */
function keyedGrants(props: Record<string, unknown>, key: string, scope: "corpus" | "agent", keyField: string): Grant[] {
  const entries = list(props, key);
  if (isUnknown(entries)) return [{ scope, role: entries }];
  return entries.map((entry, i) => {
    if (isUnknown(entry)) return { scope, role: entry };
    const role = field(entry, "role", `${key}[${i}].role`);
    const target = field(entry, keyField, `${key}[${i}].${keyField}`);
    return { scope, key: isUnknown(target) ? target : String(target), role: isUnknown(role) ? role : String(role) };
  });
}

function enabledOf(props: Record<string, unknown>): Value<boolean> {
  const value = field(props, "enabled");
  if (isUnknown(value)) return value;
  return value !== false; // unset: enabled (the resource's default)
}

export const RESOURCE_KINDS: ResourceKind[] = [
  {
    type: "pulumi-nodejs:dynamic/vectara:User",
    kind: "VectaraUser",
    read(props) {
      const email = text(field(props, "email"));
      return {
        email,
        // The username defaults to the email.
        username: text(field(props, "username")) ?? email,
        grants: [
          ...roleGrants(props, "apiRoles"),
          ...keyedGrants(props, "corpusRoles", "corpus", "corpusKey"),
          ...keyedGrants(props, "agentRoles", "agent", "agentKey"),
        ],
        enabled: enabledOf(props),
      };
    },
  },
  {
    // A machine: its API roles count toward the role rules (an app client holding owner is one more
    // owner); it has no email or username, so the rules about people pass it by.
    type: "pulumi-nodejs:dynamic/vectara:AppClient",
    kind: "VectaraAppClient",
    read(props) {
      return { grants: roleGrants(props, "apiRoles"), enabled: true };
    },
  },
];

const BY_TYPE = new Map(RESOURCE_KINDS.map((k) => [k.type, k]));

/** The principal a resource of the policy SDK stands for, or undefined when the pack does not check its type. */
export function principalOf(resource: { type: string; name: string; urn: string; props: Record<string, unknown> }): Principal | undefined {
  const kind = BY_TYPE.get(resource.type);
  if (!kind) return undefined;
  return { name: resource.name, urn: resource.urn, kind: kind.kind, ...kind.read(resource.props) };
}

/** "alice (alice@example.com)": the resource and the person, as every message starts. */
export function who(p: Principal): string {
  if (p.email === undefined) return `${p.name} (${p.kind})`;
  return `${p.name} (${isUnknown(p.email) ? "email not known in this preview" : p.email})`;
}

/** "API role owner", "corpus role editor on handbook". */
export function describeGrant(grant: Grant): string {
  const role = isUnknown(grant.role) ? "(not known)" : grant.role;
  if (grant.scope === "api") return `API role ${role}`;
  const key = grant.key === undefined || isUnknown(grant.key) ? "(not known)" : grant.key;
  return `${grant.scope} role ${role} on ${key}`;
}
