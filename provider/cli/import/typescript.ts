/**
 * `--format typescript`: a Pulumi program (`index.ts`) with one VectaraUser per person, then one
 * VectaraAppClient per app client and one VectaraApiKey per API key (each adopted by its id),
 * sorted by resource name, under a header that says what to do next. It type-checks under `strict`.
 *
 * A role name this version of the package does not know is kept, with a type assertion (so the
 * file compiles) and a comment: leaving it out would make the first `up` revoke it in Vectara
 * without anyone having decided to. The provider's check then refuses it at preview, loudly.
 */
import { API_KEY_ROLES, APP_CLIENT_API_ROLES } from "../../client";
import { VALID_ROLES, type RoleKind } from "../../resources/user/roles";
import { escapeControls, safeLiteral } from "./escape";
import type { ImportedApiKey, ImportedAppClient, MachineAccess } from "./machine-access";
import type { Imported, ImportedPerson } from "./people";
import { machineCountsText } from "./machine-access";
import { countsOf, countsText, sourceText, type Source } from "./summary";

const ROLE_TYPE: Record<RoleKind, string> = { api: "ApiRole", corpus: "CorpusRoleName", agent: "AgentRoleName" };

/** Comment lines; no line terminator or control character can end one early or hide what follows. */
function comment(lines: readonly string[], indent = ""): string[] {
  return lines.map((line) => `${indent}//${line ? ` ${escapeControls(line)}` : ""}`);
}

/** The NEEDS ATTENTION comment above a resource the preview would refuse (none when it would not). */
function attention(problems: readonly string[], what: string): string[] {
  if (problems.length === 0) return [];
  return comment([`NEEDS ATTENTION (pulumi preview refuses this ${what} as it is in Vectara):`, ...problems.map((p) => `  ${p}`)]);
}

class Writer {
  readonly typesUsed = new Set<string>();

  role(name: string, kind: RoleKind): string {
    return this.known(name, VALID_ROLES[kind], ROLE_TYPE[kind]);
  }

  /** A literal of `type`; one this version does not know is kept, asserted (see the file's comment). */
  known(name: string, valid: readonly string[], type: string): string {
    if (valid.includes(name)) return safeLiteral(name);
    this.typesUsed.add(type);
    return `${safeLiteral(name)} as string as ${type}`;
  }

  appClient(c: ImportedAppClient): string[] {
    const lines = attention(c.problems, "app client");
    if (c.usedByImport) {
      lines.push(
        ...comment([
          "The app client whose credentials this import used (and perhaps your provider uses): deleting it, or changing",
          "its rotationTrigger, cuts off whoever signs in with its client id and secret.",
        ]),
      );
    }
    lines.push(`new VectaraAppClient(${safeLiteral(c.resource)}, {`);
    lines.push(`  name: ${safeLiteral(c.name)},`);
    if (c.description !== undefined) lines.push(`  description: ${safeLiteral(c.description)},`);
    if (c.apiRoles)
      lines.push(`  apiRoles: [${c.apiRoles.map((r) => this.known(r, APP_CLIENT_API_ROLES, "AppClientApiRole")).join(", ")}],`);
    lines.push(`  adoptExisting: ${safeLiteral(c.adoptExisting)},`);
    lines.push(`});`);
    return lines;
  }

  apiKey(k: ImportedApiKey): string[] {
    const lines = [
      ...attention(k.problems, "API key"),
      `new VectaraApiKey(${safeLiteral(k.resource)}, {`,
      `  name: ${safeLiteral(k.name)},`,
    ];
    lines.push(`  apiKeyRole: ${this.known(k.apiKeyRole, API_KEY_ROLES, "ApiKeyRole")},`);
    if (k.corpusKeys) lines.push(`  corpusKeys: [${k.corpusKeys.map(safeLiteral).join(", ")}],`);
    if (k.enabled === false) lines.push(`  enabled: false,`);
    lines.push(`  adoptExisting: ${safeLiteral(k.adoptExisting)},`);
    lines.push(`});`);
    return lines;
  }

  user(person: ImportedPerson, problems: readonly string[]): string[] {
    const lines: string[] = [];
    if (problems.length) {
      lines.push(...comment([`NEEDS ATTENTION (pulumi preview refuses this user as it is in Vectara):`, ...problems.map((p) => `  ${p}`)]));
    }
    lines.push(`new VectaraUser(${safeLiteral(person.name)}, {`);
    lines.push(`  email: ${safeLiteral(person.email)},`);
    if (person.username !== undefined) lines.push(`  username: ${safeLiteral(person.username)},`);
    if (person.description !== undefined) lines.push(`  description: ${safeLiteral(person.description)},`);
    if (person.apiRoles) lines.push(`  apiRoles: [${person.apiRoles.map((r) => this.role(r, "api")).join(", ")}],`);
    if (person.corpusRoles) {
      lines.push(`  corpusRoles: [`);
      for (const r of person.corpusRoles)
        lines.push(`    { corpusKey: ${safeLiteral(r.corpusKey)}, role: ${this.role(r.role, "corpus")} },`);
      lines.push(`  ],`);
    }
    if (person.agentRoles) {
      lines.push(`  agentRoles: [`);
      for (const r of person.agentRoles) lines.push(`    { agentKey: ${safeLiteral(r.agentKey)}, role: ${this.role(r.role, "agent")} },`);
      lines.push(`  ],`);
    }
    if (person.enabled === false) lines.push(`  enabled: false,`);
    lines.push(`  adoptExisting: true,`);
    lines.push(`});`);
    return lines;
  }
}

/** What the header says of adopted app clients and API keys (nothing when there are none). */
function machineLines(machines: MachineAccess | undefined): string[] {
  if (!machines || machines.appClients.length + machines.apiKeys.length === 0) return [];
  return [
    "",
    'Every VectaraAppClient and VectaraApiKey here is adopted by its id (`adoptExisting: "app_…"`,',
    '`"aky_…"`: names are not unique): the first `pulumi up` reads it (one GET) and changes nothing.',
    "Vectara shows a client secret or secret key only when it is created, so an adopted one's",
    "`clientSecret` / `secretKey` output is empty (its `secretNote` says why). To get one from this",
    "stack, change its `rotationTrigger`: a new credential replaces it, and the old one stops working.",
  ];
}

function header(imported: readonly Imported[], source: Source, generator: string, machines?: MachineAccess): string[] {
  const counts = countsOf(imported);
  const lines = [
    `Generated by \`pulumi-vectara import\` (${generator}) from ${sourceText(source)}:`,
    `${countsText(counts)}${machines ? `; ${machineCountsText(machines)}` : ""}.`,
    "",
    "Every VectaraUser here has `adoptExisting: true`: on the first `pulumi up` it reads its user",
    "(one GET) and takes it over as it is. Nothing is created, changed or deleted in Vectara.",
    "",
    "Next:",
    "  1. Review. Resource names come from usernames; rename one now if you like. After the first",
    "     `up`, renaming a resource deletes its user in Vectara unless you give the new one the",
    "     `aliases` resource option with the old name.",
    "  2. `pulumi preview`: one create per user, and no API call.",
    "  3. `pulumi up`: takes every user over (one GET each, no write).",
    "  4. `pulumi preview` again: no changes. From then on this file is the account: edit it and",
    "     `pulumi up`. Removing a resource here deletes its user in Vectara.",
    ...machineLines(machines),
  ];
  if (counts.needAttention) {
    lines.push(
      "",
      `NEEDS ATTENTION: ${counts.needAttention} user${counts.needAttention === 1 ? " holds" : "s hold"} values this version of pulumi-vectara refuses (each one is`,
      "marked NEEDS ATTENTION below). They are kept as Vectara returned them, so that `pulumi up`",
      "never removes them unseen; `pulumi preview` fails on them until you upgrade pulumi-vectara",
      "or change them (removing a role revokes it in Vectara on the next `up`).",
    );
  }
  return comment(lines);
}

/**
 * The program's text. `generator` names the package and its version, for the header; `machines`,
 * when read, the app clients and API keys (after the users).
 */
export function renderTypeScript(imported: readonly Imported[], source: Source, generator: string, machines?: MachineAccess): string {
  const writer = new Writer();
  const body = [
    ...imported.map(({ person, problems }) => writer.user(person, problems).join("\n")),
    ...(machines?.appClients ?? []).map((c) => writer.appClient(c).join("\n")),
    ...(machines?.apiKeys ?? []).map((k) => writer.apiKey(k).join("\n")),
  ];
  const classes = ["VectaraUser"];
  if (machines?.appClients.length) classes.push("VectaraAppClient");
  if (machines?.apiKeys.length) classes.push("VectaraApiKey");
  const types = [...writer.typesUsed].sort().map((t) => `type ${t}`);
  const imports = `import { ${[...classes, ...types].join(", ")} } from "pulumi-vectara";`;
  return [...header(imported, source, generator, machines), "", imports, "", ...body.flatMap((block) => [block, ""])].join("\n");
}
