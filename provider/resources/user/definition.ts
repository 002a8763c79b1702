/**
 * VectaraUser as its provider runs it: the table, check (the table's, plus the program's
 * duplicate), diff (the table's, noting the user each declared resource keeps), and the
 * operations on the users API's client of the host's connection.
 */
import { UsersClient } from "../../client";
import type { VectaraResourceDefinition } from "../../vectara/provider";
import { checkUser } from "./check";
import { claimingDiff } from "./claims";
import { diffUser } from "./diff";
import { userOperations } from "./operations";
import { USER_SCHEMA } from "./schema";

export const userDefinition: VectaraResourceDefinition = {
  schema: USER_SCHEMA,
  check: checkUser,
  // Most users leave these at their default: state's inputs leave them out.
  leanInputs: ["description", "agentRoles", "enabled", "adoptExisting"],
  diff: claimingDiff(diffUser),
  operations: ({ client, settings }) => userOperations(() => client(UsersClient), settings),
};
