/**
 * The defects of issue 13, each on the demo operation shared from a customs unit to a police
 * unit over real bundles on real SQLite files: the first bundle's exchange entries (read with
 * the real `age` CLI) and the police pack's contact file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportPack } from '../../../electron/services/exports.js';
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

  it("police's pack carries contacts of the people police may see only", async () => {
    const { dms, operationId } = await customsWithDemo();
    const pack = await exportPack(dms.ctx, {
      operationId, agencyId: 'NPU', lang: 'uk', includeIcs: true, includeVcard: true, recipients: [],
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
