/**
 * Nothing of an encrypted store reaches the disk in clear (issue 14, defect 2): a sync import
 * into an encrypted store is watched from the adversary's side — every file the process holds
 * open while it stages, validates and applies (SQLite's temp files are deleted on creation but
 * stay readable while open), the system temp folders and the data folder are searched for the
 * bundle's plaintext. And turning encryption on (defect 3) is watched the same way: every file
 * that appears in the data folder while it runs, and the original file itself afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { listBackups } from '../../../electron/db/backup.js';
import { databasePath } from '../../../electron/db/connection.js';
import { transact } from '../../../electron/services/context.js';
import { backupDir, backupNow } from '../../../electron/services/durability.js';
import { enableEncryption } from '../../../electron/security/at-rest.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { unlockIdentity } from '../../../electron/sync/identity.js';
import { filesContaining, openFilesContaining, tempFolders, type Finding } from '../../helpers/plaintext-scan.js';
import { openTempContext, tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, send, testProtector, trustAll, withIdentity } from '../sync/sync-helpers.js';

const TASKS = 3000;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('protection at rest: a sync import into an encrypted store', () => {
  it('stages, sorts and applies without one byte of the bundle in clear on disk', { timeout: 120_000 }, async () => {
    const started = Date.now() - 1000;
    // Markers no other file on this machine holds: a surname and a note, as a bundle carries them.
    const surname = `Шевченко-${randomBytes(6).toString('hex')}`;
    const note = `NOTE-${randomBytes(8).toString('hex')}`;
    const needles = [surname, note];

    const a = await withIdentity(openUnit('NPU'));
    const b = await withIdentity(openUnit('DMS'));
    cleanups.push(() => a.cleanup(), () => b.cleanup());
    trustAll([a, b]);
    enableEncryption(b.ctx, 'receiver passphrase', { autoLockMinutes: 0 });
    unlockIdentity(b.ctx, testProtector());

    // ~18 MB of change lines: SQLite spills a TEMP table of them to a file past ~10 MB (measured
    // with this driver), and did so in clear before the fix.
    const op = newOperation(a.ctx, { legalBasis: `Ухвала слідчого судді щодо ${surname}` });
    transact(a.ctx, () => {
      for (let i = 0; i < TASKS; i++) {
        a.ctx.writer.create('task', randomUUID(), {
          operationId: op.id, phaseId: null, title: `Затримання ${surname} ${i}`, type: 'customs_inspection', status: 'todo',
          // Customs acts in them, so they are in the receiving customs unit's view.
          accountableAgencyId: 'DMS', unitId: null, startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z',
          place: { label: `Адреса ${surname}`, point: { lat: 51.2, lon: 23.8 } }, dependencies: [], checklist: [],
          notes: `${note} ${i}: ${'x'.repeat(3900)}`, isKeyEvent: false, isDecisionPoint: false,
        }, op.id);
      }
    });
    const dir = tempDataDir('spilno-plain-scan-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { file } = await send(a, [b], dir);
    // The sender's store is unencrypted by design: close it so its files are not among ours.
    a.ctx.db.close();

    const senderDir = fs.realpathSync(a.dataDir);
    const notSender = (f: string) => f.startsWith(senderDir);
    const seen: Finding[] = [];
    const phases = new Set<string>();
    let calls = 0;
    const r = await importBundle(b.ctx, {
      path: file,
      onProgress: (p) => {
        // Every phase as it starts, and every few reports within one (reading every open file
        // each time would take minutes).
        const fresh = !phases.has(p.phase);
        phases.add(p.phase);
        if (fresh || ++calls % 16 === 0) seen.push(...openFilesContaining(needles, notSender));
      },
    });
    expect(r.added).toBeGreaterThan(TASKS * 10);
    expect(r.quarantinedCount).toBe(0);
    expect([...phases]).toEqual(expect.arrayContaining(['decrypt', 'validate', 'apply']));
    seen.push(...openFilesContaining(needles, notSender));
    expect([...new Set(seen.map((f) => `${f.file} (${f.bytes} bytes)`))]).toEqual([]);
    expect(filesContaining(tempFolders(), needles, started)).toEqual([]);
    expect(filesContaining([b.dataDir], needles, 0, () => false, 3)).toEqual([]);
    // The import did happen, and reads back through the key.
    expect(b.ctx.db.prepare('SELECT count(*) FROM tasks WHERE instr(title, ?) > 0').pluck().get(surname)).toBe(TASKS);
  });
});

describe('protection at rest: turning encryption on', () => {
  it('writes no plaintext outside the original file (no rollback journal), and overwrites the original', async () => {
    const t = openTempContext();
    cleanups.push(() => t.cleanup());
    const secret = `ЛЕГЕНДА-${randomBytes(6).toString('hex')}`;
    const op = newOperation(t.ctx, { legalBasis: `Ухвала щодо ${secret}` });
    transact(t.ctx, () => {
      for (let i = 0; i < 300; i++) {
        t.ctx.writer.create('task', randomUUID(), {
          operationId: op.id, phaseId: null, title: `Спостереження ${secret} ${i}`, type: 'customs_inspection', status: 'todo',
          accountableAgencyId: 'NPU', unitId: null, startsAt: '2026-12-05T08:00:00.000Z', endsAt: '2026-12-05T10:00:00.000Z',
          place: { label: '', point: null }, dependencies: [], checklist: [], notes: `${secret} ${'y'.repeat(1000)}`,
          isKeyEvent: false, isDecisionPoint: false,
        }, op.id);
      }
    });
    await backupNow(t.ctx);
    const dbFile = databasePath(t.dataDir);
    expect(filesContaining([t.dataDir], [secret], 0, () => false, 2).length).toBeGreaterThan(0);
    // The original files as they are on disk now, whatever name they have later — the WAL
    // included: SQLite deletes it when the store closes, and a deleted file's blocks keep what
    // it held (an fd held open reads them, as a forensic tool reads the disk).
    expect(fs.readFileSync(`${dbFile}-wal`).includes(Buffer.from(secret))).toBe(true);
    const originals = [dbFile, `${dbFile}-wal`, ...listBackups(backupDir(t.ctx)).map((b) => b.file)].map((f) => fs.openSync(f, 'r'));
    cleanups.push(() => originals.forEach((fd) => fs.closeSync(fd)));
    const appeared = new Set<string>();
    const watchers = [t.dataDir, backupDir(t.ctx)].map((d) => fs.watch(d, (_e, name) => name && appeared.add(String(name))));
    try {
      expect(await dispatch(t.ctx, 'security', 'enable', { passphrase: 'a passphrase of some length', autoLockMinutes: 0 }, () => {}))
        .toMatchObject({ ok: true, value: { encrypted: true } });
      await new Promise((resolve) => setTimeout(resolve, 300)); // inotify delivers after the fact
    } finally {
      for (const w of watchers) w.close();
    }
    // Issue 14: SQLite's in-place rekey wrote every page to spilno.db-journal first, in clear.
    expect([...appeared].filter((n) => /journal/.test(n))).toEqual([]);
    // The files as they were: overwritten, not merely unlinked.
    for (const fd of originals) {
      const size = fs.fstatSync(fd).size;
      const data = Buffer.alloc(size);
      fs.readSync(fd, data, 0, size, 0);
      expect(data.includes(Buffer.from(secret))).toBe(false);
    }
    expect(filesContaining([t.dataDir], [secret], 0, () => false, 2)).toEqual([]);
    expect(openFilesContaining([secret])).toEqual([]);
    expect(filesContaining(tempFolders(), [secret], Date.now() - 120_000)).toEqual([]);
    // And the store still holds it all, readable with the key.
    expect(t.ctx.db.prepare('SELECT count(*) FROM tasks WHERE instr(notes, ?) > 0').pluck().get(secret)).toBe(300);
  });
});
