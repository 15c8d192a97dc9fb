import { describe, expect, it } from 'vitest';
import { Operation, OperationDraft } from '../../../../shared/domain/operation.js';
import {
  modelFromOperation, newOperationModel, toDraftInput,
} from '../../../../renderer/src/features/operations/operation-form-model.js';
import { tomorrowAt, wallToIso } from '../../../../renderer/src/ui/zoned-time.js';

const stored = Operation.parse({
  id: 'op1', status: 'planned', createdAt: '2026-05-01T00:00:00Z', updatedAt: '2026-05-01T00:00:00Z',
  codeName: 'ДНІПРО', type: 'controlled_delivery', handlingCode: 'H3', handlingNote: 'лише для НПУ',
  legalBasis: 'ст. 558 МКУ', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'SBU'],
  startsAt: '2026-07-01T05:00:00Z', endsAt: '2026-07-02T17:00:00Z', timeZone: 'Europe/Kyiv',
  locations: [{ id: 'l1', label: 'ПП «Ягодин»', point: { lat: 51.2, lon: 24.0 } }],
  risks: [{ id: 'r1', threat: 'Витік', likelihood: 'low', impact: 'high' }],
  comms: [{ id: 'c1', channel: 'Основний', agencyId: null }],
  subjects: [
    { id: 's1', kind: 'vehicle', plate: 'AA1234BB' },
    { id: 's2', kind: 'address', address: 'Ковель, вул. Незалежності, 1', point: { lat: 51.21, lon: 24.7 } },
  ],
});

describe('operation form model', () => {
  it('round-trips a stored operation through the form without changing it', () => {
    const draft = OperationDraft.parse(toDraftInput(modelFromOperation(stored)));
    // Approval, like the status, moves only through a status change, never through the form.
    const { id: _i, status: _s, createdAt: _c, updatedAt: _u, approvedBy: _ab, approvedAt: _at, ...fields } = stored;
    expect(draft).toEqual(fields);
  });

  it('reads times as wall time in the operation zone', () => {
    const m = modelFromOperation(stored);
    expect(m.startsWall).toBe('2026-07-01T08:00');
    expect(toDraftInput({ ...m, startsWall: '2026-07-01T09:30' }).startsAt).toBe('2026-07-01T06:30:00.000Z');
    expect(toDraftInput({ ...m, timeZone: 'UTC' }).startsAt).toBe('2026-07-01T08:00:00.000Z');
  });

  it('lets the schema reject what the inputs cannot parse, under the right field', () => {
    const m = { ...newOperationModel('DMS', new Date('2026-05-01T12:00:00Z')), codeName: 'X', legalBasis: 'y' };
    const bad = OperationDraft.safeParse(toDraftInput({ ...m, startsWall: '', locations: [{ label: 'A', lat: 'north', lon: '24' }] }));
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['startsAt', 'locations.0.point.lat']));
    expect(wallToIso('garbage', 'Europe/Kyiv')).toBe('garbage');
  });

  it('defaults a new operation to tomorrow 08:00–20:00 in Kyiv', () => {
    const m = newOperationModel('DMS', new Date('2026-05-01T22:30:00Z'));
    // 22:30 UTC on 1 May is already 2 May in Kyiv: tomorrow there is 3 May.
    expect(m.startsWall).toBe('2026-05-03T08:00');
    expect(m.endsWall).toBe('2026-05-03T20:00');
    expect(tomorrowAt(8, 'UTC', new Date('2026-05-01T22:30:00Z'))).toBe('2026-05-02T08:00');
  });
});
