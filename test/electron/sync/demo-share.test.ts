/**
 * The defects of issue 13, each on the demo operation shared from a customs unit to a police
 * unit over real bundles on real SQLite files: the first bundle's exchange entries (read with
 * the real `age` CLI), arrival of the police view whole, quarantine idempotence, and the
 * police pack's contact file.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { appendChanges } from '../../../electron/db/repos/change-log.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { transact } from '../../../electron/services/context.js';
import { exportPack } from '../../../electron/services/exports.js';
import { materialiseRows } from '../../../electron/sync/apply.js';
import { importBundle } from '../../../electron/sync/bundle.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

/** The bundle's change lines as the age CLI decrypts them with the recipient's identity file. */
function decryptWithAgeCli(file: string, reader: Unit, dir: string): ChangeRecord[] {
  const idFile = path.join(dir, `${reader.ctx.siteId}.agekey`);
  fs.writeFileSync(idFile, `${requireUnlocked(reader.ctx).ageIdentity}\n`, { mode: 0o600 });
  const text = execFileSync('age', ['-d', '-i', idFile, file]).toString('utf8');
  return text.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as ChangeRecord);
}

async function customsWithDemo(): Promise<{ dms: Unit; npu: Unit; operationId: string }> {
  const dms = await fx.unit('DMS', 'Митний пост «Ягодин»');
  const npu = await fx.unit('NPU', 'ГУНП у Волинській області');
  trustAll([dms, npu]);
  const { operationId } = loadDemo(dms.ctx);
  return { dms, npu, operationId };
}

const count = (u: Unit, sql: string) => u.ctx.db.prepare(sql).pluck().get() as number;

describe('the demo shared from customs to police', () => {
  it('the first bundle carries no exchange entry police may not see (read with the age CLI)', async () => {
    const { dms, npu } = await customsWithDemo();
    const dir = fx.dir();
    const changes = decryptWithAgeCli((await send(dms, [npu], dir)).file, npu, dir);
    const entries = new Map<string, Record<string, string>>();
    for (const c of changes.filter((x) => x.entity === 'exchange')) {
      const e = entries.get(c.rowId) ?? {};
      e[c.field] = JSON.parse(c.value) as string;
      entries.set(c.rowId, e);
    }
    // SBU → DMS, H2: between those two agencies only. DMS → NPU, H2: police are a party.
    expect([...entries.values()].map((e) => `${e.fromAgencyId}→${e.toAgencyId} ${e.handlingCode}`)).toEqual(['DMS→NPU H2']);
    expect(changes.map((c) => c.value).join('\n')).not.toContain('CSQU3054383\\"');
    expect(changes.some((c) => c.value.includes('орієнтовний час прибуття'))).toBe(false);
  });

  it('police receive their whole view: their tasks with every assignment, nothing quarantined or waiting', async () => {
    const { dms, npu, operationId } = await customsWithDemo();
    const r = await importBundle(npu.ctx, { path: (await send(dms, [npu], fx.dir())).file });
    expect(r.quarantinedCount).toBe(0);
    expect(r.pendingRows).toBe(0);
    // Police act in the briefing (their investigator is on it), the detention and the seizure.
    const titles = (npu.ctx.db.prepare('SELECT title FROM tasks WHERE operation_id = ? ORDER BY title').pluck().all(operationId) as string[]);
    expect(titles).toEqual([
      'Інструктаж учасників у штабі',
      'Огляд і вилучення вантажу, документування',
      'Перехоплення і затримання учасників під час розвантаження',
    ]);
    const assignments = (db: Unit) => db.ctx.db.prepare(
      `SELECT t.title || ' ← ' || p.full_name FROM task_people tp JOIN tasks t ON t.id = tp.task_id
       JOIN people p ON p.id = tp.person_id WHERE tp.deleted = 0 AND t.title IN (${titles.map(() => '?').join(',')})
       ORDER BY 1`).pluck().all(...titles);
    expect(assignments(npu)).toEqual(assignments(dms));
    expect(assignments(npu)).toHaveLength(7);
    expect(count(npu, 'SELECT count(*) FROM sync_quarantine')).toBe(0);
  });

  it('re-delivery of a refused change adds nothing to the quarantine: it is kept once, by its identity', async () => {
    const { dms, npu } = await customsWithDemo();
    // An entry between two other agencies, recorded by customs past the local check (as an
    // older or hostile build would): police, a party, receive it and refuse it.
    const id = randomUUID();
    const entry = { ...ExchangeDraft.parse({
      kind: 'art558_information', fromAgencyId: 'SBU', toAgencyId: 'NPU', subject: 'Відомості', legalBasis: 'ст. 558 МКУ', handlingCode: 'H0',
    }), createdAt: dms.ctx.now().toISOString() };
    const hlc = dms.ctx.clock.tick();
    transact(dms.ctx, () => {
      appendChanges(dms.ctx.db, Object.entries(entry).map(([field, v]) => ({
        hlc, siteId: dms.ctx.siteId, entity: 'exchange' as const, rowId: id, field, value: JSON.stringify(v), operationId: null,
      })));
      materialiseRows(dms.ctx.db, [{ entity: 'exchange', rowId: id }]);
    });
    const dir = fx.dir();
    const first = await importBundle(npu.ctx, { path: (await send(dms, [npu], dir, { full: true })).file });
    const again = await importBundle(npu.ctx, { path: (await send(dms, [npu], dir, { full: true })).file });
    expect(first.quarantinedCount).toBe(Object.keys(entry).length);
    expect(again.quarantinedCount).toBe(0);
    expect(count(npu, 'SELECT count(*) FROM sync_quarantine')).toBe(Object.keys(entry).length);
  });

  it("police's pack carries contacts of the people police may see only", async () => {
    const { dms, operationId } = await customsWithDemo();
    const pack = await exportPack(dms.ctx, {
      operationId, agencyId: 'NPU', lang: 'uk', includeIcs: true, includeVcard: true, recipients: [], copy: null,
    });
    const dir = fx.dir();
    const tar = path.join(dir, 'pack.tar');
    fs.writeFileSync(tar, pack.bytes);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    const vcf = fs.readFileSync(path.join(dir, 'contacts.vcf'), 'utf8');
    // The briefing brings customs' post chief and the other agencies' officers to police;
    // the dog handler and the tariff expert work on customs-only tasks.
    expect(vcf).toContain('Коваленко Олена Петрівна');
    expect(vcf).toContain('Бондар Сергій Васильович');
    expect(vcf).not.toContain('Мельник Андрій Ігорович');
    expect(vcf).not.toContain('+380671002031');
    expect(vcf).not.toContain('Пес-2');
    expect(vcf).not.toContain('Шевчук Ірина Олегівна');
  });
});
