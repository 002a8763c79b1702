// A team's Vectara users as code: roster.json is the whole workflow. Add a person, edit one or
// remove one, then `pulumi up`. Setting or changing a person's passwordResetTrigger sends
// them a password-reset email.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { listVectaraUsers, UserPasswordReset, VectaraUser } from "pulumi-vectara";
import { loadRoster } from "./roster";

const people = loadRoster(path.join(__dirname, "roster.json"));

const users = people.map((person) => {
  const user = new VectaraUser(person.name, {
    email: person.email,
    username: person.username,
    description: person.description,
    apiRoles: person.apiRoles,
    corpusRoles: person.corpusRoles,
    agentRoles: person.agentRoles,
    enabled: person.enabled,
  });
  if (person.passwordResetTrigger !== undefined) {
    new UserPasswordReset(`${person.name}-password`, { user, triggers: { roster: person.passwordResetTrigger } });
  }
  return user;
});

/** Who is in the account through this stack, and with which roles. */
export const summary = pulumi.all(users.map((u) => pulumi.all([u.username, u.apiRoles, u.enabled]))).apply((rows) =>
  rows.map(([username, apiRoles, enabled]) => ({ username, apiRoles, enabled })),
);

/**
 * Users present in Vectara that the roster does not declare (people added by hand), so a
 * pipeline can flag them. Unknown during preview, which makes no API call.
 */
export const unmanagedUsers = pulumi
  .all([listVectaraUsers(), pulumi.all(users.map((u) => u.username))])
  .apply(([all, managed]) => all.map((u) => u.username).filter((username) => !managed.includes(username)).sort());
