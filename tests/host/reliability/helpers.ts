/**
 * Shared pieces of the reliability suite: a fast stack config (few retries, millisecond
 * backoff), and the check that state (as tests/support/mini-engine.ts keeps it) and the emulator
 * agree.
 */
import assert from "node:assert/strict";
import { DEFAULT_API_KEY, type VectaraEmulator } from "vectara-emulator";
import { HostError } from "../../support/host";
import type { Recorded } from "../../support/mini-engine";
import { startProviderStack, type ProviderStack, type ProviderStackOptions } from "../../support/stack";

/** Stack config for fast runs: the emulator's URLs, the admin key, 3 retries, ms backoff. */
export function fastConfig(emulator: VectaraEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "vectara:apiKey": DEFAULT_API_KEY,
    "vectara:baseUrl": emulator.url,
    "vectara:authUrl": emulator.tokenUrl,
    "vectara:maxRetries": "3",
    "vectara:retryBaseDelayMs": "2",
    "vectara:retryMaxDelayMs": "400",
    ...extra,
  };
}

/** Same as fastConfig, but OAuth client credentials instead of an API key. */
export function oauthConfig(
  emulator: VectaraEmulator,
  clientId: string,
  clientSecret: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const config = fastConfig(emulator, { "vectara:clientId": clientId, "vectara:clientSecret": clientSecret, ...extra });
  delete config["vectara:apiKey"];
  return config;
}

export function startFastStack(options: ProviderStackOptions & { extra?: Record<string, string> } = {}): Promise<ProviderStack> {
  return startProviderStack({ config: (emu) => fastConfig(emu, options.extra), ...options });
}

/**
 * State and the emulator agree: every resource in state points at a user that exists with
 * that id, email and username; the emulator holds exactly one user per email (and per
 * username); and no user exists that state does not know of (a "lost" user), except the
 * usernames listed in `untracked` (users created out of band by the test itself).
 */
export function assertAgree(emulator: VectaraEmulator, state: Iterable<Recorded>, untracked: string[] = []): void {
  const users = emulator.users();
  const byEmail = new Map<string, number>();
  for (const u of users) byEmail.set(u.email.toLowerCase(), (byEmail.get(u.email.toLowerCase()) ?? 0) + 1);
  const duplicated = [...byEmail].filter(([, n]) => n > 1).map(([e]) => e);
  assert.deepEqual(duplicated, [], "duplicated users (same email) in the emulator");
  assert.equal(new Set(users.map((u) => u.username)).size, users.length, "duplicated usernames");

  const tracked = new Set<string>();
  for (const rec of state) {
    const user = users.find((u) => u.id === rec.id);
    assert.ok(user, `state holds ${rec.id} (${String(rec.props.username)}), which is not a user in the emulator`);
    assert.equal(rec.props.userId, rec.id, "userId output = resource id");
    assert.equal(user.email, rec.props.email, `email of ${rec.id}`);
    assert.equal(user.username, rec.props.username, `username of ${rec.id}`);
    tracked.add(rec.id);
  }
  const lost = users.filter((u) => !tracked.has(u.id) && !untracked.includes(u.username)).map((u) => u.username);
  assert.deepEqual(lost, [], "users in Vectara that state does not hold (lost)");
}

/** The user exists exactly once, with this id. */
export function assertOneUser(emulator: VectaraEmulator, email: string, id?: string): void {
  const matches = emulator.users().filter((u) => u.email.toLowerCase() === email.toLowerCase());
  assert.equal(matches.length, 1, `exactly one user with email ${email}, found ${matches.length}`);
  if (id !== undefined) assert.equal(matches[0].id, id, `the id the host returned is the user's id`);
}

/** The HostError of a call that must fail. */
export async function failure(p: Promise<unknown>, what = "the call"): Promise<HostError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof HostError, `${what} failed with ${String(e)}, not a HostError`);
    return e;
  }
  assert.fail(`${what} should have failed`);
}

/** HTTP statuses of a route's calls, in arrival order (0: the socket was reset). */
export function statuses(emulator: VectaraEmulator, route: Parameters<VectaraEmulator["calls"]>[0]): number[] {
  return emulator.calls(route).map((c) => c.status);
}

/** A counter of scenarios tried, printed once at the end of the run (for the report). */
export const tally = { faults: 0, badInputs: 0, leaksChecked: 0 };

// Printed once after the whole run (a root-level hook: this module is loaded by the test files).
if (typeof after === "function") {
  after(() => {
    if (tally.faults + tally.badInputs + tally.leaksChecked > 0) {
      console.log(
        `\n  reliability: ${tally.faults} fault scenarios, ${tally.badInputs} bad inputs, ${tally.leaksChecked} texts checked for leaks`,
      );
    }
  });
}
