/** What a run is given (StackOptions) and what it answers (RunResult and its steps). */
import type { ProviderHost } from "../host";

export interface StackOptions {
  /** A program file (its module exports become stack outputs; re-required on every run) or an inline function. */
  program: string | (() => Promise<Record<string, unknown> | void>);
  /** JSON state; created if absent; written atomically after every completed step. */
  stateFile: string;
  project?: string;
  stack?: string;
  /** Stack config ("vectara:apiKey": "..."); a key without a namespace gets "<project>:". */
  config?: Record<string, string>;
  secretConfigKeys?: string[];
  /** Encrypts secrets in the state file. Default: PULUMI_CONFIG_PASSPHRASE. Required only when there are secrets. */
  passphrase?: string;
  /** Max concurrent provider operations. Default 10. */
  parallel?: number;
  /** Working directory of the provider host. Default: the program file's folder, else the repo root. */
  hostCwd?: string;
  hostEnv?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  onHost?: (host: ProviderHost) => void;
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read-gone";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Input keys that differ from the old inputs (for display; `__provider` only when nothing else differs). */
  changed: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  error?: string;
}

export interface RunResult {
  steps: Step[];
  /** Stack outputs; secrets as "[secret]", unknowns (preview) as "[unknown]". */
  outputs: Record<string, unknown>;
  failed: boolean;
  errors: string[];
  summary: Record<StepOp, number>;
}
