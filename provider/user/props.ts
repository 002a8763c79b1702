import type { AgentRole, ApiRole, CorpusRole } from "../client/types";

/**
 * VectaraUser inputs as the provider sees them after `check` applied the defaults. The engine
 * hands `diff`, `update`, `read` and `delete` the old OUTPUTS only, so every input is also an
 * output.
 */
export interface UserInputs {
  email: string;
  /** Defaults to `email`. */
  username: string;
  /** Defaults to "". */
  description: string;
  /** Default []. Compared as a set. */
  apiRoles: ApiRole[];
  /** Default []. Compared as a set of (corpusKey, role) pairs. */
  corpusRoles: CorpusRole[];
  /** Default []. Compared as a set of (agentKey, role) pairs. */
  agentRoles: AgentRole[];
  /** Default true. */
  enabled: boolean;
  /** Default false: take over a user that already exists instead of failing with 409. */
  adoptExisting: boolean;
}

/** What state holds for a VectaraUser (plus the `__provider` stub the SDK adds). */
export interface UserOutputs extends UserInputs {
  /** The `usr_…` id (also the resource id). */
  userId: string;
  createdAt: string;
  updatedAt: string;
}

/** The value the engine sends in place of anything not yet known during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
