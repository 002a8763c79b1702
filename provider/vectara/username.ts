/**
 * A Vectara username, as every resource takes it: the path segment of /v2/users/{username}.
 * Pure: no I/O; the preview's unknown value always passes.
 */
import { CONTROL_CHAR, describeValue, isUnknown, LONE_SURROGATE, typeName } from "../framework/values";

/** Counted in UTF-16 code units (JavaScript's `length`, as a Java service counts them). */
export const USERNAME_MAX_LENGTH = 128;

export const USERNAME_RULE =
  `a username is 1-${USERNAME_MAX_LENGTH} characters with no control characters, and is not ` +
  `"." or ".." nor has a "/"-separated segment that is "." or ".."`;

/** Why `username` is not acceptable, or undefined. Callers pass only a value that was given. */
export function usernameProblem(value: unknown): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "string") {
    return `${describeValue(value)} is ${typeName(value)}, not a string; ${USERNAME_RULE}`;
  }
  const why = usernameSyntaxProblem(value);
  return why === undefined ? undefined : `${describeValue(value)} ${why}`;
}

/** What is wrong with a username, said so that it also says what is valid. */
function usernameSyntaxProblem(username: string): string | undefined {
  if (username.length === 0) return `is empty; a username has 1-${USERNAME_MAX_LENGTH} characters`;
  if (username.length > USERNAME_MAX_LENGTH) {
    return `is ${username.length} characters long; a username has at most ${USERNAME_MAX_LENGTH}`;
  }
  if (CONTROL_CHAR.test(username)) return "contains a control character, which a username cannot hold";
  if (LONE_SURROGATE.test(username)) return "contains an unpaired UTF-16 surrogate, which cannot be put in a URL";
  // The username is a path segment of /v2/users/{username}: a dot segment would change the
  // path on any server that normalizes it, even percent-encoded. A backslash counts as a
  // separator too (URL parsers treat it as one in http(s) paths).
  if (username.split(/[/\\]/).some((segment) => segment === "." || segment === "..")) {
    return username === "." || username === ".."
      ? 'would change the request path (/v2/users/{username}); a username cannot be "." or ".."'
      : 'has a "/"-separated segment "." or ".." that would change the request path (/v2/users/{username})';
  }
  return undefined;
}
