export interface EmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /**
   * Interface to listen on. Default 127.0.0.1 (this machine only); `0.0.0.0` serves other
   * machines too, for example as a CI service container.
   */
  host?: string;
  /**
   * API key -> API roles of that principal (a personal key). Default { [DEFAULT_API_KEY]:
   * ["administrator"] }. A key with lesser roles (e.g. ["viewer"]) gets 403 where the spec asks
   * for more; API keys created through the API are accepted as well.
   */
  apiKeys?: Record<string, string[]>;
  /**
   * OAuth clients. Default { [DEFAULT_CLIENT_ID]: { secret: DEFAULT_CLIENT_SECRET, roles:
   * ["administrator"] } }. App clients created through the API get tokens as well.
   */
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
  /**
   * The app clients and API keys routes disclose client_secret / secret_key on get and list as
   * well, not only in the create answer (the default; see the README for why). Default false.
   */
  secretsOnRead?: boolean;
  /** Persist users (and resets), app clients and API keys in this JSON file. */
  stateFile?: string;
}
