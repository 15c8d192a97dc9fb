import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UNASSIGNED_COLOR, legendAgencies, resolveZoneSetup, textColorOn, toCalendarEvents,
  type CalendarAgency, type CalendarOperation, type CalendarTask,
} from '../../../shared/planning/calendar-events.js';
import {
  formatTimeInZone, instantToWall, wallToInstant, zoneOffsetMinutes,
} from '../../../shared/planning/time-zones.js';

const agencies: CalendarAgency[] = [
  { id: 'DMS', code: 'DMS', color: '#1d4ed8', kind: 'customs' },
  { id: 'NPU', code: 'NPU', color: '#facc15', kind: 'police' },
  { id: 'FOREIGN', code: 'FOREIGN', color: '#059669', kind: 'foreign' },
];

const op: CalendarOperation = {
  id: 'op1', codeName: 'ЯНТАР', type: 'controlled_delivery', status: 'planned',
  leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'],
  startsAt: '2026-11-30T04:00:00.000Z', endsAt: '2026-11-30T18:00:00.000Z', timeZone: 'Europe/Kyiv',
};
const op2: CalendarOperation = { ...op, id: 'op2', codeName: 'ДРУГА', leadAgencyId: 'NPU', participatingAgencyIds: [] };

function task(id: string, over: Partial<CalendarTask> = {}): CalendarTask {
  return {
    id, operationId: 'op1', title: `Завдання ${id}`, status: 'todo', accountableAgencyId: 'DMS',
    unitId: null, personIds: [], startsAt: '2026-11-30T06:00:00.000Z', endsAt: '2026-11-30T08:00:00.000Z',
    isKeyEvent: false, isDecisionPoint: false, ...over,
  };
}

const tasks: CalendarTask[] = [
  task('t1'),
  task('t2', { accountableAgencyId: 'NPU', unitId: 'u-npu', personIds: ['p1'], status: 'in_progress', isKeyEvent: true }),
  task('t3', { accountableAgencyId: null, status: 'blocked', isDecisionPoint: true }),
  task('t4', { operationId: 'op2', accountableAgencyId: 'NPU', personIds: ['p1', 'p2'], status: 'done' }),
];

const taskIds = (events: ReturnType<typeof toCalendarEvents>) =>
  events.filter((e) => e.extendedProps.kind === 'task').map((e) => e.id).sort();

describe('toCalendarEvents', () => {
  it('colours tasks per accountable agency and greys and flags a task without one', () => {
    const events = toCalendarEvents({ operations: [op, op2], tasks, agencies });
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(byId.get('t1')!.backgroundColor).toBe('#1d4ed8');
    expect(byId.get('t2')!.backgroundColor).toBe('#facc15');
    expect(byId.get('t3')!.backgroundColor).toBe(UNASSIGNED_COLOR);
    expect(byId.get('t3')!.classNames).toContain('is-unassigned');
    expect(byId.get('t2')!.textColor).toBe('#111827');
    expect(byId.get('t1')!.textColor).toBe('#ffffff');
  });

  it('adds one background event per operation over its window, coloured by the lead agency', () => {
    const events = toCalendarEvents({ operations: [op, op2], tasks: [], agencies });
    expect(events.map((e) => [e.id, e.display, e.backgroundColor, e.start, e.end, e.editable])).toEqual([
      ['op:op1', 'background', '#1d4ed8', op.startsAt, op.endsAt, false],
      ['op:op2', 'background', '#facc15', op.startsAt, op.endsAt, false],
    ]);
  });

  it('titles carry the agency code and key-event / decision-point marks', () => {
    const byId = new Map(toCalendarEvents({ operations: [op], tasks, agencies }).map((e) => [e.id, e]));
    expect(byId.get('t1')!.title).toBe('DMS · Завдання t1');
    expect(byId.get('t2')!.title).toBe('★ NPU · Завдання t2');
    expect(byId.get('t3')!.title).toBe('◆ Завдання t3');
  });

  it('carries ids, status and the conflict flag in extendedProps', () => {
    const events = toCalendarEvents({ operations: [op], tasks, agencies, conflictTaskIds: ['t2'] });
    const t2 = events.find((e) => e.id === 't2')!;
    expect(t2.extendedProps).toEqual({
      kind: 'task', taskId: 't2', operationId: 'op1', agencyId: 'NPU', unitId: 'u-npu', status: 'in_progress',
      conflict: true, isKeyEvent: true, isDecisionPoint: false, startsAt: tasks[1]!.startsAt, endsAt: tasks[1]!.endsAt,
    });
    expect(t2.classNames).toContain('has-conflict');
    expect(t2.borderColor).toBe('#dc2626');
    const t1 = events.find((e) => e.id === 't1')!;
    expect(t1.extendedProps.kind === 'task' && t1.extendedProps.conflict).toBe(false);
    // A Set works as well as an array.
    const viaSet = toCalendarEvents({ operations: [], tasks, agencies, conflictTaskIds: new Set(['t1']) });
    expect(viaSet.find((e) => e.id === 't1')!.classNames).toContain('has-conflict');
  });

  it('filters by operation, agency, unit, person and status', () => {
    const run = (filters: object) => taskIds(toCalendarEvents({ operations: [op, op2], tasks, agencies, filters }));
    expect(run({})).toEqual(['t1', 't2', 't3', 't4']);
    expect(run({ operationIds: ['op2'] })).toEqual(['t4']);
    expect(run({ agencyIds: ['NPU'] })).toEqual(['t2', 't4']);
    expect(run({ unitIds: ['u-npu'] })).toEqual(['t2']);
    expect(run({ personIds: ['p2'] })).toEqual(['t4']);
    expect(run({ personIds: ['p1'] })).toEqual(['t2', 't4']);
    expect(run({ statuses: ['blocked', 'done'] })).toEqual(['t3', 't4']);
    expect(run({ agencyIds: ['NPU'], statuses: ['done'] })).toEqual(['t4']);
  });

  it('shows an operation only when it involves a filtered agency', () => {
    const ops = (filters: object) => toCalendarEvents({ operations: [op, op2], tasks: [], agencies, filters })
      .map((e) => e.id);
    expect(ops({ agencyIds: ['DMS'] })).toEqual(['op:op1']);
    expect(ops({ agencyIds: ['NPU'] })).toEqual(['op:op1', 'op:op2']);
    expect(ops({ operationIds: ['op2'] })).toEqual(['op:op2']);
  });

  it('makes tasks of completed or aborted operations read-only', () => {
    const closed = { ...op, status: 'completed' as const };
    const events = toCalendarEvents({ operations: [closed], tasks: [task('t1')], agencies });
    expect(events.find((e) => e.id === 't1')!.editable).toBe(false);
    expect(toCalendarEvents({ operations: [op], tasks: [task('t1')], agencies }).find((e) => e.id === 't1')!.editable).toBe(true);
  });

  it('writes wall-clock times of a named zone when asked, instants otherwise', () => {
    const [kyiv] = toCalendarEvents({ operations: [], tasks: [task('t1')], agencies, wallZone: 'Europe/Kyiv' });
    expect([kyiv!.start, kyiv!.end]).toEqual(['2026-11-30T08:00:00', '2026-11-30T10:00:00']);
    expect(kyiv!.extendedProps.kind === 'task' && kyiv!.extendedProps.startsAt).toBe('2026-11-30T06:00:00.000Z');
    const [plain] = toCalendarEvents({ operations: [], tasks: [task('t1')], agencies });
    expect(plain!.start).toBe('2026-11-30T06:00:00.000Z');
  });

  it('lists in the legend only agencies that colour a visible task', () => {
    const events = toCalendarEvents({ operations: [op], tasks, agencies, filters: { agencyIds: ['NPU'] } });
    const legend = legendAgencies(events, agencies);
    expect(legend.agencies.map((a) => a.id)).toEqual(['NPU']);
    expect(legend.hasUnassigned).toBe(false);
    expect(legendAgencies(toCalendarEvents({ operations: [], tasks, agencies }), agencies).hasUnassigned).toBe(true);
  });

  it('never loses or invents a task: output tasks are exactly the filtered inputs', () => {
    const arbTask = fc.record({
      id: fc.uuid(), agency: fc.constantFrom('DMS', 'NPU', null), status: fc.constantFrom('todo', 'done', 'blocked'),
      op: fc.constantFrom('op1', 'op2'),
    });
    fc.assert(fc.property(fc.uniqueArray(arbTask, { selector: (t) => t.id, maxLength: 30 }),
      fc.subarray(['DMS', 'NPU']), (raw, agencyIds) => {
        const ts = raw.map((r) => task(r.id, { accountableAgencyId: r.agency, status: r.status as CalendarTask['status'], operationId: r.op }));
        const got = taskIds(toCalendarEvents({ operations: [op, op2], tasks: ts, agencies, filters: { agencyIds } }));
        const want = ts.filter((t) => agencyIds.length === 0 || (t.accountableAgencyId !== null && agencyIds.includes(t.accountableAgencyId)))
          .map((t) => t.id).sort();
        expect(got).toEqual(want);
      }));
  });
});

describe('textColorOn', () => {
  it('picks dark text on light colours and white on dark ones', () => {
    expect(textColorOn('#ffffff')).toBe('#111827');
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#facc15')).toBe('#111827');
  });
});

describe('time zones', () => {
  it('converts instants to wall-clock times and back, across DST', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), 'Europe/Kyiv')).toBe(120);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Kyiv')).toBe(180);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(instantToWall('2026-07-15T12:00:00.000Z', 'Europe/Kyiv')).toBe('2026-07-15T15:00:00');
    expect(wallToInstant('2026-07-15T15:00:00', 'Europe/Kyiv')).toBe('2026-07-15T12:00:00.000Z');
    expect(wallToInstant('2026-01-15T00:30', 'America/New_York')).toBe('2026-01-15T05:30:00.000Z');
    expect(formatTimeInZone('2026-11-30T06:00:00.000Z', 'Europe/Warsaw')).toBe('07:00');
  });

  it('switches the offset at the exact instant of a transition, cache or not', () => {
    // Kyiv springs forward on 2026-03-29 at 01:00 UTC.
    const edge = Date.parse('2026-03-29T01:00:00Z');
    for (let s = -90; s <= 90; s += 7) {
      const ms = edge + s * 1000;
      expect(zoneOffsetMinutes(ms, 'Europe/Kyiv')).toBe(ms < edge ? 120 : 180);
    }
    expect(instantToWall('2026-03-29T00:59:59.000Z', 'Europe/Kyiv')).toBe('2026-03-29T02:59:59');
    expect(instantToWall('2026-03-29T01:00:00.000Z', 'Europe/Kyiv')).toBe('2026-03-29T04:00:00');
  });

  it('resolves an ambiguous fall-back wall time to the earlier instant', () => {
    // Kyiv leaves summer time on 2026-10-25 at 04:00 local → 03:00; 03:30 happens twice.
    expect(wallToInstant('2026-10-25T03:30:00', 'Europe/Kyiv')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips any instant through any zone (whole minutes, outside DST gaps)', () => {
    const zones = ['Europe/Kyiv', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/Warsaw'];
    fc.assert(fc.property(
      fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
      fc.constantFrom(...zones),
      (minute, zone) => {
        const instant = new Date(minute * 60_000).toISOString();
        const back = wallToInstant(instantToWall(instant, zone), zone);
        // In a fall-back overlap the wall time names two instants; both read the same wall time.
        expect(instantToWall(back, zone)).toBe(instantToWall(instant, zone));
        expect(Math.abs(Date.parse(back) - Date.parse(instant))).toBeLessThanOrEqual(3_600_000);
      }), { numRuns: 500 });
  });
});

describe('resolveZoneSetup', () => {
  it('maps local and UTC to the calendar options directly, the operation zone to wall-clock times', () => {
    expect(resolveZoneSetup('local', op, agencies, 'Europe/Kyiv')).toEqual({
      calendarTimeZone: 'local', wallZone: null, primaryZone: 'Europe/Kyiv', secondaryZone: null,
    });
    expect(resolveZoneSetup('utc', null, agencies, 'Europe/Kyiv')).toMatchObject({ calendarTimeZone: 'UTC', wallZone: null });
    expect(resolveZoneSetup('operation', { ...op, timeZone: 'Europe/Warsaw' }, agencies, 'Europe/Kyiv')).toMatchObject({
      calendarTimeZone: 'UTC', wallZone: 'Europe/Warsaw', primaryZone: 'Europe/Warsaw', secondaryZone: null,
    });
    // Without a focused operation the operation choice falls back to local time.
    expect(resolveZoneSetup('operation', null, agencies, 'Europe/Kyiv').calendarTimeZone).toBe('local');
  });

  it('gives an international operation a second clock that differs from the primary', () => {
    const intl = { ...op, type: 'international_operation' as const, timeZone: 'Europe/Warsaw' };
    expect(resolveZoneSetup('local', intl, agencies, 'Europe/Kyiv').secondaryZone).toBe('Europe/Warsaw');
    expect(resolveZoneSetup('operation', intl, agencies, 'Europe/Kyiv').secondaryZone).toBe('Europe/Kyiv');
    expect(resolveZoneSetup('utc', intl, agencies, 'Europe/Kyiv').secondaryZone).toBe('Europe/Warsaw');
    // Same zone everywhere: the second clock is UTC.
    expect(resolveZoneSetup('local', { ...intl, timeZone: 'Europe/Kyiv' }, agencies, 'Europe/Kyiv').secondaryZone).toBe('UTC');
  });

  it('treats a foreign participant as international, a domestic-only plan as not', () => {
    const withForeign = { ...op, participatingAgencyIds: ['NPU', 'FOREIGN'], timeZone: 'Europe/Warsaw' };
    expect(resolveZoneSetup('local', withForeign, agencies, 'Europe/Kyiv').secondaryZone).toBe('Europe/Warsaw');
    expect(resolveZoneSetup('local', { ...op, timeZone: 'Europe/Warsaw' }, agencies, 'Europe/Kyiv').secondaryZone).toBeNull();
  });
});
