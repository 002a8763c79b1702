// A team's Vectara users as code: roster.json is the whole workflow. Add a person, edit one or
// remove one, then `pulumi up`. Setting or changing a person's passwordResetTrigger sends
// them a password-reset email. A person who already has a user in Vectara (made by hand)
// needs `"adoptExisting": true`, or their create fails with 409.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { listVectaraUsers, UserPasswordReset, VectaraUser } from "pulumi-vectara";
// Not "./roster": under the Node.js language host, require() would find roster.json first.
import { loadRoster } from "./load-roster";

// `pulumi config set roster path/to/roster.json` points a stack at another roster.
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

// This stack as its previous run left it: whom it managed then (its `summary` output). Someone
// removed from the roster since is deleted by this run, but only after the program ends.
const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
const previouslyManaged = new pulumi.StackReference(`${pulumi.getStack()}-previous-run`, { name: self })
  .getOutput("summary")
  .apply((rows: { username: string }[] | undefined) => (rows ?? []).map((row) => row.username));

/**
 * Users present in Vectara that this stack does not manage (people added by hand), so a
 * pipeline can flag them. Read once the roster's users are in place. Neither the roster's
 * users nor the ones this stack managed on its previous run count: a person just removed from
 * the roster is deleted by this very run (after the program ends), not added by hand.
 * Unknown during preview, which makes no API call.
 */
export const unmanagedUsers = pulumi.all([pulumi.all(users.map((u) => u.username)), previouslyManaged]).apply(([declared, previous]) => {
  const managed = new Set([...declared, ...previous]);
  return listVectaraUsers().apply((all) =>
    all
      .map((u) => u.username)
      .filter((name) => !managed.has(name))
      .sort(),
  );
});
