import { addConsignment } from '../../../electron/services/results.js';
import { ConsignmentDraft } from '../../../shared/domain/results.js';
import { setOperator } from '../../../electron/services/audit.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { TaskCreate } from '../../../shared/api/tasks.js';
import { PersonDraft } from '../../../shared/domain/directory.js';
import { ProceedingDraft } from '../../../shared/domain/legal.js';
import { addProceeding } from '../../../electron/services/legal.js';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { OperationDraft, OperationPatchFields } from '../../../shared/domain/operation.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { countChanges, listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { insertOverride, listOverridesForOperation } from '../../../electron/db/repos/conflicts.repo.js';
import {
  acknowledgeAlert, applySlip, deconflictStored, getSchedulingSettings, openConflictsByTask, scanAll, scanOperation, scanPage,
  setSchedulingSettings, whatIfSlip,
} from '../../../electron/services/conflicts.js';
import { createPerson } from '../../../electron/services/directory.js';
import { createExchange } from '../../../electron/services/exchange.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { createOperation, listOperations, updateOperation } from '../../../electron/services/operations.js';
import { bulkShiftTasks, createTask, listTasksForOperation, removeTask, updateTask } from '../../../electron/services/tasks.js';
import { openServiceContext } from '../../../electron/services/context.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let opA: string;
let opB: string;
let person: string;

const op = (codeName: string, over: Record<string, unknown> = {}) => createOperation(t.ctx, OperationDraft.parse({
  codeName, type: 'joint_patrol', leadAgencyId: 'NPU', formality: 'informal',
  startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-06T00:00:00Z', ...over,
})).id;
const task = (operationId: string, over: Record<string, unknown> = {}) => TaskCreate.parse({
  operationId, title: 'Патрулювання', type: 'patrol', accountableAgencyId: 'NPU',
  personIds: [person], startsAt: '2026-12-05T08:00:00Z', endsAt: '2026-12-05T10:00:00Z', ...over,
});
function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

beforeEach(() => {
  t = openTempContext({ now: () => new Date('2026-12-01T00:00:00Z') });
  opA = op('АЛЬФА');
  opB = op('БЕТА');
  person = createPerson(t.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Бондар Сергій' })).id;
});
afterEach(() => t.cleanup());

describe('save guard', () => {
  it('refuses a save that creates a blocking double booking across operations and writes nothing', () => {
    createTask(t.ctx, task(opA));
    const before = countChanges(t.ctx.db);
    const e = errorOf(() => createTask(t.ctx, task(opB, { startsAt: '2026-12-05T09:00:00Z', endsAt: '2026-12-05T11:00:00Z' })));
    expect(e.code).toBe('blocking_conflict');
    const listed = e.details!.conflicts as { rule: string; operationIds: string[] }[];
    expect(listed.map((c) => c.rule)).toEqual(['double_booking']);
    expect(listed[0]!.operationIds).toEqual([opA, opB].sort());
    expect(listTasksForOperation(t.ctx, opB)).toHaveLength(0);
    expect(countChanges(t.ctx.db)).toBe(before);
  });

  it('answers blocking_conflict through the API transport too', async () => {
    createTask(t.ctx, task(opA));
    const res = await dispatch(t.ctx, 'tasks', 'create', task(opB));
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('blocking_conflict');
  });

  it('records an override with its reason, who and when, as a row and an operation note', () => {
    setOperator(t.ctx, 'Коваленко О. П.');
    createTask(t.ctx, task(opA));
    const seq = countChanges(t.ctx.db);
    const created = createTask(t.ctx, task(opB, { override: { reason: 'Погоджено з начальником зміни' } }));
    const rows = listOverridesForOperation(t.ctx.db, opA).concat(listOverridesForOperation(t.ctx.db, opB));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rule: 'double_booking', reason: 'Погоджено з начальником зміни', action: 'tasks.create', agency_id: 'DMS' });
    expect(JSON.parse(rows[0]!.task_ids)).toContain(created.id);
    const notes = listChangesAfter(t.ctx.db, seq, 1000).filter((c) => c.entity === 'operation_note' && c.field === 'body');
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(notes[0]!.value)).toContain('Погоджено з начальником зміни');
    const conflict = scanOperation(t.ctx, opB).conflicts.find((c) => c.rule === 'double_booking')!;
    expect(conflict.override?.reason).toBe('Погоджено з начальником зміни');
    // Named as a coordinator would ask for them: the operator and their agency, not a site id.
    expect(rows[0]!.operator).toBe('Коваленко О. П.');
    expect(conflict.override?.by).toMatch(/^Коваленко О\. П\. · ДМС/);
    expect(conflict.override?.by).not.toContain('site');
  });

  it('refuses a blank override reason at the contract', () => {
    expect(TaskCreate.safeParse({ ...task(opA), override: { reason: '   ' } }).success).toBe(false);
  });

  it('lets unrelated edits through while an old conflict stands, and counts open conflicts per operation', () => {
    const a = createTask(t.ctx, task(opA));
    createTask(t.ctx, task(opB, { override: { reason: 'Свідомо' } }));
    expect(updateTask(t.ctx, { id: a.id, patch: { title: 'Патрулювання кордону' } }).title).toBe('Патрулювання кордону');
    createTask(t.ctx, task(opA, { personIds: [], accountableAgencyId: null, title: 'Без органу' }));
    const summaries = listOperations(t.ctx, { search: '', types: [], statuses: [], agencyId: null, handlingCodes: [], from: null, to: null, sort: 'startsAt', direction: 'asc', limit: 100 });
    // The overridden double booking is accepted; the task without an agency is an open warning.
    expect(summaries.find((s) => s.id === opA)!.openConflictCount).toBe(1);
    expect(summaries.find((s) => s.id === opB)!.openConflictCount).toBe(0);
  });

  it('guards bulk shifts and updates that break a dependency', () => {
    const first = createTask(t.ctx, task(opA, { personIds: [] }));
    const second = createTask(t.ctx, task(opA, {
      personIds: [], startsAt: '2026-12-05T10:00:00Z', endsAt: '2026-12-05T11:00:00Z',
      dependencies: [{ predecessorId: first.id, lagMinutes: 0 }],
    }));
    expect(errorOf(() => bulkShiftTasks(t.ctx, { taskIds: [first.id], minutes: 30 })).code).toBe('blocking_conflict');
    expect(bulkShiftTasks(t.ctx, { taskIds: [first.id, second.id], minutes: 30 })).toHaveLength(2);
    expect(errorOf(() => updateTask(t.ctx, { id: second.id, patch: { endsAt: '2026-12-06T01:00:00Z' } })).details!.conflicts)
      .toMatchObject([{ rule: 'outside_operation_window' }]);
  });
});

describe('scans, what-if and settings', () => {
  it('the demo loads through the guard and scans clean of blocking conflicts', () => {
    const { operationId } = loadDemo(t.ctx);
    const report = scanOperation(t.ctx, operationId);
    expect(report.blocking).toBe(0);
    expect(scanAll(t.ctx).blocking).toBe(0);
  });

  it('computes a slip without saving and names the conflicts it would create', () => {
    const a = createTask(t.ctx, task(opA));
    createTask(t.ctx, task(opA, { startsAt: '2026-12-05T12:00:00Z', endsAt: '2026-12-05T13:00:00Z', dependencies: [{ predecessorId: a.id, lagMinutes: 0 }] }));
    createTask(t.ctx, task(opB, { startsAt: '2026-12-05T10:30:00Z', endsAt: '2026-12-05T11:30:00Z' }));
    const before = countChanges(t.ctx.db);
    const slip = whatIfSlip(t.ctx, { taskId: a.id, minutes: 180 });
    expect(slip.moved.map((m) => m.deltaMinutes)).toEqual([180, 60]);
    expect(slip.introduced.map((c) => c.rule)).toContain('double_booking');
    expect(countChanges(t.ctx.db)).toBe(before);
  });

  it('stores duty limits in meta and applies them to the next scan', () => {
    createTask(t.ctx, task(opA, { startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-05T10:00:00Z' }));
    expect(scanAll(t.ctx).conflicts.map((c) => c.rule)).not.toContain('duty_overrun');
    setSchedulingSettings(t.ctx, { maxDutyHours: 8 });
    expect(getSchedulingSettings(t.ctx)).toEqual({ maxDutyHours: 8, minRestHours: 8, radiusMeters: 1000 });
    expect(t.reopen() && scanAll(t.ctx).conflicts.map((c) => c.rule)).toContain('duty_overrun');
  });
});

describe('deconfliction', () => {
  it('raises an alert for a shared plate, records its acknowledgement, and keeps it when it clears', () => {
    updateOperation(t.ctx, opA, OperationPatchFields.parse({
      subjects: [{ kind: 'vehicle', plate: 'АС 4412 ВК' }],
      comms: [{ channel: 'Радіо', callsign: 'Сокіл', phone: '+380 50 200 30 40', agencyId: 'NPU' }],
    }));
    updateOperation(t.ctx, opB, OperationPatchFields.parse({ subjects: [{ kind: 'vehicle', plate: 'AC4412BK' }] }));
    const [alert] = deconflictStored(t.ctx, opA);
    expect(alert).toMatchObject({ kind: 'subject', matchKey: 'plate:AC4412BK', acknowledgedAt: null });
    expect([alert!.a.codeName, alert!.b.codeName].sort()).toEqual(['АЛЬФА', 'БЕТА']);
    expect([...alert!.a.contacts, ...alert!.b.contacts]).toContain('Сокіл · +380 50 200 30 40 · Радіо');

    const seq = countChanges(t.ctx.db);
    const acked = acknowledgeAlert(t.ctx, { key: alert!.key, by: 'Коваленко О.', note: 'Узгоджено з ГУНП' });
    expect(acked.acknowledgedBy).toContain('Коваленко О.');
    expect(acked.acknowledgedAt).toBe('2026-12-01T00:00:00.000Z');
    const notes = listChangesAfter(t.ctx.db, seq, 100).filter((c) => c.entity === 'operation_note' && c.field === 'body');
    expect(notes).toHaveLength(2);

    updateOperation(t.ctx, opB, { subjects: [] });
    const after = deconflictStored(t.ctx, null);
    expect(after).toHaveLength(1);
    expect(after[0]!.clearedAt).not.toBeNull();
    expect(after[0]!.ackNote).toBe('Узгоджено з ГУНП');
  });

  it('reading unchanged alerts again writes nothing (open windows reload on every write)', () => {
    updateOperation(t.ctx, opA, OperationPatchFields.parse({ subjects: [{ kind: 'vehicle', plate: 'АС 4412 ВК' }] }));
    updateOperation(t.ctx, opB, OperationPatchFields.parse({ subjects: [{ kind: 'vehicle', plate: 'AC4412BK' }] }));
    const totalChanges = () => (t.ctx.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    expect(deconflictStored(t.ctx, null)).toHaveLength(1);
    const before = totalChanges();
    expect(deconflictStored(t.ctx, opA)).toHaveLength(1);
    expect(deconflictStored(t.ctx, null)).toHaveLength(1);
    expect(totalChanges()).toBe(before);
    // A change of the match is still written.
    updateOperation(t.ctx, opB, { subjects: [] });
    const cleared = totalChanges();
    expect(deconflictStored(t.ctx, null)[0]!.clearedAt).not.toBeNull();
    expect(totalChanges()).toBeGreaterThan(cleared);
  });

  it('a consignment\'s container matches another operation\'s container subject (issue 17)', () => {
    addConsignment(t.ctx, ConsignmentDraft.parse({ operationId: opA, commodity: 'Сигарети', containerNumber: 'CSQU 305438 3' }));
    updateOperation(t.ctx, opB, OperationPatchFields.parse({ subjects: [{ kind: 'container', number: 'CSQU3054383' }] }));
    const [alert] = deconflictStored(t.ctx, opA);
    expect(alert).toMatchObject({ kind: 'subject', matchKey: 'container:CSQU3054383', label: 'Сигарети · CSQU3054383' });
  });

  it('does not alert on operations far apart with different subjects', () => {
    updateOperation(t.ctx, opA, { locations: [{ label: 'Ягодин', point: { lat: 51.1826, lon: 23.8089 } }] });
    updateOperation(t.ctx, opB, { locations: [{ label: 'Луцьк', point: { lat: 50.7472, lon: 25.3254 } }] });
    expect(deconflictStored(t.ctx, null)).toEqual([]);
    updateOperation(t.ctx, opB, { locations: [{ label: 'Ягодин, ПП', point: { lat: 51.1801, lon: 23.8142 } }] });
    expect(deconflictStored(t.ctx, null).map((a) => a.kind)).toEqual(['proximity']);
  });
});

describe('applying a slip', () => {
  it('moves the task and its knock-on successors in one save, guarded like any other', () => {
    const a = createTask(t.ctx, task(opA));
    const b = createTask(t.ctx, task(opA, { startsAt: '2026-12-05T12:00:00Z', endsAt: '2026-12-05T13:00:00Z', dependencies: [{ predecessorId: a.id, lagMinutes: 0 }] }));
    createTask(t.ctx, task(opB, { startsAt: '2026-12-05T10:30:00Z', endsAt: '2026-12-05T11:30:00Z' }));
    expect(errorOf(() => applySlip(t.ctx, { taskId: a.id, minutes: 180 })).code).toBe('blocking_conflict');
    expect(listTasksForOperation(t.ctx, opA).map((x) => x.startsAt)).toEqual(['2026-12-05T08:00:00.000Z', '2026-12-05T12:00:00.000Z']);
    const moved = applySlip(t.ctx, { taskId: a.id, minutes: 180, override: { reason: 'Колона затримується на кордоні' } });
    expect(moved.map((x) => [x.id, x.startsAt]).sort()).toEqual([
      [a.id, '2026-12-05T11:00:00.000Z'], [b.id, '2026-12-05T13:00:00.000Z'],
    ].sort());
  });
});

describe('the plan-wide list a page at a time, and badge counts', () => {
  /** Twelve tasks booking one person at once (66 double bookings, saved with an override), two without an agency. */
  function crowdedPlan() {
    for (let i = 0; i < 12; i++) createTask(t.ctx, task(i % 2 ? opA : opB, { title: `Завдання ${i}`, override: { reason: 'Навчання' } }));
    createTask(t.ctx, task(opA, { personIds: [], accountableAgencyId: null, title: 'Без органу 1' }));
    createTask(t.ctx, task(opB, { personIds: [], accountableAgencyId: null, title: 'Без органу 2' }));
  }
  const page = (q: Partial<Parameters<typeof scanPage>[1]> = {}) =>
    scanPage(t.ctx, { severity: null, rule: null, offset: 0, limit: 200, ...q });

  it('pages through exactly the records of the full list, in the same order, with whole-plan counts', () => {
    crowdedPlan();
    const all = scanAll(t.ctx);
    expect(all.conflicts.length).toBe(68);
    const pages = [page({ limit: 25 }), page({ offset: 25, limit: 25 }), page({ offset: 50, limit: 25 })];
    expect(pages.map((p) => p.conflicts.length)).toEqual([25, 25, 18]);
    expect(pages.flatMap((p) => p.conflicts)).toEqual(all.conflicts);
    for (const p of pages) expect([p.total, p.blocking, p.warning]).toEqual([68, all.blocking, all.warning]);
    expect(pages[0]!.conflicts[0]!.override?.reason).toBe('Навчання');
  });

  it('filters by severity and rule, counting what matches', () => {
    crowdedPlan();
    const warnings = page({ severity: 'warning' });
    expect(warnings.total).toBe(2);
    expect(warnings.conflicts.map((c) => c.rule)).toEqual(['no_accountable_agency', 'no_accountable_agency']);
    expect(page({ rule: 'double_booking', limit: 10 })).toMatchObject({ total: 66, offset: 0 });
    expect(page({ rule: 'double_booking', severity: 'warning' }).total).toBe(0);
    expect(page({ offset: 500 }).conflicts).toEqual([]);
  });

  it('counts open conflicts per task as the records say, leaving overridden ones out', () => {
    crowdedPlan();
    const expected = new Map<string, { blocking: number; warning: number }>();
    for (const c of scanAll(t.ctx).conflicts) {
      if (c.override) continue;
      for (const id of c.taskIds) {
        const n = expected.get(id) ?? { blocking: 0, warning: 0 };
        n[c.severity] += 1;
        expected.set(id, n);
      }
    }
    const counts = openConflictsByTask(t.ctx).counts;
    expect(new Map(Object.entries(counts))).toEqual(expected);
    // Every double booking was saved with an override: only the two agency-less tasks count.
    expect(Object.values(counts)).toEqual([{ blocking: 0, warning: 1 }, { blocking: 0, warning: 1 }]);
  });

  it('answers both through the API contract, refusing a bad page', async () => {
    crowdedPlan();
    const r = await dispatch(t.ctx, 'conflicts', 'scan', { limit: 5 });
    expect(r.ok && (r.value as { conflicts: unknown[]; total: number }).conflicts.length).toBe(5);
    const bad = await dispatch(t.ctx, 'conflicts', 'scan', { limit: 0 });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
    const counts = await dispatch(t.ctx, 'conflicts', 'taskCounts', {});
    expect(counts.ok).toBe(true);
  });
});

describe('scan cache', () => {
  it('follows writes and the clock: an Article 558 notification turns overdue without any write', () => {
    let now = new Date('2026-12-01T00:00:00Z');
    const c = openTempContext({ now: () => now });
    try {
      const opId = createOperation(c.ctx, OperationDraft.parse({
        codeName: 'ОМЕГА', type: 'controlled_delivery', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'], formality: 'informal',
        startsAt: '2026-12-05T00:00:00Z', endsAt: '2026-12-06T00:00:00Z',
      })).id;
      // Customs found it and a proceeding is registered: an offence outside customs' competence.
      addProceeding(c.ctx, ProceedingDraft.parse({
        operationId: opId, erdrNumber: '12026030000000417', registeredOn: '2026-11-30', qualification: 'ч. 1 ст. 305 КК України', investigatingAgencyId: 'NPU',
      }));
      expect(scanOperation(c.ctx, opId).conflicts.map((x) => x.rule)).toContain('art558_missing');
      createExchange(c.ctx, ExchangeDraft.parse({
        kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', operationId: opId, formality: 'informal',
        subject: 'Про контрольовану поставку', sentAt: '2026-12-01T00:00:00Z', dueAt: '2026-12-02T00:00:00Z',
      }));
      const rules = () => scanOperation(c.ctx, opId).conflicts.map((x) => x.rule);
      expect(rules()).not.toContain('art558_missing');
      expect(rules()).not.toContain('art558_overdue');
      const kept = c.ctx.caches.conflictScan!.index;
      now = new Date('2026-12-02T00:01:00Z');
      expect(rules()).toContain('art558_overdue');
      // The clock moved, nothing was written: the rules ran again over the same index.
      expect(c.ctx.caches.conflictScan!.index).toBe(kept);
    } finally {
      c.cleanup();
    }
  });
});

describe('scan cache following task edits', () => {
  it('after task saves, moves and removals answers exactly what a fresh scan of the same file answers', () => {
    const second = createPerson(t.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: 'Шевчук Ірина' })).id;
    const a1 = createTask(t.ctx, task(opA, { personIds: [person, second] }));
    const a2 = createTask(t.ctx, task(opA, { personIds: [second], startsAt: '2026-12-05T11:00:00Z', endsAt: '2026-12-05T23:00:00Z' }));
    const b1 = createTask(t.ctx, task(opB, { personIds: [], startsAt: '2026-12-05T12:00:00Z', endsAt: '2026-12-05T13:00:00Z' }));
    const fresh = () => {
      // Another connection to the same file: its own cache, built from the database.
      const other = openServiceContext({ dataDir: t.dataDir, mode: 'cli', now: () => new Date('2026-12-01T00:00:00Z') });
      try {
        return scanAll(other).conflicts.map((c) => JSON.stringify(c)).sort();
      } finally {
        other.db.close();
      }
    };
    const kept = () => scanAll(t.ctx).conflicts.map((c) => JSON.stringify(c)).sort();
    expect(kept()).toEqual(fresh());
    const override = { reason: 'Погоджено з керівником' };
    updateTask(t.ctx, { id: a2.id, patch: { personIds: [person, second], startsAt: '2026-12-05T09:00:00Z' }, override });
    expect(kept()).toEqual(fresh());
    expect(kept().some((c) => c.includes('double_booking'))).toBe(true);
    // Saves that write task rows only: the kept index follows them in place.
    updateTask(t.ctx, { id: a2.id, patch: { title: 'Нічна зміна' } });
    expect(kept()).toEqual(fresh());
    expect(kept().some((c) => c.includes('double_booking') && c.includes('Нічна зміна'))).toBe(true);
    updateTask(t.ctx, { id: b1.id, patch: { startsAt: '2026-12-05T14:00:00Z', endsAt: '2026-12-05T15:00:00Z' } });
    expect(kept()).toEqual(fresh());
    // Not a task: the kept index is rebuilt, and the messages name the operation anew.
    updateOperation(t.ctx, opA, OperationPatchFields.parse({ codeName: 'ГАММА' }));
    expect(kept()).toEqual(fresh());
    expect(kept().some((c) => c.includes('ГАММА'))).toBe(true);
    removeTask(t.ctx, a1.id);
    expect(kept()).toEqual(fresh());
    expect(kept().some((c) => c.includes('double_booking'))).toBe(false);
  });
});

describe('migration 0004', () => {
  it('refuses an override row without a reason even if a caller skipped the contract', () => {
    expect(() => insertOverride(t.ctx.db, {
      id: 'x', conflict_key: 'k', rule: 'double_booking', operation_id: null, task_ids: '[]', action: 'test',
      reason: '   ', site_id: 's', agency_id: 'DMS', unit_name: '', operator: '', created_at: '2026-12-01T00:00:00.000Z',
    })).toThrow(/CHECK constraint/);
  });
});
