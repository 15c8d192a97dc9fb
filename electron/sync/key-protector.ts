/**
 * Private keys never rest in clear: they are stored as an envelope made by a KeyProtector.
 * The passphrase protector (scrypt → AES-256-GCM, node:crypto) works everywhere, CLI included;
 * the Electron shell adds one over `safeStorage` (the OS keychain) that implements the same
 * interface, and the envelope names its protector so a key is always opened by the right one.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { DomainError } from '../../shared/api/errors.js';

export interface KeyProtector {
  /** Stored in the envelope; unprotect refuses envelopes of another kind. */
  readonly kind: string;
  protect(secret: Buffer): string;
  unprotect(envelope: string): Buffer;
}

interface PassphraseEnvelope {
  kind: 'passphrase';
  v: 1;
  salt: string;
  logN: number;
  iv: string;
  tag: string;
  ct: string;
}

/** scrypt cost 2^15 × r 8: ~32 MB and well under a second; tests may lower it. */
const DEFAULT_LOG_N = 15;

export class PassphraseProtector implements KeyProtector {
  readonly kind = 'passphrase';

  constructor(private readonly passphrase: string, private readonly logN = DEFAULT_LOG_N) {
    if (passphrase.length < 8) throw new DomainError('invalid_input', 'The passphrase must have at least 8 characters', { messageKey: 'keys.passphraseTooShort' });
  }

  private key(salt: Buffer, logN: number): Buffer {
    return scryptSync(this.passphrase.normalize('NFC'), salt, 32, { N: 2 ** logN, r: 8, p: 1, maxmem: 256 * 2 ** logN * 8 + 1024 * 1024 });
  }

  protect(secret: Buffer): string {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(salt, this.logN), iv);
    const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
    const env: PassphraseEnvelope = {
      kind: 'passphrase', v: 1, salt: salt.toString('base64'), logN: this.logN,
      iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64'),
    };
    return JSON.stringify(env);
  }

  unprotect(envelope: string): Buffer {
    const env = JSON.parse(envelope) as PassphraseEnvelope;
    if (env.kind !== this.kind) throw new DomainError('locked', `This key is protected by ${String(env.kind)}, not a passphrase`, { messageKey: 'keys.otherProtector', params: { kind: String(env.kind) } });
    if (!Number.isInteger(env.logN) || env.logN < 10 || env.logN > 22) throw new DomainError('integrity', 'Corrupt key envelope', { messageKey: 'keys.corrupt' });
    const decipher = createDecipheriv('aes-256-gcm', this.key(Buffer.from(env.salt, 'base64'), env.logN), Buffer.from(env.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(env.ct, 'base64')), decipher.final()]);
    } catch {
      throw new DomainError('locked', 'Wrong passphrase', { messageKey: 'keys.wrongPassphrase' });
    }
  }
}

/** The part of Electron's `safeStorage` the OS-keychain protector needs (structural, so this
 *  module imports no Electron; the shell passes `safeStorage` itself). The synchronous calls
 *  are used because a KeyProtector is synchronous (keys open inside request handlers). */
export interface OsSecretStore {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store backs the key ('basic_text' is a fixed key, no secret). */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Why the OS keychain cannot protect keys here, or null when it can. On Linux without a secret
 * service Electron falls back to 'basic_text', a key compiled into the browser: that is clear
 * text in disguise and must not count as protection; 'unknown' (asked before the app is ready)
 * proves nothing either.
 */
export function osKeychainRefusal(store: OsSecretStore, platform: NodeJS.Platform): string | null {
  if (!store.isEncryptionAvailable()) return 'The OS keychain is not available; protect the keys with a passphrase instead';
  if (platform === 'linux') {
    const backend = store.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return `The OS keychain backend here is "${backend}" (no secret service): protect the keys with a passphrase instead`;
    }
  }
  return null;
}

/**
 * Keys protected by the operating system's keychain (DPAPI, Keychain, libsecret/KWallet)
 * through Electron's safeStorage. Refuses to exist where the OS offers no real encryption.
 */
export class OsKeychainProtector implements KeyProtector {
  readonly kind = 'os-keychain';

  constructor(private readonly store: OsSecretStore, platform: NodeJS.Platform = process.platform) {
    const refusal = osKeychainRefusal(store, platform);
    if (refusal) throw new DomainError('locked', refusal, { messageKey: 'keys.keychainUnavailable' });
  }

  protect(secret: Buffer): string {
    return JSON.stringify({ kind: this.kind, v: 1, ct: this.store.encryptString(secret.toString('base64')).toString('base64') });
  }

  unprotect(envelope: string): Buffer {
    const env = JSON.parse(envelope) as { kind: string; ct: string };
    if (env.kind !== this.kind) throw new DomainError('locked', `This key is protected by ${env.kind}, not the OS keychain`, { messageKey: 'keys.otherProtector', params: { kind: env.kind } });
    try {
      return Buffer.from(this.store.decryptString(Buffer.from(env.ct, 'base64')), 'base64');
    } catch {
      throw new DomainError('locked', 'The OS keychain could not open this key (another user or machine?)', { messageKey: 'keys.keychainCannotOpen' });
    }
  }
}

/**
 * Both at once: the secret sealed by `inner` (a passphrase), that envelope sealed again by
 * `outer` (the OS keychain). Opening needs both — the passphrase AND this OS account on this
 * machine — so a copy of the disk cannot be attacked offline by guessing passphrases, and the
 * app lock still needs the passphrase (a keychain that opens by itself at login would lock
 * nothing on a shared laptop). Used for the database key when the user opts in.
 */
export class LayeredProtector implements KeyProtector {
  static readonly KIND = 'os-keychain+passphrase';
  readonly kind = LayeredProtector.KIND;

  constructor(private readonly outer: KeyProtector, private readonly inner: KeyProtector) {}

  protect(secret: Buffer): string {
    return JSON.stringify({ kind: this.kind, v: 1, outer: this.outer.protect(Buffer.from(this.inner.protect(secret), 'utf8')) });
  }

  unprotect(envelope: string): Buffer {
    const env = JSON.parse(envelope) as { kind: string; outer: string };
    if (env.kind !== this.kind) throw new DomainError('locked', `This key is protected by ${env.kind}, not ${this.kind}`, { messageKey: 'keys.otherProtector', params: { kind: env.kind } });
    return this.inner.unprotect(this.outer.unprotect(env.outer).toString('utf8'));
  }
}

/** The kind named by a stored envelope (which protector must open it). */
export function envelopeKind(envelope: string): string {
  return (JSON.parse(envelope) as { kind: string }).kind;
}
