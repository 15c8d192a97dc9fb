/**
 * The export record of a store that cannot be written (issue 14, defect 6).
 *
 * Policy: need-to-know is only as good as the record of who received what, and a damaged or
 * read-only store is exactly when a unit most needs to get its plans out; the export used to fail
 * on the export log insert ("attempt to write a readonly database"). Now the export goes ahead
 * and its export-log row is kept aside in `<data dir>/export-log.pending` — one line per export,
 * appended and fsynced, 0600; for an encrypted store each line is sealed (AES-256-GCM under a key
 * derived from the database key), so the file names no operation, unit or hash in clear. The next
 * time the store opens writable (after a restore, once the file or folder is writable again, at
 * unlock) each row is written into the export log with an audit entry saying it was recorded late
 * and why; a row that cannot be written (the restored store lacks its operation) gets an audit
 * entry saying why, carrying what the row recorded. Then the file is overwritten and deleted.
 * Where not even that file can be written (the whole folder is read-only) the export is refused:
 * it could not be recorded anywhere.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { cipherKeyOf } from '../db/connection.js';
import { exportLogExists, insertExportLog, type ExportLogRow } from '../db/repos/exports.repo.js';
import { overwriteAndDelete, PRIVATE_FILE_MODE } from '../db/store-files.js';
import { recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';

export const PENDING_EXPORTS_FILE = 'export-log.pending';

interface PendingEntry {
  row: ExportLogRow;
  /** Why the row could not be written when the export was made. */
  keptBecause: string;
}

function pendingFile(ctx: ServiceContext): string {
  return path.join(ctx.dataDir, PENDING_EXPORTS_FILE);
}

function sealingKey(dbKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dbKey, Buffer.alloc(0), 'spilno export-log pending v1', 32));
}

function seal(entry: PendingEntry, dbKey: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sealingKey(dbKey), iv);
  const ct = Buffer.concat([c.update(JSON.stringify(entry), 'utf8'), c.final()]);
  return JSON.stringify({ v: 1, sealed: Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64') });
}

function unseal(sealed: string, dbKey: Buffer): PendingEntry {
  const b = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', sealingKey(dbKey), b.subarray(0, 12));
  d.setAuthTag(b.subarray(12, 28));
  return JSON.parse(Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8')) as PendingEntry;
}

/** Whether an error is the store refusing the write (read-only, damaged), not a bug. */
function storeRefusedWrite(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|CORRUPT|NOTADB|IOERR)/.test(code);
}

/**
 * Records an export: in the export log when the store can be written, otherwise kept aside
 * (see the header). Throws a typed read_only error when the record cannot be kept anywhere.
 */
export function recordExport(ctx: ServiceContext, row: ExportLogRow): void {
  if (ctx.durability.writable) {
    try {
      insertExportLog(ctx.db, row);
      return;
    } catch (e) {
      if (!storeRefusedWrite(e)) throw e;
    }
  }
  const entry: PendingEntry = {
    row, keptBecause: `${ctx.durability.blockedBy ?? 'read_only'}${ctx.durability.detail ? ` (${ctx.durability.detail})` : ''}`,
  };
  const key = cipherKeyOf(ctx.db);
  const line = `${key ? seal(entry, key) : JSON.stringify({ v: 1, entry })}\n`;
  let fd: number;
  try {
    fd = fs.openSync(pendingFile(ctx), fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0), PRIVATE_FILE_MODE);
  } catch (e) {
    throw new DomainError('read_only', `This export cannot be recorded: the store and the data folder cannot be written (${(e as Error).message}).`, { messageKey: 'exports.cannotRecord' });
  }
  try {
    fs.writeSync(fd, line);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function summary(row: ExportLogRow): string {
  return `${row.kind} for ${row.recipientAgencyId ?? 'all agencies'} (${row.scope}, ${row.lang}) made ${row.createdAt}, `
    + `${row.byteSize} bytes, sha256 ${row.sha256}${row.encryptedTo ? `, encrypted to ${row.encryptedTo}` : ''}`;
}

/**
 * Writes the records kept aside into a store that can be written again (called whenever the
 * context opens or reopens a writable store). Never throws: what cannot be done now stays aside
 * for the next open.
 */
export function writePendingExportRecords(ctx: ServiceContext): void {
  const file = pendingFile(ctx);
  if (!ctx.durability.writable || !fs.existsSync(file)) return;
  try {
    const key = cipherKeyOf(ctx.db);
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    ctx.db.transaction(() => {
      for (const line of lines) {
        let entry: PendingEntry;
        try {
          const parsed = JSON.parse(line) as { sealed?: string; entry?: PendingEntry };
          if (parsed.sealed !== undefined && !key) throw new Error('sealed with the key of an encrypted store; this store has none');
          entry = parsed.sealed !== undefined ? unseal(parsed.sealed, key!) : parsed.entry!;
          if (typeof entry?.row?.id !== 'string') throw new Error('not an export record');
        } catch (e) {
          recordAudit(ctx, { action: 'export.recordFailed', detail: `An export record kept aside could not be read: ${(e as Error).message}` });
          continue;
        }
        const { row, keptBecause } = entry;
        if (exportLogExists(ctx.db, row.id)) continue;
        const subject = { operationId: row.operationId, affected: [`export:${row.id}`] };
        try {
          ctx.db.transaction(() => insertExportLog(ctx.db, row))();
          recordAudit(ctx, { action: 'export.recordedLate', ...subject, detail: `Recorded late: the store was ${keptBecause} when this export was made (${summary(row)}).` });
        } catch (e) {
          recordAudit(ctx, {
            action: 'export.recordFailed', ...subject,
            detail: `Could not be written into the export log (${(e as Error).message}; the operation is no longer in this store?). Made while the store was ${keptBecause}: ${summary(row)}.`,
          });
        }
      }
    })();
    overwriteAndDelete(file);
  } catch (e) {
    console.error('[spilno] export records kept aside could not be written yet:', e);
  }
}
