// A team's Vectara users as code: roster.json is the whole workflow. Add a person, edit one or
// remove one, then `pulumi up`. Setting or changing a person's passwordResetTrigger sends
// them a password-reset email. A person who already has a user in Vectara (made by hand)
// needs `"adoptExisting": true`, or their create fails with 409.
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { listVectaraUsers, loadRoster, UserPasswordReset, VectaraUser } from "pulumi-vectara";
import { DeclaredUsers } from "./declared-users";

// `pulumi config set roster path/to/roster.json` points a stack at another roster. A roster
// with a mistake (an unknown key, a wrong type, a person twice) stops here, before anything.
const people = loadRoster(new pulumi.Config().get("roster") ?? path.join(__dirname, "roster.json"));

const users = people.map((person) => {
  const user = new VectaraUser(person.name, {
    email: person.email,
    username: person.username,
    description: person.description,
    apiRoles: person.apiRoles,
    corpusRoles: person.corpusRoles,
    agentRoles: person.agentRoles,
    enabled: person.enabled,
    adoptExisting: person.adoptExisting,
  });
  if (person.passwordResetTrigger !== undefined) {
    new UserPasswordReset(`${person.name}-password`, { user, triggers: { roster: person.passwordResetTrigger } });
  }
  return user;
});

/** Who is in the account through this stack, and with which roles. */
export const summary = pulumi
  .all(users.map((u) => pulumi.all([u.username, u.apiRoles, u.enabled])))
  .apply((rows) => rows.map(([username, apiRoles, enabled]) => ({ username, apiRoles, enabled })));

// Whom the roster declared before this run, when this run changed that (see declared-users.ts).
// After the users, so a run that fails on a user leaves the record as it was.
const run = randomUUID();
const declared = new DeclaredUsers(
  "declared-users",
  { usernames: people.map((p) => p.username ?? p.email).sort(), run },
  { dependsOn: users },
);

/**
 * Users present in Vectara that this stack does not manage (people added by hand), so a
 * pipeline can flag them. Read once the roster's users are in place. Neither the roster's
 * users nor the ones this run removed from it count: those are deleted by this very run (after
 * the program ends), not added by hand. Usernames compare without regard to case. Unknown
 * during preview, which makes no API call.
 */
export const unmanagedUsers = pulumi
  .all([pulumi.all(users.map((u) => u.username)), declared.run, declared.previousUsernames])
  .apply(([current, recordedBy, previous]) => {
    const removedNow = recordedBy === run ? previous : [];
    const managed = new Set([...current, ...removedNow].map((name) => name.toLowerCase()));
    return listVectaraUsers().apply((all) =>
      all
        .map((u) => u.username)
        .filter((name) => !managed.has(name.toLowerCase()))
        .sort(),
    );
  });
