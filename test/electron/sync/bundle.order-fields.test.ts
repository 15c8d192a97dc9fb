/**
 * The order's new paragraphs (command, coordinating instructions, sustainment, channel details,
 * marking, distribution) travel between units like every operation field, both ways; the
 * lead's need-to-know fields and the phases a participant does not act in never leave the
 * lead's unit for another agency's — checked on the decrypted bundle and in the receiving store.
 */
import { Decrypter } from 'age-encryption';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PhaseDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { getOperation, listPhases } from '../../../electron/db/repos/operations.repo.js';
import { addPhase, updateOperation } from '../../../electron/services/operations.js';
import { createTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { newOperation, send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();

async function bundleChanges(file: string, reader: Unit): Promise<ChangeRecord[]> {
  const dec = new Decrypter();
  dec.addIdentity(requireUnlocked(reader.ctx).ageIdentity);
  const text = new TextDecoder().decode(await dec.decrypt(fs.readFileSync(file)));
  return text.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as ChangeRecord);
}

const ORDER = {
  commandHead: 'Коваленко Олег, начальник митного поста',
  commandDeputy: 'Бондар Андрій, слідчий',
  commandSuccession: 'Керівник → заступник → старший групи НПУ',
  goNoGoCriteria: 'Рішення прокурора чинне; вантаж на пункті пропуску до 08:00',
  abortCriteria: 'Розшифрування; загроза життю',
  onCompromise: 'Доповісти на пункт управління кодовим словом «ГРІМ»',
  onLostContact: 'Через 10 хв — резервний канал',
  useOfForce: 'Відповідно до Закону «Про Національну поліцію»',
  reportingSchedule: 'Щогодини і на кожній ключовій події',
  evidenceHandling: 'Опечатати, протокол, передати слідчому',
  pressLine: 'Коментарі — лише прес-служба прокуратури',
  codeWords: [{ word: 'ГРІМ', meaning: 'розшифрування' }],
  medical: 'Бригада екстреної допомоги на виклик',
  detaineeTransport: 'Автомобіль НПУ з конвоєм',
  evidenceStorage: 'Камера схову речових доказів',
  interpreters: 'Перекладач польської мови',
  registrationNumber: '17/4-ДСК',
  restrictedListItem: 'п. 4.2 Переліку відомостей, що становлять службову інформацію',
  approverPosition: 'Начальник ГУНП у Волинській області',
  approverName: 'Іван ПЕТРЕНКО',
  distribution: [{ agencyId: null, addressee: 'у справу' }, { agencyId: 'DMS', addressee: 'Митний пост «Ягодин»' }],
  comms: [{ channel: 'ТЕТРА', frequencyOrTalkGroup: 'TG 1', callsign: 'Штаб', agencyId: null, phone: '', notes: '', function: 'командна мережа', encryption: 'наскрізне шифрування', assignment: 'усі групи' }],
};
const RESTRICTED = {
  restrictedSources: 'Джерело — оперативний підрозділ СБУ, оцінка B2',
  restrictedDetails: 'Точка перехоплення — автодорога М-07, 12 км від кордону',
};

describe('order fields in sync', () => {
  it('a participant receives the order and the marking, never the need-to-know fields nor a phase it does not act in', async () => {
    const police = await fx.unit('NPU');
    const customs = await fx.unit('DMS');
    trustAll([police, customs]);
    const dir = fx.dir();
    const op = newOperation(police.ctx, { participatingAgencyIds: ['DMS'] });
    updateOperation(police.ctx, op.id, { ...ORDER, ...RESTRICTED });
    const pass = addPhase(police.ctx, PhaseDraft.parse({ operationId: op.id, name: 'Пропуск', startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-05T08:00:00Z' }));
    const intercept = addPhase(police.ctx, PhaseDraft.parse({ operationId: op.id, name: 'Перехоплення на М-07', startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T12:00:00Z' }));
    const task = (phaseId: string, agency: string, title: string, startsAt: string, endsAt: string) => createTask(police.ctx, TaskDraft.parse({
      operationId: op.id, phaseId, title, type: 'other', accountableAgencyId: agency, startsAt, endsAt,
    }));
    task(pass.id, 'DMS', 'Пропуск вантажу', '2026-12-05T06:00:00Z', '2026-12-05T07:00:00Z');
    task(intercept.id, 'NPU', 'Затримання', '2026-12-05T10:00:00Z', '2026-12-05T11:00:00Z');

    const sent = await send(police, [customs], dir);
    const changes = await bundleChanges(sent.file, customs);
    const fields = new Set(changes.filter((c) => c.entity === 'operation').map((c) => c.field));
    for (const f of Object.keys(ORDER)) expect(fields.has(f), f).toBe(true);
    for (const f of Object.keys(RESTRICTED)) expect(fields.has(f), f).toBe(false);
    expect(changes.some((c) => c.rowId === intercept.id)).toBe(false);
    const text = changes.map((c) => c.value).join('\n');
    expect(text).not.toContain('М-07');
    expect(text).not.toContain('B2');

    const done = await importBundle(customs.ctx, { path: sent.file });
    expect(done.quarantinedCount).toBe(0);
    const held = getOperation(customs.ctx.db, op.id)!;
    expect(held).toMatchObject({ ...ORDER, distribution: ORDER.distribution.map((d) => expect.objectContaining(d)), codeWords: [expect.objectContaining(ORDER.codeWords[0])], comms: [expect.objectContaining(ORDER.comms[0])] });
    expect(held.restrictedSources).toBe('');
    expect(held.restrictedDetails).toBe('');
    expect(listPhases(customs.ctx.db, op.id).map((p) => p.name)).toEqual(['Пропуск']);
  });

  it('a participant edits a shared paragraph and the lead receives it; writing a need-to-know field is refused', async () => {
    const police = await fx.unit('NPU');
    const customs = await fx.unit('DMS');
    trustAll([police, customs]);
    const dir = fx.dir();
    const op = newOperation(police.ctx, { participatingAgencyIds: ['DMS'] });
    updateOperation(police.ctx, op.id, { ...RESTRICTED });
    await importBundle(customs.ctx, { path: (await send(police, [customs], dir)).file });

    updateOperation(customs.ctx, op.id, { evidenceStorage: 'Склад митного поста, кімн. 3', interpreters: 'Перекладач ДМС' });
    expect(() => updateOperation(customs.ctx, op.id, { restrictedDetails: 'чужий запис' }))
      .toThrow(expect.objectContaining({ code: 'forbidden' }) as Error);
    const back = await importBundle(police.ctx, { path: (await send(customs, [police], dir)).file });
    expect(back.quarantinedCount).toBe(0);
    const lead = getOperation(police.ctx.db, op.id)!;
    expect(lead.evidenceStorage).toBe('Склад митного поста, кімн. 3');
    expect(lead.interpreters).toBe('Перекладач ДМС');
    // The lead's need-to-know fields stay as the lead wrote them.
    expect(lead.restrictedDetails).toBe(RESTRICTED.restrictedDetails);
  });

  it('an operation from a unit that predates the order fields still materialises, with them empty', async () => {
    const older = await fx.unit('NPU');
    const customs = await fx.unit('DMS');
    trustAll([older, customs]);
    const dir = fx.dir();
    const op = newOperation(older.ctx, { participatingAgencyIds: ['DMS'] });
    // What an older Spilno writes: no change names a field it does not know.
    const fresh = ['commandHead', 'commandDeputy', 'commandSuccession', 'goNoGoCriteria', 'abortCriteria', 'onCompromise',
      'onLostContact', 'useOfForce', 'reportingSchedule', 'evidenceHandling', 'pressLine', 'codeWords', 'medical',
      'detaineeTransport', 'evidenceStorage', 'interpreters', 'registrationNumber', 'restrictedListItem', 'approverPosition',
      'approverName', 'distribution', 'restrictedSources', 'restrictedDetails'];
    older.ctx.db.prepare("DELETE FROM change_log WHERE entity = 'operation' AND field IN (SELECT value FROM json_each(?))").run(JSON.stringify(fresh));
    const done = await importBundle(customs.ctx, { path: (await send(older, [customs], dir)).file });
    expect(done.quarantinedCount).toBe(0);
    const held = getOperation(customs.ctx.db, op.id)!;
    expect(held.codeName).toBe(op.codeName);
    expect(held).toMatchObject({ commandHead: '', codeWords: [], distribution: [], restrictedDetails: '' });
  });
});
