/** The calendar mapper marks tasks whose time has an open sync conflict (issue 5). */
import { describe, expect, it } from 'vitest';
import { toCalendarEvents, type CalendarAgency, type CalendarTask } from '../../../shared/planning/calendar-events.js';

const agencies: CalendarAgency[] = [{ id: 'DMS', code: 'DMS', color: '#1d4ed8', kind: 'customs' }];

function task(id: string): CalendarTask {
  return {
    id, operationId: 'op1', title: `Завдання ${id}`, status: 'todo', accountableAgencyId: 'DMS',
    unitId: null, personIds: [], startsAt: '2026-11-30T06:00:00.000Z', endsAt: '2026-11-30T08:00:00.000Z',
    isKeyEvent: false, isDecisionPoint: false,
  };
}

describe('sync-conflict marking', () => {
  it('adds has-sync-conflict to exactly the named tasks, apart from scheduling conflicts', () => {
    const events = toCalendarEvents({
      operations: [], tasks: [task('a'), task('b'), task('c')], agencies,
      conflictTaskIds: new Set(['c']), syncConflictTaskIds: new Set(['a', 'missing']),
    });
    const marked = (id: string) => events.find((e) => e.id === id)!.classNames;
    expect(marked('a')).toContain('has-sync-conflict');
    expect(marked('a')).not.toContain('has-conflict');
    expect(marked('b')).not.toContain('has-sync-conflict');
    expect(marked('c')).toEqual(expect.arrayContaining(['has-conflict']));
    expect(marked('c')).not.toContain('has-sync-conflict');
    expect(events).toHaveLength(3);
  });

  it('marks nothing without the set', () => {
    const events = toCalendarEvents({ operations: [], tasks: [task('a')], agencies });
    expect(events[0]!.classNames).not.toContain('has-sync-conflict');
  });
});
