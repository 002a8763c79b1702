/**
 * The state file of the offline stack runner (./index.ts): a small JSON checkpoint in the
 * spirit of the Pulumi engine's, NOT compatible with `pulumi stack export/import`.
 *
 * - Secrets are kept in memory the way the SDK's RPC layer writes them:
 *   `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": <plain>}`.
 *   On disk the `value` is replaced by `"ciphertext": "v1:<iv b64>:<ciphertext+tag b64>"`
 *   (AES-256-GCM over the JSON of the value; the engine's passphrase provider uses the same
 *   shape). The key is `scrypt(passphrase, salt, 32)`; the salt is per stack, stored in
 *   `secrets.encryptionsalt` together with an encrypted check value ("pulumi") so a wrong
 *   passphrase fails clearly instead of producing garbage.
 * - A ciphertext is reused for an unchanged plaintext (as the engine's caching crypter does), so
 *   rewriting an unchanged state yields byte-identical JSON.
 * - Writes are atomic: a temporary file in the same folder, then rename.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** `specialResourceSig`: a resource reference in serialized properties. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

export type Props = Record<string, unknown>;

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  /** false for component resources (and the stack): recorded, never sent to a provider. */
  custom: boolean;
  id?: string;
  /** URN of the parent ("" or absent for the stack itself). */
  parent?: string;
  /** URNs this resource depends on (dependsOn and the resources its inputs came from). */
  dependencies: string[];
  inputs: Props;
  outputs: Props;
  /** The old half of a create-before-delete replacement, still to be deleted. */
  delete?: true;
  /** Reasons of a partial failure (Create/Update failed after the object came into existence). */
  initErrors?: string[];
}

export interface StackState {
  version: 1;
  project: string;
  stack: string;
  /** "v1:<salt b64>:v1:<iv b64>:<encrypted check>"; absent until a passphrase was used. */
  secrets?: { encryptionsalt: string };
  resources: ResourceState[];
}

export function emptyState(project: string, stack: string): StackState {
  return { version: 1, project, stack, resources: [] };
}

export function isSecret(v: unknown): v is { [SIG_KEY]: string; value?: unknown; ciphertext?: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Props)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** True if the value is, or contains, a secret (in either form). */
export function containsSecret(v: unknown): boolean {
  if (isSecret(v)) {
    return true;
  }
  if (Array.isArray(v)) {
    return v.some(containsSecret);
  }
  if (typeof v === "object" && v !== null) {
    return Object.values(v).some(containsSecret);
  }
  return false;
}

/** Replaces every secret wrapper by its plain value (throws on a still-encrypted one). */
export function unwrapSecrets(v: unknown): unknown {
  if (isSecret(v)) {
    if (!("value" in v)) {
      throw new Error("the state holds an encrypted secret and no passphrase was given");
    }
    return unwrapSecrets(v.value);
  }
  if (Array.isArray(v)) {
    return v.map(unwrapSecrets);
  }
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

const SCRYPT_KEY_BYTES = 32;
const CHECK_PLAINTEXT = "pulumi";
const keyCache = new Map<string, Buffer>();

/** Encrypts/decrypts secret values of one stack. Not constructed at all when there is no passphrase. */
export class Crypter {
  private readonly key: Buffer;
  /** plaintext JSON -> ciphertext, so unchanged secrets keep their ciphertext. */
  private readonly cache = new Map<string, string>();

  constructor(passphrase: string, salt: Buffer) {
    const cacheKey = `${salt.toString("base64")}\0${crypto.createHash("sha256").update(passphrase).digest("hex")}`;
    let key = keyCache.get(cacheKey);
    if (!key) {
      key = crypto.scryptSync(passphrase, salt, SCRYPT_KEY_BYTES);
      keyCache.set(cacheKey, key);
    }
    this.key = key;
  }

  encrypt(plaintext: string): string {
    const cached = this.cache.get(plaintext);
    if (cached !== undefined) {
      return cached;
    }
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    const ciphertext = `v1:${iv.toString("base64")}:${data.toString("base64")}`;
    this.cache.set(plaintext, ciphertext);
    return ciphertext;
  }

  decrypt(ciphertext: string): string {
    const [version, ivB64, dataB64] = ciphertext.split(":");
    if (version !== "v1" || ivB64 === undefined || dataB64 === undefined) {
      throw new Error("malformed ciphertext in state");
    }
    const data = Buffer.from(dataB64, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(ivB64, "base64"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    let plaintext: string;
    try {
      plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
    } catch {
      throw new Error("incorrect passphrase: cannot decrypt the secrets in this state file");
    }
    this.cache.set(plaintext, ciphertext);
    return plaintext;
  }

  /** Makes a new salt and its check value. */
  static create(passphrase: string): { crypter: Crypter; encryptionsalt: string } {
    const salt = crypto.randomBytes(16);
    const crypter = new Crypter(passphrase, salt);
    return { crypter, encryptionsalt: `v1:${salt.toString("base64")}:${crypter.encrypt(CHECK_PLAINTEXT)}` };
  }

  /** Opens an existing salt; throws when the passphrase does not match. */
  static open(passphrase: string, encryptionsalt: string): Crypter {
    const m = /^v1:([^:]+):(.+)$/.exec(encryptionsalt);
    if (!m) {
      throw new Error("malformed secrets.encryptionsalt in state");
    }
    const crypter = new Crypter(passphrase, Buffer.from(m[1], "base64"));
    if (crypter.decrypt(m[2]) !== CHECK_PLAINTEXT) {
      throw new Error("incorrect passphrase: cannot decrypt the secrets in this state file");
    }
    return crypter;
  }
}

function mapSecrets(v: unknown, f: (s: Props) => Props): unknown {
  if (isSecret(v)) {
    return f(v as Props);
  }
  if (Array.isArray(v)) {
    return v.map((x) => mapSecrets(x, f));
  }
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapSecrets(x, f)]));
  }
  return v;
}

function mapResources(state: StackState, f: (s: Props) => Props): StackState {
  return {
    ...state,
    resources: state.resources.map((r) => ({
      ...r,
      inputs: mapSecrets(r.inputs, f) as Props,
      outputs: mapSecrets(r.outputs, f) as Props,
    })),
  };
}

/**
 * In-memory (plain secrets) -> on-disk (ciphertexts). `crypter` is asked only when there is a
 * secret to encrypt (so a stack without secrets never needs a passphrase); it returns undefined
 * when there is no passphrase, and then this throws.
 */
export function encryptState(state: StackState, crypter: () => Crypter | undefined, file: string): StackState {
  return mapResources(state, (s) => {
    if ("ciphertext" in s) {
      return s; // still encrypted: loaded without a passphrase and never touched
    }
    const c = crypter();
    if (!c) {
      throw new Error(`a passphrase is required to store secrets in ${file}: pass \`passphrase\` or set PULUMI_CONFIG_PASSPHRASE`);
    }
    return { [SIG_KEY]: SECRET_SIG, ciphertext: c.encrypt(JSON.stringify(s.value ?? null)) };
  });
}

/** On-disk -> in-memory. Without a crypter, ciphertext objects are left as they are. */
export function decryptState(state: StackState, crypter: Crypter | undefined): StackState {
  if (!crypter) {
    return state;
  }
  return mapResources(state, (s) =>
    typeof s.ciphertext === "string" ? { [SIG_KEY]: SECRET_SIG, value: JSON.parse(crypter.decrypt(s.ciphertext)) } : s,
  );
}

export function stateHasCiphertext(state: StackState): boolean {
  let found = false;
  mapResources(state, (s) => {
    found ||= "ciphertext" in s;
    return s;
  });
  return found;
}

/** Reads the raw file (ciphertexts kept); undefined if the file does not exist. */
export function loadStateFile(file: string): StackState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw e;
  }
  const state = JSON.parse(text) as StackState;
  if (state.version !== 1 || !Array.isArray(state.resources)) {
    throw new Error(`${file} is not a state file of this runner (version ${String(state.version)})`);
  }
  return state;
}

let tmpCounter = 0;
/** Atomic replace: write a temporary file next to it, then rename over it. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${++tmpCounter}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function stateToText(state: StackState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * For tests: the state as stored. With a passphrase, secrets come back as
 * `{[SIG_KEY]: SECRET_SIG, value}`; without one they stay `{[SIG_KEY]: SECRET_SIG, ciphertext}`.
 * A missing file reads as an empty state.
 */
export function readState(stateFile: string, passphrase?: string): StackState {
  const raw = loadStateFile(stateFile);
  if (!raw) {
    return emptyState("", "");
  }
  if (!passphrase || !raw.secrets) {
    return raw;
  }
  return decryptState(raw, Crypter.open(passphrase, raw.secrets.encryptionsalt));
}
