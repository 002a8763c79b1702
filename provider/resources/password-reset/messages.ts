/** What PasswordReset's operations say when they send nothing. Used by operations.ts. */

/** The user to reset does not exist. */
export function noSuchUser(username: string): Error {
  return new Error(`Cannot send a password reset: Vectara user "${username}" does not exist.`);
}

/** The username now names another user than the VectaraUser the reset belongs to. */
export function notTheUser(username: string, now: string, expected: string): Error {
  return new Error(
    `Cannot send a password reset: Vectara user "${username}" is now ${now}, not ${expected}, the VectaraUser this reset belongs to (it was deleted outside Pulumi and its username given to another user). No email was sent. Run \`pulumi refresh\` so the stack sees the change.`,
  );
}
