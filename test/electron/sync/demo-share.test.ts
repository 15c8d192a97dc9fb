/**
 * The defects of issue 13, each on the demo operation shared from the police unit that leads it
 * (a controlled delivery in the police's proceeding) to a customs unit over real bundles on real
 * SQLite files: the first bundle's exchange entries (read with the real `age` CLI), arrival of
 * the customs view whole, quarantine idempotence, and the customs pack's contact file.
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
import { importBundle } from '../../../electron/sync/bundle-import.js';
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

async function policeWithDemo(): Promise<{ dms: Unit; npu: Unit; operationId: string }> {
  const dms = await fx.unit('DMS', 'Митний пост «Ягодин»');
  const npu = await fx.unit('NPU', 'ГУНП у Волинській області');
  trustAll([dms, npu]);
  const { operationId } = loadDemo(npu.ctx);
  return { dms, npu, operationId };
}

const count = (u: Unit, sql: string) => u.ctx.db.prepare(sql).pluck().get() as number;

describe('the demo shared from police to customs', () => {
  it('the first bundle carries no exchange entry customs may not see (read with the age CLI)', async () => {
    const { dms, npu } = await policeWithDemo();
    const dir = fx.dir();
    const changes = decryptWithAgeCli((await send(npu, [dms], dir)).file, dms, dir);
    const entries = new Map<string, Record<string, string>>();
    for (const c of changes.filter((x) => x.entity === 'exchange')) {
      const e = entries.get(c.rowId) ?? {};
      e[c.field] = JSON.parse(c.value) as string;
      entries.set(c.rowId, e);
    }
    // SBU → NPU, H2: between those two agencies only. NPU → DMS, H2 (the operational information
    // on the consignment to let through, the notification of the smuggling found): customs are a party.
    expect([...entries.values()].map((e) => `${e.fromAgencyId}→${e.toAgencyId} ${e.handlingCode}`)).toEqual(['NPU→DMS H2', 'NPU→DMS H2']);
    expect(changes.some((c) => c.value.includes('орієнтовний час прибуття'))).toBe(false);
    // The lead's need-to-know: the source, the route, the place of the arrest.
    for (const hidden of ['Оперативна інформація Управління СБУ', 'оцінка B2', 'Заводська', 'Західтранслогістик', 'Контрольна точка']) {
      expect(changes.some((c) => c.value.includes(hidden)), hidden).toBe(false);
    }
  });

  it('customs receive their whole view: their tasks with every assignment, nothing quarantined or waiting', async () => {
    const { dms, npu, operationId } = await policeWithDemo();
    const r = await importBundle(dms.ctx, { path: (await send(npu, [dms], fx.dir())).file });
    expect(r.quarantinedCount).toBe(0);
    expect(r.pendingRows).toBe(0);
    // Customs act in the briefing (their post chief is on it), the passage under customs control
    // and the specialist's support.
    const titles = (dms.ctx.db.prepare('SELECT title FROM tasks WHERE operation_id = ? ORDER BY title').pluck().all(operationId) as string[]);
    expect(titles).toEqual([
      'Інструктаж учасників у штабі',
      'Пропуск вантажу під митним контролем',
      'Участь спеціаліста митниці: митні документи, пломби, класифікація товару',
    ]);
    const assignments = (db: Unit) => db.ctx.db.prepare(
      `SELECT t.title || ' ← ' || p.full_name FROM task_people tp JOIN tasks t ON t.id = tp.task_id
       JOIN people p ON p.id = tp.person_id WHERE tp.deleted = 0 AND t.title IN (${titles.map(() => '?').join(',')})
       ORDER BY 1`).pluck().all(...titles);
    expect(assignments(dms)).toEqual(assignments(npu));
    expect(assignments(dms)).toHaveLength(8);
    expect(count(dms, 'SELECT count(*) FROM sync_quarantine')).toBe(0);
  });

  it('re-delivery of a refused change adds nothing to the quarantine: it is kept once, by its identity', async () => {
    const { dms, npu } = await policeWithDemo();
    // An entry between two other agencies, recorded by police past the local check (as an
    // older or hostile build would): customs, a party, receive it and refuse it.
    const id = randomUUID();
    const entry = { ...ExchangeDraft.parse({
      kind: 'art558_information', fromAgencyId: 'SBU', toAgencyId: 'DMS', subject: 'Відомості', legalBasis: 'ст. 558 МКУ', handlingCode: 'H0',
    }), createdAt: npu.ctx.now().toISOString() };
    const hlc = npu.ctx.clock.tick();
    transact(npu.ctx, () => {
      appendChanges(npu.ctx.db, Object.entries(entry).map(([field, v]) => ({
        hlc, siteId: npu.ctx.siteId, entity: 'exchange' as const, rowId: id, field, value: JSON.stringify(v), operationId: null,
      })));
      materialiseRows(npu.ctx.db, [{ entity: 'exchange', rowId: id }]);
    });
    const dir = fx.dir();
    const first = await importBundle(dms.ctx, { path: (await send(npu, [dms], dir, { full: true })).file });
    const again = await importBundle(dms.ctx, { path: (await send(npu, [dms], dir, { full: true })).file });
    expect(first.quarantinedCount).toBe(Object.keys(entry).length);
    expect(again.quarantinedCount).toBe(0);
    expect(count(dms, 'SELECT count(*) FROM sync_quarantine')).toBe(Object.keys(entry).length);
  });

  it("customs' pack carries contacts of the people customs may see only", async () => {
    const { npu, operationId } = await policeWithDemo();
    const pack = await exportPack(npu.ctx, {
      operationId, agencyId: 'DMS', lang: 'uk', includeIcs: true, includeVcard: true, recipients: [], copy: null,
    });
    const dir = fx.dir();
    const tar = path.join(dir, 'pack.tar');
    fs.writeFileSync(tar, pack.bytes);
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    // Files in the pack are named for the operation, the agency and the day (…-contacts.vcf).
    const vcfName = fs.readdirSync(dir).find((f) => f.endsWith('-contacts.vcf'))!;
    expect(vcfName).toMatch(/-DMS-\d{4}-\d{2}-\d{2}-contacts\.vcf$/);
    const vcf = fs.readFileSync(path.join(dir, vcfName), 'utf8');
    // The briefing brings the police investigator and the other agencies' officers to customs;
    // the police operative and the prosecutor work on tasks customs do not act in.
    expect(vcf).toContain('Коваленко Олена Петрівна');
    expect(vcf).toContain('Бондар Сергій Васильович');
    expect(vcf).not.toContain('Ткачук Максим Романович');
    expect(vcf).not.toContain('+380502003041');
    expect(vcf).not.toContain('Сокіл-2');
    expect(vcf).not.toContain('Савченко Наталія Миколаївна');
  });
});
