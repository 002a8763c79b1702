/**
 * An existing Vectara account to import: users of every shape a hand-run account has, plus
 * bulk users for scale. Seeded out of band (as people made them in the console), so the
 * emulator's request log starts empty.
 */
import type { EmulatorUser, VectaraEmulator } from "vectara-emulator";

type Seed = Partial<EmulatorUser> & { email: string };

/** One of each shape; every value here is one the provider accepts. */
export const SHAPES: readonly Seed[] = [
  {
    email: "ada@example.com",
    description: "Platform lead",
    api_roles: ["administrator"],
    corpus_roles: [{ corpus_key: "handbook", role: "editor" }],
  },
  // A username that differs from the email.
  {
    email: "grace@example.com",
    username: "grace",
    api_roles: ["corpus_developer"],
    corpus_roles: [
      { corpus_key: "handbook", role: "editor" },
      { corpus_key: "faq", role: "viewer" },
    ],
  },
  // The same local part in other domains, and a username equal to it: names must not collide.
  { email: "ada@other.org", api_roles: ["viewer"] },
  { email: "ada@third.net", username: "ada", api_roles: ["viewer"] },
  // Awkward characters: in the username (a path segment: space, slash, ?, #, %, accents), the
  // email, the description (quotes, backslash, newline, a line separator, emoji).
  {
    email: "o'brien+ops@example.com",
    username: "Dr. Ö'Brien / ops?#%",
    description: 'Says "hi" \\ then\nleaves \u2028 🚀 */ ${x}',
    api_roles: ["viewer", "agent_user"],
  },
  // Case that differs between username and email.
  { email: "mixed.case@example.com", username: "Mixed.Case@Example.com", api_roles: ["viewer"] },
  // Disabled users.
  { email: "margaret@example.com", description: "On leave", api_roles: ["viewer"], enabled: false },
  { email: "old-bot@example.com", enabled: false },
  // Agent roles, and every kind of role at once.
  {
    email: "linus@example.com",
    api_roles: ["viewer"],
    corpus_roles: [{ corpus_key: "handbook", role: "viewer" }],
    agent_roles: [
      { agent_key: "support-bot", role: "agent_user" },
      { agent_key: "triage", role: "agent_administrator" },
    ],
  },
  // No roles at all.
  { email: "nobody@example.com" },
];

const BULK_API_ROLES = [["viewer"], ["corpus_developer"], [], ["agent_viewer", "pipeline_viewer"]];

/** Bulk user `i` of `count`: varied roles, every seventh disabled, every fifth with a corpus role. */
export function bulkUser(i: number): Seed {
  const n = String(i).padStart(5, "0");
  return {
    email: `person-${n}@scale.example.com`,
    ...(i % 3 === 0 ? { username: `person-${n}` } : {}),
    ...(i % 2 === 0 ? { description: `Bulk user ${n}` } : {}),
    api_roles: BULK_API_ROLES[i % BULK_API_ROLES.length],
    corpus_roles: i % 5 === 0 ? [{ corpus_key: `corpus-${i % 11}`, role: "viewer" }] : [],
    agent_roles: i % 13 === 0 ? [{ agent_key: "helper", role: "agent_user" }] : [],
    enabled: i % 7 !== 0,
  };
}

/** Seeds the shapes and `bulk` bulk users; returns them as the emulator holds them. */
export function seedAccount(emulator: VectaraEmulator, bulk: number): EmulatorUser[] {
  const users = SHAPES.map((seed) => emulator.putUser(seed));
  for (let i = 0; i < bulk; i++) users.push(emulator.putUser(bulkUser(i)));
  emulator.clearLog();
  return users;
}
