export interface EmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /**
   * Interface to listen on. Default 127.0.0.1 (this machine only); `0.0.0.0` serves other
   * machines too, for example as a CI service container.
   */
  host?: string;
  /** API key -> API roles of that principal. Default { [DEFAULT_API_KEY]: ["administrator"] }. */
  apiKeys?: Record<string, string[]>;
  /** OAuth clients. Default { [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles: ["administrator"] } }. */
  clients?: Record<string, { secret: string; roles: string[] }>;
  /**
   * The users routes answer 403 to an API key (x-api-key), as Vectara's user-management guide
   * says they may ("requires OAuth client credentials, not API keys"): only bearer tokens
   * pass. A key the emulator does not know still gets 401. Default false.
   */
  refuseApiKeys?: boolean;
  /** `expires_in` of issued tokens (fractions shorten the real lifetime; expires_in is floored). Default 1800. */
  tokenTtlSeconds?: number;
  /** `enabled` of a newly created user. Default true. */
  initialEnabled?: boolean;
  /** reset_password answers one_time_code fields (true, default) or {}. */
  resetReturnsCode?: boolean;
  /** create answers one_time_code fields too. Default false. */
  createReturnsCode?: boolean;
  /** Latency added to every request (token requests too). Default 0. */
  latencyMs?: number;
  /** In-flight API requests beyond this many answer 429. Default Infinity. */
  concurrencyLimit?: number;
  /** Persist users (and resets) in this JSON file. */
  stateFile?: string;
}
