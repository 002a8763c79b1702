/**
 * The emulator's in-memory state: users (keyed by username in stable insertion order), app
 * clients and API keys (keyed by id), with optional persistence to a JSON file (loaded on
 * start, rewritten atomically after each change).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StoredApiKey } from "./api-key";
import type { StoredAppClient } from "./app-client";
import { Collection, pageOf } from "./collection";

/** A user as the wire carries it (snake_case). */
export type EmulatorUser = {
  id: string;
  email: string;
  username: string;
  enabled: boolean;
  description?: string;
  created_at: string;
  updated_at: string;
  api_roles: string[];
  corpus_roles: { corpus_key: string; role: string }[];
  agent_roles: { agent_key: string; role: string }[];
};

export interface ResetRecord {
  username: string;
  at: string;
}

export type NewUser = Pick<EmulatorUser, "email"> &
  Partial<Pick<EmulatorUser, "username" | "description" | "api_roles" | "corpus_roles" | "agent_roles">>;
export type UserPatch = Partial<Pick<EmulatorUser, "enabled" | "description" | "api_roles" | "corpus_roles" | "agent_roles">>;

export interface StoreOptions {
  stateFile?: string;
  /** `enabled` of a user created without one. Default true. */
  initialEnabled?: boolean;
}

interface StateFile {
  version: 1;
  users: EmulatorUser[];
  resets: ResetRecord[];
  /** Absent in files written before the emulator had app clients and API keys. */
  app_clients?: StoredAppClient[];
  api_keys?: StoredApiKey[];
}

const clone = <T>(v: T): T => structuredClone(v);

export function newUserId(): string {
  return `usr_${crypto.randomBytes(8).toString("hex")}`;
}

/** Users through the methods below; app clients and API keys through their collections. */
export class EmulatorStore {
  private readonly byName = new Map<string, EmulatorUser>();
  /** Every password reset sent, in order. */
  readonly resets: ResetRecord[] = [];
  readonly appClients = new Collection<StoredAppClient>(() => this.save());
  readonly apiKeys = new Collection<StoredApiKey>(() => this.save());
  private lastMs = 0;
  private readonly stateFile?: string;
  private readonly initialEnabled: boolean;

  constructor(options: StoreOptions = {}) {
    this.stateFile = options.stateFile ? path.resolve(options.stateFile) : undefined;
    this.initialEnabled = options.initialEnabled ?? true;
    if (this.stateFile && fs.existsSync(this.stateFile)) this.load(this.stateFile);
  }

  /** An ISO timestamp strictly after every one this store handed out before. */
  now(): string {
    const ms = Math.max(Date.now(), this.lastMs + 1);
    this.lastMs = ms;
    return new Date(ms).toISOString();
  }

  /** Copies, in store order. */
  list(): EmulatorUser[] {
    return [...this.byName.values()].map(clone);
  }

  /** Copies of one page of the users that pass `filter`, in store order (see pageOf). */
  page(filter: (user: EmulatorUser) => boolean, offset: number, limit: number): { items: EmulatorUser[]; more: boolean } {
    return pageOf(this.byName.values(), filter, offset, limit);
  }

  get size(): number {
    return this.byName.size;
  }

  get(username: string): EmulatorUser | undefined {
    const u = this.byName.get(username);
    return u && clone(u);
  }

  /** Emails compare case-insensitively. */
  findByEmail(email: string): EmulatorUser | undefined {
    const needle = email.toLowerCase();
    for (const u of this.byName.values()) if (u.email.toLowerCase() === needle) return clone(u);
    return undefined;
  }

  /** Adds a user (the caller has checked for conflicts). */
  create(input: NewUser): EmulatorUser {
    const at = this.now();
    const user: EmulatorUser = {
      id: newUserId(),
      email: input.email,
      username: input.username ?? input.email,
      enabled: this.initialEnabled,
      ...(input.description !== undefined ? { description: input.description } : {}),
      created_at: at,
      updated_at: at,
      api_roles: clone(input.api_roles ?? []),
      corpus_roles: clone(input.corpus_roles ?? []),
      agent_roles: clone(input.agent_roles ?? []),
    };
    this.byName.set(user.username, user);
    this.save();
    return clone(user);
  }

  /** Given fields replace, omitted ones stay; updated_at is bumped when anything is given. */
  update(username: string, patch: UserPatch): EmulatorUser | undefined {
    const user = this.byName.get(username);
    if (!user) return undefined;
    let changed = false;
    for (const key of ["enabled", "description", "api_roles", "corpus_roles", "agent_roles"] as const) {
      if (patch[key] !== undefined) {
        (user as any)[key] = clone(patch[key]);
        changed = true;
      }
    }
    if (changed) {
      user.updated_at = this.now();
      this.save();
    }
    return clone(user);
  }

  delete(username: string): boolean {
    const ok = this.byName.delete(username);
    if (ok) this.save();
    return ok;
  }

  /**
   * Seeds or changes a user out of band: fills id, username (= email), enabled, timestamps and
   * empty role arrays; an existing username keeps its place, id and created_at unless given.
   */
  put(input: Partial<EmulatorUser> & { email: string }): EmulatorUser {
    const username = input.username ?? input.email;
    const old = this.byName.get(username);
    const at = this.now();
    const user: EmulatorUser = {
      id: input.id ?? old?.id ?? newUserId(),
      email: input.email,
      username,
      enabled: input.enabled ?? old?.enabled ?? this.initialEnabled,
      ...(input.description !== undefined
        ? { description: input.description }
        : old?.description !== undefined
          ? { description: old.description }
          : {}),
      created_at: input.created_at ?? old?.created_at ?? at,
      updated_at: input.updated_at ?? at,
      api_roles: clone(input.api_roles ?? old?.api_roles ?? []),
      corpus_roles: clone(input.corpus_roles ?? old?.corpus_roles ?? []),
      agent_roles: clone(input.agent_roles ?? old?.agent_roles ?? []),
    };
    this.byName.set(username, user);
    this.save();
    return clone(user);
  }

  recordReset(username: string): ResetRecord {
    const rec = { username, at: this.now() };
    this.resets.push(rec);
    this.save();
    return { ...rec };
  }

  private load(file: string): void {
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<StateFile>;
    for (const u of state.users ?? []) {
      this.byName.set(u.username, u);
      this.lastMs = Math.max(this.lastMs, Date.parse(u.updated_at) || 0, Date.parse(u.created_at) || 0);
    }
    this.resets.push(...(state.resets ?? []));
    this.appClients.load(state.app_clients ?? []);
    this.apiKeys.load(state.api_keys ?? []);
  }

  /** Writes the state file atomically: a temp file beside it, then rename. */
  private save(): void {
    if (!this.stateFile) return;
    const state: StateFile = {
      version: 1,
      users: [...this.byName.values()],
      resets: this.resets,
      app_clients: this.appClients.snapshot(),
      api_keys: this.apiKeys.snapshot(),
    };
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
    fs.renameSync(tmp, this.stateFile);
  }
}
