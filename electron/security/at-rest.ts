/**
 * Protection at rest: the app lock, the encrypted store, auto-lock and the emergency wipe.
 *
 * Threat model (README): a lost or seized laptop, and other local users of the same machine.
 * - The database (and its WAL and backups) is encrypted page by page with a random 32-byte key
 *   (better-sqlite3-multiple-ciphers, AEGIS-256: authenticated, and the cheapest of the library's
 *   ciphers here — see CIPHER in db/cipher.ts). The key is never written in clear: `db-key.json`
 *   holds it sealed by the passphrase (scrypt → AES-256-GCM, sync/key-protector.ts), and — if
 *   the user binds it — sealed once more by the OS keychain, so that opening needs both. The GCM
 *   tag is the key check: a wrong passphrase fails there with a typed `locked` error, before
 *   SQLite sees a key.
 * - Turning encryption on or off copies the store into a new file under the new key and swaps
 *   it in (db/rekey.ts): SQLite's in-place rekey wrote every page in clear to a rollback journal.
 *   The plain original is overwritten, and so is the WAL SQLite deletes when it closes the store
 *   (held open across the close; db/store-files.ts).
 * - Wrong passphrases back off (FREE_ATTEMPTS, then 1 s doubling to 15 min), counted in the key
 *   file so that restarting the app does not reset them. The count protects the lock screen; a
 *   copy of the disk is attacked offline without it, which is what scrypt (and the keychain
 *   binding) are for.
 * - Whatever weakens or destroys the protection — lock settings, turning it off, the wipe,
 *   a new passphrase — asks for the passphrase (the same back-off applies).
 * - Locking closes the store and drops the key from the context; nothing readable stays open.
 * - The emergency wipe overwrites, then deletes, the database, its WAL, every backup and the
 *   sealed key. On flash storage overwriting is best effort; destroying the sealed key is what
 *   makes the ciphertext unreadable, so it is overwritten first.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { KeychainBinding, LockStatus } from '../../shared/api/security.js';
import { backupDirFor, listBackups } from '../db/backup.js';
import { writeFileAtomic } from '../files/safe-fs.js';
import { DB_KEY_FILE, databasePath, encryptionEnabled } from '../db/connection.js';
import { copyStore } from '../db/rekey.js';
import { CANDIDATE_PREFIX } from '../db/restore.js';
import {
  DECRYPTING_SUFFIX, ENCRYPTING_SUFFIX, completeInterruptedSwaps, holdForOverwrite, isPlainSqlite, overwriteAndDelete, swapInCopy,
} from '../db/store-files.js';
import { recordAudit } from '../services/audit.js';
import { PENDING_EXPORTS_FILE } from '../services/export-record.js';
import { lockDatabase, reopenDatabase, type ServiceContext } from '../services/context.js';
import { envelopeKind, LayeredProtector, PassphraseProtector, type KeyProtector } from '../sync/key-protector.js';

export const DEFAULT_AUTO_LOCK_MINUTES = 15;
export const WIPE_CONFIRMATION = 'WIPE LOCAL DATA';
/** Wrong passphrases allowed in a row before the back-off starts. */
export const FREE_ATTEMPTS = 3;
const MAX_BACKOFF_MS = 15 * 60_000;

interface KeyFile {
  v: 1;
  envelope: string;
  /** 0 = never. Not secret, and needed while locked, so it lives beside the sealed key. */
  autoLockMinutes: number;
  /** Wrong passphrases in a row, and when the last one was tried (ms since the epoch). */
  failures?: number;
  lastFailureAt?: number;
}

function keyFilePath(dataDir: string): string {
  return path.join(dataDir, DB_KEY_FILE);
}

function readKeyFile(dataDir: string): KeyFile {
  return JSON.parse(fs.readFileSync(keyFilePath(dataDir), 'utf8')) as KeyFile;
}

function writeKeyFile(dataDir: string, kf: KeyFile): void {
  writeFileAtomic(keyFilePath(dataDir), JSON.stringify(kf), 0o600);
}

/** How long after `failures` wrong passphrases in a row the next attempt must wait. */
export function backoffMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

function retryAfterMs(kf: KeyFile, nowMs: number): number {
  const failures = kf.failures ?? 0;
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.max(0, (kf.lastFailureAt ?? 0) + backoffMs(failures) - nowMs);
}

function keychainBinding(ctx: ServiceContext, kf: KeyFile | null): KeychainBinding {
  if (kf && envelopeKind(kf.envelope) === LayeredProtector.KIND) return 'bound';
  return ctx.osKeychain ? 'available' : 'unavailable';
}

export function lockStatus(ctx: ServiceContext): LockStatus {
  const encrypted = encryptionEnabled(ctx.dataDir);
  const kf = encrypted ? readKeyFile(ctx.dataDir) : null;
  return {
    encrypted,
    locked: ctx.durability.blockedBy === 'locked',
    autoLockMinutes: kf?.autoLockMinutes ?? 0,
    retryAfterMs: kf ? retryAfterMs(kf, ctx.now().getTime()) : 0,
    keychain: keychainBinding(ctx, kf),
  };
}

/** The protector that opens (and re-seals) this folder's key with `passphrase`. */
function protectorFor(ctx: ServiceContext, passphrase: string, bound: boolean): KeyProtector {
  const inner = new PassphraseProtector(passphrase);
  if (!bound) return inner;
  if (!ctx.osKeychain) {
    throw new DomainError('locked', 'This store\'s key is bound to the OS keychain of the desktop app where it was encrypted; open it there.', { messageKey: 'sec.keychainNeeded' });
  }
  return new LayeredProtector(ctx.osKeychain, inner);
}

/**
 * Unseals the database key with the passphrase: refused while the back-off runs, a wrong
 * passphrase is a typed `locked` error and counts, the right one resets the count.
 */
export function unsealKey(ctx: ServiceContext, passphrase: string): Buffer {
  if (!encryptionEnabled(ctx.dataDir)) throw new DomainError('not_found', 'This data folder is not encrypted.');
  const kf = readKeyFile(ctx.dataDir);
  const now = ctx.now().getTime();
  const wait = retryAfterMs(kf, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new DomainError('too_many_attempts', `Too many wrong passphrases; try again in ${seconds} s.`, { messageKey: 'sec.retryAfter', params: { seconds }, retryAfterMs: wait });
  }
  let key: Buffer;
  try {
    key = protectorFor(ctx, passphrase, envelopeKind(kf.envelope) === LayeredProtector.KIND).unprotect(kf.envelope);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'locked') {
      writeKeyFile(ctx.dataDir, { ...kf, failures: (kf.failures ?? 0) + 1, lastFailureAt: now });
      if (e.details?.['messageKey'] === 'keys.wrongPassphrase') throw new DomainError('locked', 'Wrong passphrase', { messageKey: 'sec.wrong' });
    }
    throw e;
  }
  if (key.length !== 32) throw new DomainError('integrity', 'The sealed database key is damaged.');
  if (kf.failures) {
    const { failures: _f, lastFailureAt: _l, ...rest } = kf;
    writeKeyFile(ctx.dataDir, rest);
  }
  return key;
}

const binding = (ctx: ServiceContext) => (ctx.cipherNativeBinding ? { nativeBinding: ctx.cipherNativeBinding } : {});

/**
 * Backups not yet under the key (a crash while encryption was turned on left them, or they were
 * restored from elsewhere): encrypted into a new file each, the plain original overwritten.
 */
function encryptPlainBackups(ctx: ServiceContext, key: Buffer): void {
  for (const b of listBackups(backupDirFor(databasePath(ctx.dataDir)))) {
    if (!isPlainSqlite(b.file)) continue;
    fs.rmSync(b.file + ENCRYPTING_SUFFIX, { force: true });
    copyStore({ file: b.file, key: null }, { file: b.file + ENCRYPTING_SUFFIX, key }, binding(ctx));
    swapInCopy(b.file, ENCRYPTING_SUFFIX);
  }
}

/**
 * Turns on encryption for this data folder: a fresh random key, sealed by the passphrase (and
 * the OS keychain when asked); the store is copied into a new encrypted file that replaces it,
 * the plain original overwritten, and so is every existing backup (a plain backup would defeat
 * it). Order for a crash: the encrypted copy, then the sealed key, then the swap — on the next
 * open a complete copy beside a sealed key is swapped in, and a copy without one is discarded.
 */
export function enableEncryption(
  ctx: ServiceContext, passphrase: string,
  opts: { autoLockMinutes?: number; bindToKeychain?: boolean } = {},
): LockStatus {
  if (encryptionEnabled(ctx.dataDir)) throw new DomainError('conflict', 'Encryption is already on.');
  if (!ctx.durability.writable) throw new DomainError(ctx.durability.blockedBy ?? 'read_only', 'The store must be writable to encrypt it.');
  const protector = protectorFor(ctx, passphrase, opts.bindToKeychain ?? false);
  const key = randomBytes(32);
  const envelope = protector.protect(key);
  recordAudit(ctx, { action: 'security.enableEncryption', detail: opts.bindToKeychain ? 'bound to the OS keychain' : '' });
  const dbFile = databasePath(ctx.dataDir);
  // Closing the plain store deletes its WAL, whose blocks would keep the last writes in clear.
  const wal = holdForOverwrite(`${dbFile}-wal`);
  reopenDatabase(ctx, () => {
    wal.overwrite();
    fs.rmSync(dbFile + ENCRYPTING_SUFFIX, { force: true });
    copyStore({ file: dbFile, key: null }, { file: dbFile + ENCRYPTING_SUFFIX, key }, { ...binding(ctx), wal: true });
    writeKeyFile(ctx.dataDir, { v: 1, envelope, autoLockMinutes: opts.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES });
    swapInCopy(dbFile, ENCRYPTING_SUFFIX);
  }, { cipherKey: key });
  encryptPlainBackups(ctx, key);
  return lockStatus(ctx);
}

/**
 * Turns encryption off: the passphrase, then every backup and the store are decrypted into new
 * files that replace them, and the sealed key is removed last (until then the store opens as it
 * is; see completeInterruptedSwaps).
 */
export function disableEncryption(ctx: ServiceContext, passphrase: string): LockStatus {
  const key = unsealKey(ctx, passphrase);
  if (ctx.durability.blockedBy === 'locked') throw new DomainError('locked', 'Unlock Spilno first.', { messageKey: 'error.appLocked' });
  if (!ctx.durability.writable) throw new DomainError(ctx.durability.blockedBy ?? 'read_only', 'The store must be writable to decrypt it.');
  recordAudit(ctx, { action: 'security.disableEncryption' });
  const dbFile = databasePath(ctx.dataDir);
  reopenDatabase(ctx, () => {
    for (const b of listBackups(backupDirFor(dbFile))) {
      if (isPlainSqlite(b.file)) continue;
      fs.rmSync(b.file + DECRYPTING_SUFFIX, { force: true });
      copyStore({ file: b.file, key }, { file: b.file + DECRYPTING_SUFFIX, key: null }, binding(ctx));
      swapInCopy(b.file, DECRYPTING_SUFFIX);
    }
    fs.rmSync(dbFile + DECRYPTING_SUFFIX, { force: true });
    copyStore({ file: dbFile, key }, { file: dbFile + DECRYPTING_SUFFIX, key: null }, { ...binding(ctx), wal: true });
    swapInCopy(dbFile, DECRYPTING_SUFFIX);
    overwriteAndDelete(keyFilePath(ctx.dataDir));
  }, { cipherKey: undefined });
  return lockStatus(ctx);
}

export function unlock(ctx: ServiceContext, passphrase: string): LockStatus {
  const key = unsealKey(ctx, passphrase);
  reopenDatabase(ctx, () => completeInterruptedSwaps(databasePath(ctx.dataDir), backupDirFor(databasePath(ctx.dataDir)), keyFilePath(ctx.dataDir)), { cipherKey: key });
  if (ctx.durability.writable) {
    encryptPlainBackups(ctx, key);
    recordAudit(ctx, { action: 'security.unlock' });
  }
  return lockStatus(ctx);
}

export function lock(ctx: ServiceContext): LockStatus {
  if (!encryptionEnabled(ctx.dataDir)) throw new DomainError('not_found', 'Set a passphrase first: an unencrypted store cannot be locked.');
  if (ctx.durability.blockedBy !== 'locked') {
    if (ctx.durability.writable) recordAudit(ctx, { action: 'security.lock' });
    lockDatabase(ctx);
  }
  return lockStatus(ctx);
}

/** A lock setting: asks for the passphrase (someone at an unattended window must not turn
 *  auto-lock off), applies at once (the core's timer reads it at every check). */
export function setAutoLockMinutes(ctx: ServiceContext, minutes: number, passphrase: string): LockStatus {
  unsealKey(ctx, passphrase);
  writeKeyFile(ctx.dataDir, { ...readKeyFile(ctx.dataDir), autoLockMinutes: minutes });
  noteActivity(ctx);
  if (ctx.durability.writable) recordAudit(ctx, { action: 'security.setAutoLock', detail: String(minutes) });
  return lockStatus(ctx);
}

/** Re-seals the key under a new passphrase (and the keychain binding it had). */
export function changePassphrase(ctx: ServiceContext, current: string, next: string): LockStatus {
  const key = unsealKey(ctx, current);
  const kf = readKeyFile(ctx.dataDir);
  const envelope = protectorFor(ctx, next, envelopeKind(kf.envelope) === LayeredProtector.KIND).protect(key);
  writeKeyFile(ctx.dataDir, { ...kf, envelope });
  if (ctx.durability.writable) recordAudit(ctx, { action: 'security.changePassphrase' });
  return lockStatus(ctx);
}

/**
 * Destroys this installation's local data: sealed key first, then the database, its WAL and
 * shared memory, every backup and any copy a re-encryption left. An encrypted store asks for
 * its passphrase, and only that (issue 14: a fixed phrase typed at the window was all it took);
 * an unencrypted store has no passphrase, so the typed phrase guards it against a slip, not
 * against a person. The context ends up locked over an empty store.
 */
export function emergencyWipe(ctx: ServiceContext, ask: { confirmation?: string | undefined; passphrase?: string | undefined }): { wiped: string[] } {
  if (encryptionEnabled(ctx.dataDir)) {
    if (!ask.passphrase) throw new DomainError('locked', 'The passphrase is needed to wipe an encrypted store.', { messageKey: 'sec.passphraseNeeded' });
    unsealKey(ctx, ask.passphrase);
  } else if (ask.confirmation !== WIPE_CONFIRMATION) {
    throw new DomainError('invalid_input', `Type "${WIPE_CONFIRMATION}" to confirm the wipe.`);
  }
  const dbFile = databasePath(ctx.dataDir);
  const wiped: string[] = [];
  lockDatabase(ctx);
  const candidates = [keyFilePath(ctx.dataDir), `${keyFilePath(ctx.dataDir)}.partial`, path.join(ctx.dataDir, PENDING_EXPORTS_FILE)];
  for (const f of [dbFile, dbFile + ENCRYPTING_SUFFIX, dbFile + DECRYPTING_SUFFIX, `${dbFile}.restore-partial`]) {
    candidates.push(f, `${f}-wal`, `${f}-shm`, `${f}-journal`);
  }
  for (const f of fs.readdirSync(ctx.dataDir)) if (f.startsWith(CANDIDATE_PREFIX)) candidates.push(path.join(ctx.dataDir, f));
  const dir = backupDirFor(dbFile);
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) candidates.push(path.join(dir, f));
  for (const f of candidates) if (overwriteAndDelete(f)) wiped.push(path.relative(ctx.dataDir, f));
  fs.rmSync(dir, { recursive: true, force: true });
  return { wiped };
}

/**
 * Auto-lock: locks the context after `minutes` without activity. Activity is every API call
 * (dispatch) plus what the renderer reports from user input. Time is the context's clock (tests
 * move it instead of sleeping); the minutes are read from the key file at every check, so a new
 * setting applies at once.
 */
export function noteActivity(ctx: ServiceContext): void {
  ctx.session.lastActivityMs = ctx.now().getTime();
}

export function startAutoLock(ctx: ServiceContext, checkEveryMs = 10_000): { stop(): void; check(): boolean } {
  noteActivity(ctx);
  const check = (): boolean => {
    if (!encryptionEnabled(ctx.dataDir) || ctx.durability.blockedBy === 'locked') return false;
    const minutes = readKeyFile(ctx.dataDir).autoLockMinutes;
    if (minutes <= 0) return false;
    if (ctx.now().getTime() - ctx.session.lastActivityMs < minutes * 60_000) return false;
    lock(ctx);
    return true;
  };
  const timer = setInterval(check, checkEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}
