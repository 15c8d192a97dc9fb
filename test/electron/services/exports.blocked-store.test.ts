/**
 * A damaged or read-only store still exports (issue 14, defect 6): the export log insert used to
 * fail ("attempt to write a readonly database") and with it the export. Now the record is kept
 * aside in the data folder and written into the export log when the store is writable again —
 * or the audit trail says why it could not be.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { databasePath } from '../../../electron/db/connection.js';
import { PENDING_EXPORTS_FILE } from '../../../electron/services/export-record.js';
import { listAudit, verifyAudit } from '../../../electron/services/audit.js';
import { unsealKey } from '../../../electron/security/at-rest.js';
import { openServiceContext, type ServiceContext } from '../../../electron/services/context.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { backupNow } from '../../../electron/services/durability.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

const silent = () => {};
const PASS = 'correct horse battery staple';
let t: TempContext;
const extra: ServiceContext[] = [];
afterEach(() => {
  for (const c of extra.splice(0)) if (c.db.open) c.db.close();
  t?.cleanup();
});

function openAgain(options: { readonly?: boolean; cipherKey?: Buffer } = {}): ServiceContext {
  const ctx = openServiceContext({ dataDir: t.dataDir, mode: 'cli', ...options });
  extra.push(ctx);
  return ctx;
}

const pending = () => path.join(t.dataDir, PENDING_EXPORTS_FILE);
const logIds = (ctx: ServiceContext) => ctx.db.prepare('SELECT id FROM export_log ORDER BY id').pluck().all() as string[];

/** Breaks the page type of one of the audit trail's index pages: quick_check fails on open,
 *  and nothing an export reads is touched. */
function damageAuditIndex(dataDir: string): void {
  const file = databasePath(dataDir);
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_actor' ORDER BY pageno LIMIT 1").pluck().get() as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from([0x5a]), 0, 1, (page - 1) * pageSize);
  fs.closeSync(fd);
}

describe('exports from a store that cannot be written', () => {
  it('a read-only store exports; the record waits aside (0600) and lands in the export log, audited, once writable', async () => {
    t = openTempContext();
    const { operationId } = loadDemo(t.ctx);
    t.ctx.db.close();
    const ro = openAgain({ readonly: true });
    expect(ro.durability.blockedBy).toBe('read_only');
    const r = await dispatch(ro, 'exports', 'ics', { operationId }, silent);
    expect(r).toMatchObject({ ok: true });
    const { exportId, sha256 } = (r as { value: { exportId: string; sha256: string } }).value;
    expect(logIds(ro)).toEqual([]);
    expect(fs.statSync(pending()).mode & 0o777).toBe(0o600);
    ro.db.close();

    const rw = openAgain();
    expect(rw.durability.writable).toBe(true);
    const log = await dispatch(rw, 'exports', 'log', { operationId }, silent);
    expect(log).toMatchObject({ ok: true, value: [{ id: exportId, sha256, kind: 'ics', operationId }] });
    expect(fs.existsSync(pending())).toBe(false);
    const late = listAudit(rw.db, { limit: 5 }).find((e) => e.action === 'export.recordedLate');
    expect(late).toMatchObject({ operationId, affected: [`export:${exportId}`] });
    expect(late!.detail).toMatch(/read_only/);
    expect(verifyAudit(rw.db).ok).toBe(true);
    // Opening again writes nothing twice.
    rw.db.close();
    expect(logIds(openAgain())).toEqual([exportId]);
  });

  it('a damaged store exports; after a restore the record is written, or the audit says why it could not be', async () => {
    t = openTempContext();
    const { operationId } = loadDemo(t.ctx);
    await backupNow(t.ctx);
    // An operation the backup does not have: its export cannot be recorded after the restore.
    const later = await dispatch(t.ctx, 'operations', 'create', {
      codeName: 'ПІЗНІША', type: 'joint_search', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'NPU'],
      startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T18:00:00Z', legalBasis: 'ухвала слідчого судді',
    }, silent);
    const laterId = (later as { value: { id: string } }).value.id;
    t.ctx.db.close();
    damageAuditIndex(t.dataDir);
    const damaged = openAgain();
    expect(damaged.durability.blockedBy).toBe('integrity');
    const a = await dispatch(damaged, 'exports', 'vcard', { operationId }, silent);
    const b = await dispatch(damaged, 'exports', 'ics', { operationId: laterId }, silent);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const [idA, idB] = [a, b].map((x) => (x as { value: { exportId: string } }).value.exportId);

    expect(await dispatch(damaged, 'durability', 'restore', {}, silent)).toMatchObject({ ok: true });
    expect(damaged.durability.writable).toBe(true);
    expect(logIds(damaged)).toEqual([idA]);
    const audit = listAudit(damaged.db, { limit: 10 });
    expect(audit.find((e) => e.action === 'export.recordedLate')).toMatchObject({ operationId, affected: [`export:${idA}`] });
    const failed = audit.find((e) => e.action === 'export.recordFailed');
    expect(failed).toMatchObject({ operationId: laterId, affected: [`export:${idB}`] });
    expect(failed!.detail).toMatch(/integrity/);
    expect(failed!.detail).toMatch(/FOREIGN KEY|no longer/);
    expect(fs.existsSync(pending())).toBe(false);
    expect(verifyAudit(damaged.db).ok).toBe(true);
  });

  it('an encrypted store keeps the record aside encrypted, and writes it after unlocking', async () => {
    t = openTempContext();
    const { operationId } = loadDemo(t.ctx);
    expect(await dispatch(t.ctx, 'security', 'enable', { passphrase: PASS, autoLockMinutes: 0 }, silent)).toMatchObject({ ok: true });
    const unitName = 'Відділ Ш-7';
    t.ctx.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('site_unit_name', ?)").run(unitName);
    const key = unsealKey(t.ctx, PASS);
    t.ctx.db.close();
    const ro = openAgain({ readonly: true, cipherKey: key });
    expect(ro.durability.blockedBy).toBe('read_only');
    const r = await dispatch(ro, 'exports', 'ics', { operationId }, silent);
    expect(r).toMatchObject({ ok: true });
    const aside = fs.readFileSync(pending(), 'utf8');
    for (const clear of [operationId, unitName, (r as { value: { sha256: string } }).value.sha256]) expect(aside).not.toContain(clear);
    ro.db.close();
    // Locked, nothing is written (nor could be read back without the key).
    const again = openAgain();
    expect(fs.existsSync(pending())).toBe(true);
    expect(await dispatch(again, 'security', 'unlock', { passphrase: PASS }, silent)).toMatchObject({ ok: true });
    expect(logIds(again)).toEqual([(r as { value: { exportId: string } }).value.exportId]);
    expect(fs.existsSync(pending())).toBe(false);
  });

  it('deconfliction alerts read from a read-only store are those a writable one records', async () => {
    t = openTempContext();
    const { operationId } = loadDemo(t.ctx);
    // A second operation at the same place and time: an alert to find.
    const op = (await dispatch(t.ctx, 'operations', 'get', { id: operationId }, silent) as { value: Record<string, unknown> & {
      startsAt: string; endsAt: string; locations: { label: string; point: unknown }[]; subjects: ({ id?: string } & Record<string, unknown>)[];
    } }).value;
    const twin = await dispatch(t.ctx, 'operations', 'create', {
      codeName: 'ДВІЙНИК', type: 'joint_search', leadAgencyId: 'DMS', participatingAgencyIds: ['DMS', 'NPU'],
      startsAt: op.startsAt, endsAt: op.endsAt, legalBasis: 'ухвала слідчого судді',
      locations: op.locations.map((l) => ({ label: l.label, point: l.point })),
      subjects: op.subjects.map(({ id: _id, ...rest }) => rest),
    }, silent);
    expect(twin.ok).toBe(true);
    t.ctx.db.close();
    const ro = openAgain({ readonly: true });
    const fromReadOnly = await dispatch(ro, 'conflicts', 'deconflict', { operationId }, silent);
    ro.db.close();
    const rw = openAgain();
    const recorded = await dispatch(rw, 'conflicts', 'deconflict', { operationId }, silent);
    const shape = (r: unknown) => ((r as { value: { key: string; kind: string; label: string; clearedAt: string | null }[] }).value)
      .map((a) => ({ key: a.key, kind: a.kind, label: a.label, cleared: a.clearedAt !== null }));
    expect(fromReadOnly.ok && recorded.ok).toBe(true);
    expect(shape(recorded).length).toBeGreaterThan(0);
    expect(shape(fromReadOnly)).toEqual(shape(recorded));
  });
});
