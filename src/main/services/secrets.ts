import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the secrets Nightshift keeps (never part of the settings or the IPC output). */
export const SECRET_NAMES = ['smtp.password'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Turns a secret into stored text and back; the desktop app passes Electron's safeStorage. */
export interface SecretCipher {
  /** Stored as `kind` so a library opened elsewhere knows it cannot read the value. */
  kind: string;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** Used by the CLI and the host, where there is no OS keychain: the file is readable by you only. */
export const plainCipher: SecretCipher = {
  kind: 'plain',
  encrypt: (plain) => Buffer.from(plain, 'utf8').toString('base64'),
  decrypt: (stored) => Buffer.from(stored, 'base64').toString('utf8'),
};

interface Stored {
  kind: string;
  data: string;
}

/**
 * Secrets in `<library>/secrets.json` (mode 0600), each encrypted with the cipher of the shell
 * that wrote it: Electron's safeStorage (the OS keychain) in the app, plain base64 otherwise.
 */
export class SecretStore {
  readonly #file: string;

  constructor(
    root: string,
    readonly cipher: SecretCipher = plainCipher,
  ) {
    this.#file = join(root, 'secrets.json');
  }

  #read(): Record<string, Stored> {
    if (!existsSync(this.#file)) return {};
    try {
      return JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, Stored>;
    } catch {
      return {};
    }
  }

  has(name: SecretName): boolean {
    return this.#read()[name] !== undefined;
  }

  /** The secret, or null when unset or written by a shell whose cipher this one lacks. */
  get(name: SecretName): string | null {
    const entry = this.#read()[name];
    if (!entry) return null;
    if (entry.kind !== this.cipher.kind && entry.kind !== 'plain') return null;
    try {
      return entry.kind === 'plain' ? plainCipher.decrypt(entry.data) : this.cipher.decrypt(entry.data);
    } catch {
      return null;
    }
  }

  /** Stores (or with null, forgets) a secret; the file is replaced atomically. */
  set(name: SecretName, value: string | null): void {
    const all = this.#read();
    if (value === null) delete all[name];
    else all[name] = { kind: this.cipher.kind, data: this.cipher.encrypt(value) };
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.#file);
  }
}
