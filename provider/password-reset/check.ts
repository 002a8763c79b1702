import { describeValue, isPlainObject, isUnknown, usernameProblem } from "../user/rules";
import { withoutUndefined } from "../runtime/results";

interface Failure {
  property: string;
  reason: string;
}

/** Defaults and validation of PasswordReset inputs. Pure: no API call. */
export function checkReset(_olds: Record<string, unknown>, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: Failure[] } {
  const failures: Failure[] = [];
  const fail = (property: string, reason: string | undefined) => reason && failures.push({ property, reason });

  fail("username", news.username === undefined ? "username: required; the user whose password to reset" : usernameProblem(news.username));

  const userId = news.userId ?? "";
  if (!isUnknown(userId) && (typeof userId !== "string" || (userId !== "" && !userId.startsWith("usr_")))) {
    fail("userId", `userId: ${describeValue(userId)} is not a Vectara user id; pass a VectaraUser's \`userId\` (usr_…) or leave it out`);
  }

  const triggers = news.triggers ?? {};
  if (!isUnknown(triggers) && !isPlainObject(triggers)) {
    fail("triggers", `triggers: ${describeValue(triggers)} is not a map; pass an object whose values, when changed, send a new reset`);
  }

  const days = news.rotateAfterDays ?? 0;
  if (!isUnknown(days) && (typeof days !== "number" || !Number.isFinite(days) || days < 0)) {
    fail("rotateAfterDays", `rotateAfterDays: ${describeValue(days)} is not a number of days; use a positive number, or 0 / leave it out to never rotate`);
  }

  const inputs = withoutUndefined({ ...news, userId, triggers, rotateAfterDays: days });
  return { inputs, failures };
}
