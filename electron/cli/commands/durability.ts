/** Durability and audit commands: backup, restore, status, audit verify, audit list. */
import path from 'node:path';
import { RestoreRefused, installRestoreCandidate, prepareNewestGoodBackup, prepareRestoreCandidate } from '../../db/restore.js';
import { databasePath } from '../../db/connection.js';
import { listAudit, recordAudit, verifyAudit } from '../../services/audit.js';
import { openServiceContext } from '../../services/context.js';
import { backupNow, durabilityStatus, latestSchemaVersion } from '../../services/durability.js';
import { CliError, dataDirOf, withCliContext, stringOpt, type CliCommand } from '../cli-kit.js';

export const backupCommand: CliCommand = {
  path: ['backup'],
  summary: 'Back up the database now (SQLite online backup; rotated unless --out is given)',
  usage: 'spilno backup [--data-dir DIR] [--out FILE] [--json]',
  options: { out: { type: 'string' } },
  async run(args, io) {
    return withCliContext(args, async (ctx) => {
      const out = stringOpt(args, 'out');
      const info = await backupNow(ctx, out ? { out } : {});
      if (args.values.json) io.out(JSON.stringify(info));
      else io.out(`Backup written: ${info.file} (${info.bytes} bytes, schema v${info.schemaVersion})`);
      return 0;
    });
  },
};

export const restoreCommand: CliCommand = {
  path: ['restore'],
  summary: 'Replace the database with a backup (checked first; the replaced file is kept aside)',
  usage: 'spilno restore FILE | --latest [--data-dir DIR] [--json]   (close the app first)',
  options: { latest: { type: 'boolean', default: false } },
  run(args, io) {
    const dataDir = dataDirOf(args);
    const dbFile = databasePath(dataDir);
    const source = args.positionals[0];
    if (!source && !args.values.latest) throw new CliError(`Name a backup file or pass --latest.\nUsage: ${restoreCommand.usage}`, 2);
    let report;
    try {
      // Checked and migrated on a copy first; a refused file leaves the store as it was, and
      // --latest skips refused backups.
      const candidate = source
        ? prepareRestoreCandidate(path.resolve(source), dataDir, latestSchemaVersion(), null)
        : prepareNewestGoodBackup(dbFile, latestSchemaVersion(), null);
      report = installRestoreCandidate(dbFile, candidate, null);
    } catch (e) {
      if (e instanceof RestoreRefused) throw new CliError(e.message);
      throw e;
    }
    // Opening runs the integrity check; the restore goes on the record.
    const ctx = openServiceContext({ dataDir, mode: 'cli' });
    try {
      if (ctx.durability.writable) recordAudit(ctx, { action: 'durability.restore', detail: path.basename(report.restoredFrom) });
    } finally {
      ctx.db.close();
    }
    if (args.values.json) io.out(JSON.stringify(report));
    else {
      io.out(`Restored ${report.restoredFrom} (schema v${report.schemaVersion}).`);
      if (report.replacedKeptAt) io.out(`The replaced database was kept at ${report.replacedKeptAt}`);
    }
    return 0;
  },
};

export const statusCommand: CliCommand = {
  path: ['status'],
  summary: 'Is the database sound and writable; which backups exist',
  usage: 'spilno status [--data-dir DIR] [--json]',
  run(args, io) {
    return withCliContext(args, (ctx) => {
      const s = durabilityStatus(ctx);
      if (args.values.json) io.out(JSON.stringify(s));
      else {
        io.out(s.message);
        if (!s.writable && ctx.durability.detail) io.out(`  (${ctx.durability.detail})`);
        io.out(`Backups in ${s.backupDir} (keeping ${s.backupKeep} of each kind): ${s.backups.length}`);
        for (const b of s.backups) io.out(`  ${b.fileName}  ${b.bytes} bytes`);
        if (s.blockedBy === 'integrity' && s.newestGoodBackup) {
          io.out(`Restore the newest good backup with: spilno restore --latest --data-dir ${ctx.dataDir}`);
        }
      }
      return s.writable ? 0 : 1;
    });
  },
};

export const auditVerifyCommand: CliCommand = {
  path: ['audit', 'verify'],
  summary: 'Check the audit trail hash chain; exit code 1 and the break point if tampered',
  usage: 'spilno audit verify [--data-dir DIR] [--json]',
  run(args, io) {
    return withCliContext(args, (ctx) => {
      const v = verifyAudit(ctx.db);
      if (args.values.json) io.out(JSON.stringify(v));
      else io.out(v.ok ? `OK: ${v.message} Head ${v.headHash ?? '(empty)'}` : `BROKEN at entry ${v.brokenAt} (${v.problem}): ${v.message}`);
      return v.ok ? 0 : 1;
    });
  },
};

export const auditListCommand: CliCommand = {
  path: ['audit', 'list'],
  summary: 'List audit entries, newest first',
  usage: 'spilno audit list [--data-dir DIR] [--operation ID] [--actor NAME] [--action PREFIX] [--limit N] [--json]',
  options: { operation: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, limit: { type: 'string' } },
  run(args, io) {
    const limit = Number(stringOpt(args, 'limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new CliError('--limit must be 1…1000', 2);
    return withCliContext(args, (ctx) => {
      const entries = listAudit(ctx.db, {
        operationId: stringOpt(args, 'operation'), actor: stringOpt(args, 'actor'), action: stringOpt(args, 'action'), limit,
      });
      if (args.values.json) io.out(JSON.stringify(entries, null, 2));
      else {
        for (const e of entries) {
          const more = e.affected.length > 5 ? ` (+${e.affected.length - 5})` : '';
          io.out(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${e.affected.slice(0, 5).join(' ')}${more}`);
        }
      }
      return 0;
    });
  },
};

export const durabilityCommands: CliCommand[] = [backupCommand, restoreCommand, statusCommand, auditVerifyCommand, auditListCommand];
