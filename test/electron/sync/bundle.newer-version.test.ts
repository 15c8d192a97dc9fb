/**
 * Units in the field update at different times, and synced tables only ever grow. A bundle from
 * a newer Spilno is not refused: what this version knows applies, and the changes of entities or
 * fields added since wait in the quarantine — «Очікує оновлення» — until this unit is updated,
 * then apply by themselves (before the next import, or when the core opens the store).
 */
import { createHash, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Decrypter, Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { currentSchemaVersion } from '../../../electron/services/context.js';
import { applyHeldForUpdate, importBundle } from '../../../electron/sync/bundle-import.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { listQuarantine } from '../../../electron/sync/service.js';
import { encodeHlc } from '../../../shared/sync/hlc.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { openUnit, operationWithTasks, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

let a: Unit; // runs the newer Spilno
let b: Unit; // not updated yet
let dir: string;

beforeAll(async () => {
  a = await withIdentity(openUnit('NPU'));
  b = await withIdentity(openUnit('DMS'));
  trustAll([a, b]);
  dir = tempDataDir('spilno-newer-');
});
afterAll(() => {
  for (const u of [a, b]) u.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The bundle as a newer Spilno would write it: a higher schema version, and changes of a field
 *  and an entity this version does not know, signed by the real sender. */
async function fromNewerSpilno(file: string, extra: (line: Record<string, unknown>) => Record<string, unknown>[], schemaVersion = 999): Promise<string> {
  const dec = new Decrypter();
  dec.addIdentity(requireUnlocked(b.ctx).ageIdentity);
  const [first, ...lines] = new TextDecoder().decode(await dec.decrypt(fs.readFileSync(file))).split('\n').filter((l) => l !== '');
  const added = extra(JSON.parse(lines.find((l) => l.includes('"entity":"task"'))!) as Record<string, unknown>).map((c) => JSON.stringify(c));
  const all = [...lines, ...added];
  const body = all.map((l) => `${l}\n`).join('');
  const header = JSON.parse(first!) as { magic: string; manifest: string; signature: string };
  const m = JSON.parse(header.manifest) as Record<string, unknown>;
  m.schemaVersion = schemaVersion;
  m.changeCount = all.length;
  m.changesSha256 = createHash('sha256').update(body).digest('hex');
  const manifest = JSON.stringify(m);
  const signature = sign(null, Buffer.from(manifest), requireUnlocked(a.ctx).signPrivate).toString('base64');
  const enc = new Encrypter();
  enc.addRecipient(requireUnlocked(b.ctx).ageRecipient);
  const out = path.join(dir, `newer-${Math.random().toString(36).slice(2)}.spilno`);
  fs.writeFileSync(out, await enc.encrypt(`${JSON.stringify({ ...header, manifest, signature })}\n${body}`));
  return out;
}

describe('a bundle from a newer Spilno', () => {
  it('applies what this version knows and holds the new field and entity until the update; they apply then', async () => {
    const opId = operationWithTasks(a, 3);
    const sent = (await send(a, [b], dir)).file;
    let newTitle = '';
    const file = await fromNewerSpilno(sent, (task) => {
      const hlc = encodeHlc({ wallMs: a.ctx.now().getTime() + 60_000, counter: 0, siteId: a.ctx.siteId });
      newTitle = 'Уточнена назва (з новішої версії)';
      return [
        // A field added in the newer version, and the same event's change of a field known here.
        { ...task, hlc, field: 'riskScore', value: '3' },
        { ...task, hlc, field: 'title', value: JSON.stringify(newTitle) },
        // An entity added in the newer version.
        { hlc, siteId: a.ctx.siteId, entity: 'drone_flight', rowId: 'df1', field: 'callsign', value: '"ОРЕЛ-1"', operationId: opId },
      ];
    });

    const r = await importBundle(b.ctx, { path: file });
    expect(r.status).toBe('new');
    const tasks = listTasksByOperation(b.ctx.db, opId);
    expect(tasks).toHaveLength(3);
    expect(tasks.map((t) => t.title)).toContain(newTitle);
    const held = listQuarantine(b.ctx, 100);
    expect(held.map((q) => q.reasonKey).sort()).toEqual(['quarantine.newerVersion', 'quarantine.newerVersion']);
    expect(held.every((q) => q.waiting)).toBe(true);

    // Nothing this version knows is waiting, so nothing is released before the update…
    expect(applyHeldForUpdate(b.ctx)).toBe(0);
    // …the update: the unit now knows the field (emulated by the stored change naming a field
    // this version has; the entity stays unknown and keeps waiting).
    b.ctx.db.prepare(`UPDATE sync_quarantine SET change = replace(change, '"field":"riskScore","value":"3"', '"field":"notes","value":"\\"ризик 3\\""')
                      WHERE change LIKE '%riskScore%'`).run();
    expect(applyHeldForUpdate(b.ctx)).toBe(1);
    expect(listTasksByOperation(b.ctx.db, opId).find((t) => t.title === newTitle)!.notes).toBe('ризик 3');
    expect(listQuarantine(b.ctx, 100).map((q) => q.reasonKey)).toEqual(['quarantine.newerVersion']);
  });

  it('an unknown field in a bundle of this very version is refused, not held for an update', async () => {
    operationWithTasks(a, 1);
    const sent = (await send(a, [b], dir)).file;
    const hlc = encodeHlc({ wallMs: a.ctx.now().getTime() + 120_000, counter: 0, siteId: a.ctx.siteId });
    const file = await fromNewerSpilno(sent, (task) => [{ ...task, hlc, field: 'riskScore', value: '3' }], currentSchemaVersion(b.ctx));
    const r = await importBundle(b.ctx, { path: file });
    expect(r.quarantined.map((q) => [q.waiting, q.reason])).toEqual([[false, 'unknown field task.riskScore']]);
  });
});
