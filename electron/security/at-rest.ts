/**
 * Protection at rest: the app lock, the encrypted store, auto-lock and the emergency wipe.
 *
 * Threat model (README): a lost or seized laptop, and other local users of the same machine.
 * - The database (and its WAL and backups) is encrypted page by page with a random 32-byte key
 *   (better-sqlite3-multiple-ciphers, AEGIS-256: authenticated, and the cheapest of the library's
 *   ciphers here — see CIPHER in db/connection.ts). The key is never written in
 *   clear: `db-key.json` holds it sealed by a KeyProtector — a passphrase through scrypt and
 *   AES-256-GCM (sync/key-protector.ts), or the OS keychain in Electron. The GCM tag is the key
 *   check: a wrong passphrase fails there with a typed `locked` error, before SQLite sees a key.
 * - Locking closes the store and drops the key from the context; nothing readable stays open.
 * - The emergency wipe overwrites, then deletes, the database, its WAL, every backup and the
 *   sealed key. On flash storage overwriting is best effort; destroying the sealed key is what
 *   makes the ciphertext unreadable, so it is overwritten first.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { backupDirFor, listBackups } from '../db/backup.js';
import { writeFileAtomic } from '../files/safe-fs.js';
import { CIPHER, DB_KEY_FILE, cipherDatabaseClass, databasePath, encryptionEnabled } from '../db/connection.js';
import { recordAudit } from '../services/audit.js';
import { lockDatabase, reopenDatabase, type ServiceContext } from '../services/context.js';
import { PassphraseProtector, type KeyProtector } from '../sync/key-protector.js';

export const DEFAULT_AUTO_LOCK_MINUTES = 15;
export const WIPE_CONFIRMATION = 'WIPE LOCAL DATA';

interface KeyFile {
  v: 1;
  envelope: string;
  /** 0 = never. Not secret, and needed while locked, so it lives beside the sealed key. */
  autoLockMinutes: number;
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

export interface LockStatus {
  encrypted: boolean;
  locked: boolean;
  autoLockMinutes: number;
}

export function lockStatus(ctx: ServiceContext): LockStatus {
  const encrypted = encryptionEnabled(ctx.dataDir);
  return {
    encrypted,
    locked: ctx.durability.blockedBy === 'locked',
    autoLockMinutes: encrypted ? readKeyFile(ctx.dataDir).autoLockMinutes : 0,
  };
}

/** Unseals the database key; a wrong passphrase is a typed `locked` error. */
export function unsealKey(dataDir: string, protector: KeyProtector): Buffer {
  if (!encryptionEnabled(dataDir)) throw new DomainError('not_found', 'This data folder is not encrypted.');
  const key = protector.unprotect(readKeyFile(dataDir).envelope);
  if (key.length !== 32) throw new DomainError('integrity', 'The sealed database key is damaged.');
  return key;
}

/** Encrypts one database file in place (SQLite cannot rekey in WAL mode, hence the switch). */
function encryptFile(file: string, key: Buffer): void {
  const Driver = cipherDatabaseClass();
  const db = new Driver(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma(`cipher='${CIPHER}'`);
    db.pragma(`hexrekey='${key.toString('hex')}'`);
  } finally {
    db.close();
  }
}

/**
 * Turns on encryption for this data folder: a fresh random key, sealed by the protector; the
 * store and every existing backup are encrypted in place (a plain backup would defeat it).
 */
export function enableEncryption(ctx: ServiceContext, protector: KeyProtector, autoLockMinutes = DEFAULT_AUTO_LOCK_MINUTES): LockStatus {
  if (encryptionEnabled(ctx.dataDir)) throw new DomainError('conflict', 'Encryption is already on.');
  if (!ctx.durability.writable) throw new DomainError(ctx.durability.blockedBy ?? 'read_only', 'The store must be writable to encrypt it.');
  const key = randomBytes(32);
  recordAudit(ctx, { action: 'security.enableEncryption' });
  reopenDatabase(ctx, () => {
    encryptFile(databasePath(ctx.dataDir), key);
    for (const b of listBackups(backupDirFor(databasePath(ctx.dataDir)))) encryptFile(b.file, key);
    writeKeyFile(ctx.dataDir, { v: 1, envelope: protector.protect(key), autoLockMinutes });
  }, { cipherKey: key });
  return lockStatus(ctx);
}

export function unlock(ctx: ServiceContext, protector: KeyProtector): LockStatus {
  const key = unsealKey(ctx.dataDir, protector);
  reopenDatabase(ctx, () => {}, { cipherKey: key });
  if (ctx.durability.writable) recordAudit(ctx, { action: 'security.unlock' });
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

export function setAutoLockMinutes(ctx: ServiceContext, minutes: number): LockStatus {
  if (!encryptionEnabled(ctx.dataDir)) throw new DomainError('not_found', 'Set a passphrase first.');
  writeKeyFile(ctx.dataDir, { ...readKeyFile(ctx.dataDir), autoLockMinutes: minutes });
  return lockStatus(ctx);
}

export function changePassphrase(ctx: ServiceContext, from: KeyProtector, to: KeyProtector): LockStatus {
  const key = unsealKey(ctx.dataDir, from);
  writeKeyFile(ctx.dataDir, { ...readKeyFile(ctx.dataDir), envelope: to.protect(key) });
  if (ctx.durability.writable) recordAudit(ctx, { action: 'security.changePassphrase' });
  return lockStatus(ctx);
}

export function passphrase(p: string): KeyProtector {
  return new PassphraseProtector(p);
}

function overwriteAndDelete(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    const chunk = 1 << 20;
    for (let off = 0; off < size; off += chunk) fs.writeSync(fd, randomBytes(Math.min(chunk, size - off)), 0, Math.min(chunk, size - off), off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.rmSync(file, { force: true });
  return true;
}

/**
 * Destroys this installation's local data: sealed key first, then the database, its WAL and
 * shared memory, and every backup. The context ends up locked over an empty store.
 */
export function emergencyWipe(ctx: ServiceContext, confirmation: string): { wiped: string[] } {
  if (confirmation !== WIPE_CONFIRMATION) {
    throw new DomainError('invalid_input', `Type "${WIPE_CONFIRMATION}" to confirm the wipe.`);
  }
  const dbFile = databasePath(ctx.dataDir);
  const wiped: string[] = [];
  lockDatabase(ctx);
  const candidates = [
    keyFilePath(ctx.dataDir), dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`,
  ];
  const dir = backupDirFor(dbFile);
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) candidates.push(path.join(dir, f));
  for (const f of candidates) if (overwriteAndDelete(f)) wiped.push(path.relative(ctx.dataDir, f));
  fs.rmSync(dir, { recursive: true, force: true });
  return { wiped };
}

/**
 * Auto-lock: locks the context after `minutes` without activity. Activity is every API call
 * (dispatch) plus what the renderer reports from user input.
 */
const lastActivity = new WeakMap<ServiceContext, number>();

export function noteActivity(ctx: ServiceContext): void {
  lastActivity.set(ctx, Date.now());
}

export function startAutoLock(ctx: ServiceContext, checkEveryMs = 30_000, nowMs: () => number = Date.now): { stop(): void; check(): boolean } {
  noteActivity(ctx);
  const check = (): boolean => {
    if (!encryptionEnabled(ctx.dataDir) || ctx.durability.blockedBy === 'locked') return false;
    const minutes = readKeyFile(ctx.dataDir).autoLockMinutes;
    if (minutes <= 0) return false;
    if (nowMs() - (lastActivity.get(ctx) ?? 0) < minutes * 60_000) return false;
    lock(ctx);
    return true;
  };
  const timer = setInterval(check, checkEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}
