/**
 * Durability service: what the user is told when the store is blocked, backups on demand and
 * on a daily schedule, and restore while the app runs.
 *
 * A damaged store is never backed up: rotation would otherwise push the last good backups out
 * with copies of the damage. Nor is a locked one: the context is then bound to an empty
 * in-memory store, and an encrypted folder must never get a backup without its key (issue 14:
 * the daily backup while locked was a plain copy of that empty store, and rotation counted it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import type { BackupInfo as ApiBackupInfo, DurabilityStatus } from '../../shared/api/durability.js';
import {
  DEFAULT_BACKUP_KEEP, backupDatabase, backupDirFor, listBackups, type BackupInfo, type BackupKind,
} from '../db/backup.js';
import {
  RestoreRefused, installRestoreCandidate, newestGoodBackup, prepareNewestGoodBackup, prepareRestoreCandidate,
  type RestoreCandidate, type RestoreReport,
} from '../db/restore.js';
import { cipherKeyOf, databasePath, encryptionEnabled } from '../db/connection.js';
import { loadMigrations } from '../db/migrate.js';
import { getMeta, setMeta } from '../db/repos/meta.repo.js';
import { recordAudit } from './audit.js';
import { reopenDatabase, type ServiceContext } from './context.js';

const KEEP_META_KEY = 'backup_keep';
export const DAY_MS = 24 * 60 * 60 * 1000;

export function latestSchemaVersion(): number {
  return loadMigrations().at(-1)?.version ?? 0;
}

export function backupDir(ctx: ServiceContext): string {
  return backupDirFor(databasePath(ctx.dataDir));
}

export function backupKeep(ctx: ServiceContext): number {
  try {
    const v = Number(getMeta(ctx.db, KEEP_META_KEY));
    return Number.isInteger(v) && v >= 1 ? v : DEFAULT_BACKUP_KEEP;
  } catch {
    return DEFAULT_BACKUP_KEEP;
  }
}

export function setBackupKeep(ctx: ServiceContext, keep: number): { keep: number } {
  setMeta(ctx.db, KEEP_META_KEY, String(keep));
  return { keep };
}

function toApi(b: BackupInfo): ApiBackupInfo {
  return { fileName: path.basename(b.file), kind: b.kind, schemaVersion: b.schemaVersion, createdAt: b.createdAt, bytes: b.bytes };
}

export function statusMessage(ctx: ServiceContext): string {
  switch (ctx.durability.blockedBy) {
    case 'integrity':
      return 'The database file is damaged. Nothing can be changed until it is restored from a backup; you can still read and export what is there.';
    case 'read_only':
      return 'The data folder cannot be written (read-only or no permission). You can read and export; changes are not possible until the folder is writable.';
    case 'locked':
      return 'Spilno is locked. Enter the passphrase to continue.';
    default:
      return 'The database is sound and writable.';
  }
}

export function durabilityStatus(ctx: ServiceContext): DurabilityStatus {
  const dir = backupDir(ctx);
  const backups = listBackups(dir);
  // Validating every backup costs a full read of each; only a damaged store needs it.
  const offered = ctx.durability.blockedBy === 'integrity'
    ? newestGoodBackup(dir, latestSchemaVersion(), cipherKeyOf(ctx.db))
    : backups[0] ?? null;
  return {
    writable: ctx.durability.writable,
    blockedBy: ctx.durability.blockedBy,
    message: statusMessage(ctx),
    backupDir: dir,
    backupKeep: backupKeep(ctx),
    backups: backups.map(toApi),
    newestGoodBackup: offered ? path.basename(offered.file) : null,
  };
}

export function listBackupsOf(ctx: ServiceContext): ApiBackupInfo[] {
  return listBackups(backupDir(ctx)).map(toApi);
}

export async function backupNow(
  ctx: ServiceContext,
  options: { kind?: BackupKind; out?: string } = {},
): Promise<BackupInfo> {
  if (ctx.durability.blockedBy === 'integrity') {
    throw new DomainError('integrity', 'The database is damaged; a backup of it would replace good backups. Restore first.');
  }
  if (ctx.durability.blockedBy === 'locked' || (encryptionEnabled(ctx.dataDir) && !cipherKeyOf(ctx.db))) {
    throw new DomainError('locked', 'Spilno is locked; unlock it to back up the store.', { messageKey: 'error.appLocked' });
  }
  const info = await backupDatabase(ctx.db, {
    kind: options.kind ?? 'manual', dir: backupDir(ctx), keep: backupKeep(ctx), now: ctx.now(),
    ...(options.out ? { out: options.out } : {}),
  });
  if (ctx.durability.writable) {
    recordAudit(ctx, { action: `backup.${info.kind}`, detail: path.basename(info.file) });
  }
  return info;
}

export async function backupNowApi(ctx: ServiceContext): Promise<ApiBackupInfo> {
  return toApi(await backupNow(ctx));
}

/** A refused restore as the typed error the user sees (the reason names its catalogued message). */
export function restoreRefusedError(e: RestoreRefused, fileName: string | null): DomainError {
  return new DomainError(e.reason === 'missing' ? 'not_found' : 'integrity', `That backup cannot be restored: ${e.problem}`, {
    ...(fileName ? { fileName } : {}), reason: e.reason, messageKey: `dur.refused.${e.reason}`,
  });
}

/**
 * Restores `fileName` from the backup folder (or the newest backup that passes every check):
 * the candidate is checked and migrated on a private copy while the store stays open (a refusal
 * leaves it untouched), then the store is closed, the copy swapped in and the store reopened;
 * the restore goes on the restored trail.
 */
export function restoreFromBackup(ctx: ServiceContext, fileName?: string) {
  const dir = backupDir(ctx);
  const latest = latestSchemaVersion();
  const key = cipherKeyOf(ctx.db);
  const dbFile = databasePath(ctx.dataDir);
  let candidate: RestoreCandidate;
  try {
    if (fileName) {
      const source = path.join(dir, path.basename(fileName));
      // Only a regular file that is really in the backup folder: a link planted there under a
      // backup's name must not turn a restore into "load any database this user can read".
      const st = fs.lstatSync(source, { throwIfNoEntry: false });
      if (!st) throw new DomainError('not_found', 'No such backup.', { fileName: path.basename(source) });
      if (!st.isFile()) throw new DomainError('invalid_input', 'That backup is not a regular file.', { fileName: path.basename(source), messageKey: 'file.notRegular', params: { file: path.basename(source) } });
      candidate = prepareRestoreCandidate(source, ctx.dataDir, latest, key);
    } else {
      candidate = prepareNewestGoodBackup(dbFile, latest, key);
    }
  } catch (e) {
    if (e instanceof RestoreRefused) throw restoreRefusedError(e, fileName ? path.basename(fileName) : null);
    throw e;
  }
  let report!: RestoreReport;
  reopenDatabase(ctx, () => {
    report = installRestoreCandidate(dbFile, candidate, key);
  });
  if (ctx.durability.writable) {
    recordAudit(ctx, { action: 'durability.restore', detail: path.basename(report.restoredFrom) });
  }
  return {
    restoredFrom: path.basename(report.restoredFrom),
    replacedKeptAt: report.replacedKeptAt ? path.basename(report.replacedKeptAt) : null,
    schemaVersion: report.schemaVersion,
  };
}

export interface BackupScheduler {
  stop(): void;
  /** Runs one check now (tests, and right after start). */
  tick(): Promise<BackupInfo | null>;
}

/**
 * Daily backups while the app runs: checks every `checkEveryMs` whether the newest daily
 * backup is older than `everyMs`, so a laptop that sleeps through the night still gets one.
 */
export function startBackupScheduler(
  ctx: ServiceContext,
  options: { everyMs?: number; checkEveryMs?: number; firstCheckMs?: number; onError?: (e: unknown) => void } = {},
): BackupScheduler {
  const everyMs = options.everyMs ?? DAY_MS;
  let running = false;
  const tick = async (): Promise<BackupInfo | null> => {
    if (running || ctx.durability.blockedBy === 'integrity' || ctx.durability.blockedBy === 'locked' || !ctx.db.open) return null;
    running = true;
    try {
      const newest = listBackups(backupDir(ctx)).find((b) => b.kind === 'daily');
      if (newest && ctx.now().getTime() - Date.parse(newest.createdAt) < everyMs) return null;
      return await backupNow(ctx, { kind: 'daily' });
    } catch (e) {
      if (!ctx.db.open) return null; // closed or locked meanwhile: the next check retries
      (options.onError ?? ((err) => console.error('[spilno] daily backup failed:', err)))(e);
      return null;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.checkEveryMs ?? 60 * 60 * 1000);
  timer.unref();
  // The first check waits for start-up to settle (windows, migrations, a quick exit).
  const first = setTimeout(() => void tick(), options.firstCheckMs ?? 60_000);
  first.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
    tick,
  };
}
