/**
 * Secrets and their redaction. A `Secret` hides its value from `String()`, `JSON.stringify`
 * and `util.inspect`; a `Redactor` scrubs known secrets out of text that came from elsewhere
 * (server error messages, network error messages) before it goes into an error or a log line.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

/** A credential value that never shows up when printed, logged or serialized. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself: only for the header or form field that carries it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/** Replaces every registered secret in a text with `[redacted]`. */
export class Redactor {
  // Bounded: a long-lived client registers each access token it receives.
  static readonly MAX_ENTRIES = 64;
  readonly #secrets: string[] = [];

  add(secret: string | Secret | undefined): void {
    const value = secret instanceof Secret ? secret.reveal() : secret;
    // Very short values would redact ordinary words; a real credential is never that short.
    if (!value || value.length < 6 || this.#secrets.includes(value)) return;
    this.#secrets.push(value);
    if (this.#secrets.length > Redactor.MAX_ENTRIES) this.#secrets.splice(1, 1); // keep the first (the key / secret)
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.#secrets) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    // Belt and braces: anything that looks like an auth header value.
    return out
      .replace(/(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`)
      .replace(/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${REDACTED}`)
      .replace(/(client_secret["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, `$1${REDACTED}`);
  }

  [inspect.custom](): string {
    return `Redactor(${this.#secrets.length} secrets)`;
  }

  toJSON(): string {
    return `Redactor(${this.#secrets.length} secrets)`;
  }
}
