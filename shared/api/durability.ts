/**
 * The durability domain: is the database writable (and if not, why), the backups, and restore.
 * Restore through the API takes a backup's file name from `listBackups` only: the renderer
 * never names arbitrary paths (the CLI `spilno restore FILE` does).
 */
import { z } from 'zod';
import { defineDomain } from './contract.js';

export const BackupInfo = z.object({
  fileName: z.string(),
  kind: z.enum(['pre-migration', 'daily', 'manual', 'replaced']),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  bytes: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const DurabilityStatus = z.object({
  writable: z.boolean(),
  blockedBy: z.enum(['integrity', 'read_only', 'locked']).nullable(),
  /** A plain sentence for the user (English; the renderer shows its own translation by code). */
  message: z.string(),
  backupDir: z.string(),
  backupKeep: z.number().int(),
  backups: z.array(BackupInfo),
  /** The newest backup that passes integrity_check; offered as the restore. */
  newestGoodBackup: z.string().nullable(),
});
export type DurabilityStatus = z.infer<typeof DurabilityStatus>;

export const RestoreResult = z.object({
  restoredFrom: z.string(),
  replacedKeptAt: z.string().nullable(),
  schemaVersion: z.number().int(),
});

/** A backup's file name exactly as `listBackups` gives it (electron/db/backup.ts names them):
 *  no separators, no `..`, nothing else in the folder. */
const FileName = z.string().max(100).regex(/^spilno-(pre-migration|daily|manual|replaced)-v\d{1,6}-\d{8}T\d{6}(\d{3})?Z\.db$/, { error: 'v.backupName' });

export const durabilityApi = defineDomain({
  status: { input: z.object({}).default({}), output: DurabilityStatus },
  listBackups: { input: z.object({}).default({}), output: z.array(BackupInfo) },
  backupNow: { input: z.object({}).default({}), output: BackupInfo },
  /** Without a file name: the newest good backup. */
  restore: { input: z.object({ fileName: FileName.optional() }).default({}), output: RestoreResult },
  setBackupKeep: {
    input: z.object({ keep: z.number().int().min(1).max(365) }),
    output: z.object({ keep: z.number().int() }),
  },
});
