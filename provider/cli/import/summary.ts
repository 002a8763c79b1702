/** What an import read, in the words its summary, the generated header and the tests share. */
import type { Imported } from "./people";

/** Where the users came from. */
export interface Source {
  /** The API base URL. */
  baseUrl: string;
  /** Set when `--corpus-key` narrowed the import. */
  corpusKey?: string;
}

export interface Counts {
  users: number;
  withCorpusRoles: number;
  disabled: number;
  /** Users the provider's check would refuse as the API returned them. */
  needAttention: number;
}

export function countsOf(imported: readonly Imported[]): Counts {
  return {
    users: imported.length,
    withCorpusRoles: imported.filter((i) => i.person.corpusRoles?.length).length,
    disabled: imported.filter((i) => i.person.enabled === false).length,
    needAttention: imported.filter((i) => i.problems.length).length,
  };
}

const number = (n: number) => n.toLocaleString("en-US");

/** `1,000 users, 12 with corpus roles, 3 disabled`. */
export function countsText(counts: Counts): string {
  return `${number(counts.users)} user${counts.users === 1 ? "" : "s"}, ${number(counts.withCorpusRoles)} with corpus roles, ${number(counts.disabled)} disabled`;
}

/** `https://api.vectara.io` or `https://api.vectara.io, users with a role on corpus "docs"`. */
export function sourceText(source: Source): string {
  return source.corpusKey === undefined
    ? source.baseUrl
    : `${source.baseUrl}, users with a role on corpus ${JSON.stringify(source.corpusKey)}`;
}

/** One line per problem: `bob@example.com (resource "bob"): apiRoles[1]: "x" is not a Vectara API role…`. */
export function problemLines(imported: readonly Imported[]): string[] {
  return imported.flatMap(({ person, problems }) =>
    problems.map((p) => `${person.username ?? person.email} (resource ${JSON.stringify(person.name)}): ${p}`),
  );
}
