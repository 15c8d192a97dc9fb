import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSyncMatrix, timeBuckets, type MatrixAgency, type MatrixInput, type MatrixTask, type SyncMatrix,
} from '../../../shared/planning/sync-matrix.js';
import { instantToWall } from '../../../shared/planning/time-zones.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 4, 0, 0);
const at = (h: number) => new Date(T0 + h * H).toISOString();

const agencies: MatrixAgency[] = ['DMS', 'NPU', 'SBU', 'OGP', 'DPSU'].map((code, i) => ({
  id: code, code, nameUk: `${code} uk`, nameEn: `${code} en`, color: `#00000${i}`,
}));
const units = [
  { id: 'u-dms', agencyId: 'DMS', name: 'Митний пост' },
  { id: 'u-npu', agencyId: 'NPU', name: 'ГУНП' },
];
const operation = {
  id: 'op1', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU', 'SBU'], startsAt: at(0), endsAt: at(14),
};
const phases = [
  { id: 'ph2', name: 'Перехоплення', ordinal: 1, startsAt: at(6), endsAt: at(14) },
  { id: 'ph1', name: 'Супровід', ordinal: 0, startsAt: at(0), endsAt: at(6) },
];

function task(id: string, over: Partial<MatrixTask> = {}): MatrixTask {
  return {
    id, title: id, status: 'todo', phaseId: 'ph1', accountableAgencyId: 'DMS', unitId: null,
    startsAt: at(1), endsAt: at(2), isKeyEvent: false, isDecisionPoint: false, ...over,
  };
}

const tasks = [
  task('handover', { unitId: 'u-dms', isKeyEvent: true, startsAt: at(0.5), endsAt: at(1.5) }),
  task('escort', { accountableAgencyId: 'SBU', startsAt: at(1.5), endsAt: at(6) }),
  task('detain', { phaseId: 'ph2', accountableAgencyId: 'NPU', unitId: 'u-npu', isKeyEvent: true, isDecisionPoint: true, startsAt: at(6), endsAt: at(8) }),
  task('orphan', { phaseId: null, accountableAgencyId: 'OGP', startsAt: at(-10), endsAt: at(-8) }),
  task('nobody', { phaseId: 'ph2', accountableAgencyId: null, startsAt: at(12), endsAt: at(13) }),
];
const input: MatrixInput = { operation, phases, tasks, agencies, units };

function cellIds(m: SyncMatrix, agencyId: string | null): string[][] {
  return m.rows.find((r) => r.agencyId === agencyId)!.cells.map((c) => c.map((e) => e.taskId));
}

describe('buildSyncMatrix — phases', () => {
  it('uses the phases in order as columns, with an extra column for tasks without a phase', () => {
    const m = buildSyncMatrix(input);
    expect(m.mode).toBe('phases');
    expect(m.columns.map((c) => c.kind === 'phase' ? c.name : c.kind)).toEqual(['Супровід', 'Перехоплення', 'unphased']);
    expect(cellIds(m, 'OGP')).toEqual([[], [], ['orphan']]);
    expect(cellIds(m, 'NPU')).toEqual([[], ['detain'], []]);
  });

  it('omits the unphased column when every task has a known phase', () => {
    const m = buildSyncMatrix({ ...input, tasks: tasks.filter((t) => t.phaseId !== null) });
    expect(m.columns.map((c) => c.kind)).toEqual(['phase', 'phase']);
  });

  it('orders rows lead, participants, other agencies, then the unassigned row', () => {
    const m = buildSyncMatrix(input);
    expect(m.rows.map((r) => [r.agencyId, r.role, r.kind])).toEqual([
      ['DMS', 'lead', 'agency'], ['NPU', 'participant', 'agency'], ['SBU', 'participant', 'agency'],
      ['OGP', 'other', 'agency'], [null, null, 'unassigned'],
    ]);
    expect(cellIds(m, null)).toEqual([[], ['nobody'], []]);
    expect(m.rows[0]!.agency!.nameUk).toBe('DMS uk');
  });

  it('keeps a row for a participant with no task, and no unassigned row when none is unassigned', () => {
    const m = buildSyncMatrix({ ...input, operation: { ...operation, participatingAgencyIds: ['NPU', 'DPSU'] }, tasks: [tasks[0]!] });
    expect(m.rows.map((r) => [r.agencyId, r.taskCount])).toEqual([['DMS', 1], ['NPU', 0], ['DPSU', 0]]);
  });

  it('expands an agency into unit rows, the unit-less tasks last', () => {
    const m = buildSyncMatrix({ ...input, tasks: [...tasks, task('dms-loose', { startsAt: at(3), endsAt: at(4) })] });
    const dms = m.rows.find((r) => r.agencyId === 'DMS')!;
    expect(dms.units.map((u) => [u.unitId, u.name, u.cells.map((c) => c.map((e) => e.taskId))])).toEqual([
      ['u-dms', 'Митний пост', [['handover'], [], []]],
      [null, null, [['dms-loose'], [], []]],
    ]);
    expect(dms.cells[0]!.map((e) => e.taskId)).toEqual(['handover', 'dms-loose']);
  });

  it('marks key events and decision points with their column', () => {
    const m = buildSyncMatrix(input);
    expect(m.markers).toEqual([
      { taskId: 'handover', kind: 'key_event', at: at(0.5), columnIndex: 0, agencyId: 'DMS' },
      { taskId: 'detain', kind: 'key_event', at: at(6), columnIndex: 1, agencyId: 'NPU' },
      { taskId: 'detain', kind: 'decision_point', at: at(6), columnIndex: 1, agencyId: 'NPU' },
    ]);
  });
});

describe('buildSyncMatrix — time buckets', () => {
  it('uses buckets when there are no phases, widening the window to every task', () => {
    const m = buildSyncMatrix({ ...input, phases: [] });
    expect(m.mode).toBe('buckets');
    expect(m.columns[0]!.startsAt).toBe(at(-10));
    expect(Date.parse(m.columns.at(-1)!.endsAt!)).toBeGreaterThanOrEqual(T0 + 14 * H);
    expect(m.columns.length).toBeLessThanOrEqual(24);
  });

  it('honours a requested bucket width and records how far a task runs', () => {
    const m = buildSyncMatrix({ ...input, tasks: tasks.slice(0, 3) }, { columns: 'buckets', bucketHours: 2 });
    expect(m.bucketHours).toBe(2);
    expect(m.columns.map((c) => c.startsAt)).toEqual([0, 2, 4, 6, 8, 10, 12].map(at));
    const sbu = m.rows.find((r) => r.agencyId === 'SBU')!;
    // escort runs 01:30–06:00: starts in bucket 0, ends exactly at bucket 3's start, so last is 2.
    expect(sbu.cells[0]!.map((e) => [e.taskId, e.lastColumnIndex])).toEqual([['escort', 2]]);
  });

  it('widens buckets rather than exceed the column cap', () => {
    const m = buildSyncMatrix({ ...input, phases: [] }, { bucketHours: 1, maxBuckets: 5 });
    expect(m.columns.length).toBeLessThanOrEqual(5);
    expect(m.bucketHours! % 1).toBe(0);
  });
});

const arbTask = (phaseIds: string[]) => fc.record({
  id: fc.uuid(),
  agency: fc.constantFrom('DMS', 'NPU', 'SBU', 'OGP', null),
  unit: fc.constantFrom('u-dms', 'u-npu', null),
  phase: fc.constantFrom(...phaseIds, null, 'gone'),
  start: fc.integer({ min: -72 * 60, max: 96 * 60 }),
  minutes: fc.integer({ min: 1, max: 48 * 60 }),
  key: fc.boolean(),
}).map((r): MatrixTask => task(r.id, {
  accountableAgencyId: r.agency, unitId: r.unit, phaseId: r.phase,
  startsAt: new Date(T0 + r.start * 60_000).toISOString(),
  endsAt: new Date(T0 + (r.start + r.minutes) * 60_000).toISOString(),
  isKeyEvent: r.key,
}));

describe('buildSyncMatrix — properties', () => {
  it('places every task in exactly one cell of its agency row and one unit sub-row', () => {
    fc.assert(fc.property(
      fc.uniqueArray(arbTask(['ph1', 'ph2']), { selector: (t) => t.id, maxLength: 40 }),
      fc.constantFrom<'auto' | 'phases' | 'buckets'>('auto', 'phases', 'buckets'),
      fc.boolean(),
      (ts, columns, withPhases) => {
        const m = buildSyncMatrix({ ...input, phases: withPhases ? phases : [], tasks: ts }, { columns });
        for (const t of ts) {
          for (const row of m.rows) {
            const inRow = row.cells.flat().filter((e) => e.taskId === t.id).length;
            const inUnits = row.units.flatMap((u) => u.cells.flat()).filter((e) => e.taskId === t.id).length;
            const belongs = row.agencyId === t.accountableAgencyId;
            expect(inRow).toBe(belongs ? 1 : 0);
            expect(inUnits).toBe(belongs ? 1 : 0);
          }
        }
        expect(m.rows.reduce((n, r) => n + r.taskCount, 0)).toBe(ts.length);
        for (const row of m.rows) {
          expect(row.cells.length).toBe(m.columns.length);
          for (const u of row.units) expect(u.cells.length).toBe(m.columns.length);
        }
      }));
  });

  it('buckets are contiguous, non-overlapping and cover the operation and every task', () => {
    fc.assert(fc.property(
      fc.uniqueArray(arbTask([]), { selector: (t) => t.id, maxLength: 30 }),
      fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
      fc.integer({ min: 1, max: 60 }),
      fc.constantFrom('UTC', 'Europe/Kyiv', 'Asia/Kolkata', 'America/St_Johns'),
      (ts, bucketHours, maxBuckets, zone) => {
        const m = buildSyncMatrix({ ...input, operation: { ...operation, timeZone: zone }, phases: [], tasks: ts }, { columns: 'buckets', bucketHours, maxBuckets });
        const cols = m.columns;
        expect(cols.length).toBeGreaterThan(0);
        expect(cols.length).toBeLessThanOrEqual(maxBuckets);
        for (let i = 1; i < cols.length; i++) expect(cols[i]!.startsAt).toBe(cols[i - 1]!.endsAt);
        const from = Date.parse(cols[0]!.startsAt!);
        const to = Date.parse(cols.at(-1)!.endsAt!);
        expect(from).toBeLessThanOrEqual(Math.min(T0, ...ts.map((t) => Date.parse(t.startsAt))));
        expect(to).toBeGreaterThanOrEqual(Math.max(T0 + 14 * H, ...ts.map((t) => Date.parse(t.endsAt))));
        for (const row of m.rows) {
          row.cells.forEach((cell, i) => {
            for (const e of cell) {
              // The task starts inside its bucket and ends inside its last one.
              expect(Date.parse(e.startsAt)).toBeGreaterThanOrEqual(Date.parse(cols[i]!.startsAt!));
              expect(Date.parse(e.startsAt)).toBeLessThan(Date.parse(cols[i]!.endsAt!));
              expect(Date.parse(e.endsAt)).toBeGreaterThan(Date.parse(cols[e.lastColumnIndex]!.startsAt!));
              expect(Date.parse(e.endsAt)).toBeLessThanOrEqual(Date.parse(cols[e.lastColumnIndex]!.endsAt!));
            }
          });
        }
      }));
  });

  it('starts buckets on the operation zone\'s clock', () => {
    // 04:00 UTC is 06:00 in Kyiv (winter): six-hour buckets read 06–12, 12–18 … Kyiv time.
    const m = buildSyncMatrix({ ...input, phases: [], tasks: [], operation: { ...operation, timeZone: 'Europe/Kyiv', startsAt: at(1), endsAt: at(20) } },
      { columns: 'buckets', bucketHours: 6 });
    expect(m.columns.map((c) => c.startsAt)).toEqual([at(0), at(6), at(12), at(18)]);
    // Without a zone the same window is cut on UTC's clock (00, 06, 12, 18 UTC).
    const utc = buildSyncMatrix({ ...input, phases: [], tasks: [], operation: { ...operation, startsAt: at(1), endsAt: at(20) } },
      { columns: 'buckets', bucketHours: 6 });
    expect(utc.columns[0]!.startsAt).toBe('2026-11-30T00:00:00.000Z');
    // Kolkata is UTC+05:30: buckets still start on its whole hours.
    const kol = buildSyncMatrix({ ...input, phases: [], tasks: [], operation: { ...operation, timeZone: 'Asia/Kolkata', startsAt: at(1), endsAt: at(20) } },
      { columns: 'buckets', bucketHours: 3 });
    expect(kol.columns[0]!.startsAt).toBe('2026-11-30T03:30:00.000Z');
  });

  it('timeBuckets starts on a boundary of the zone\'s clock, less than one bucket before the window', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 500 }),
      fc.constantFrom(1, 2, 3, 5, 6, 7, 12, 24), fc.constantFrom('UTC', 'Europe/Kyiv', 'Asia/Kolkata'),
      (offsetSec, spanHours, hours, zone) => {
        const from = T0 + offsetSec * 1000;
        const cols = timeBuckets(from, from + spanHours * H, hours, 1000, zone);
        const start = Date.parse(cols[0]!.startsAt!);
        expect(start).toBeLessThanOrEqual(from);
        expect(from - start).toBeLessThan(hours * H);
        const wallMinutes = Number(instantToWall(cols[0]!.startsAt!, zone).slice(11, 13)) * 60
          + Number(instantToWall(cols[0]!.startsAt!, zone).slice(14, 16));
        expect(wallMinutes % ((24 % hours === 0 ? hours : 1) * 60)).toBe(0);
      }));
  });
});
