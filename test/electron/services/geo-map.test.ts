/**
 * geo.map: the map of all operations reads operations and task places lightly; it must draw what
 * the map of each operation draws, and the compact answer must still say everything the map
 * draws of what an operation puts on a map (shared/geo/operation-geo.ts); geo.place says what
 * each of those places is called.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MapOperation } from '../../../shared/api/geo.js';
import { operationGeo } from '../../../shared/geo/operation-geo.js';
import { Subject } from '../../../shared/domain/subject.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { mapData, mapPlace } from '../../../electron/services/geo.js';
import { duplicateOperation, getOperationPlan, removeOperation, updateOperation } from '../../../electron/services/operations.js';
import { updateTask } from '../../../electron/services/tasks.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

/** The operation's task places as records in task-id order (the two answers order tasks differently). */
const tasksOf = (o: MapOperation) => o.taskIds.map((taskId, i) => ({ taskId, lat: o.tasks[i * 2]!, lon: o.tasks[i * 2 + 1]!, agencyId: o.taskAgencyIds[i]! }));
const tasksInIdOrder = (o: MapOperation) => {
  const { tasks: _tasks, taskIds: _ids, taskAgencyIds: _agencies, ...rest } = o;
  return { ...rest, tasks: tasksOf(o).sort((a, b) => a.taskId.localeCompare(b.taskId)) };
};
/** Degree pairs of places, as the answer carries them. */
const pairs = (ps: readonly { lat: number; lon: number }[]) => ps.flatMap((p) => [p.lat, p.lon]);

describe('geo.map', () => {
  it('across operations gives each operation the places its own map gives', () => {
    const { operationId } = loadDemo(t.ctx);
    // A week later, so the copy's bookings do not overlap the demo's.
    const copy = duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 7 * 24 * 60 });
    const all = mapData(t.ctx, null);
    expect(all.operations.map((o) => o.id).sort()).toEqual([operationId, copy.id].sort());
    for (const id of [operationId, copy.id]) {
      const one = mapData(t.ctx, id).operations[0]!;
      expect(tasksInIdOrder(all.operations.find((o) => o.id === id)!)).toEqual(tasksInIdOrder(one));
    }
    expect(all.radiusMeters).toBe(1000);
  });

  it('across operations leaves out a removed operation and the tasks without coordinates', () => {
    const { operationId } = loadDemo(t.ctx);
    const copy = duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 7 * 24 * 60 });
    const located = getOperationPlan(t.ctx, operationId).tasks.filter((x) => x.place.point);
    expect(located.length).toBeGreaterThan(1);
    updateTask(t.ctx, { id: located[0]!.id, patch: { place: { label: 'Ще не відомо', point: null } } });
    removeOperation(t.ctx, copy.id);
    const all = mapData(t.ctx, null);
    expect(all.operations.map((o) => o.id)).toEqual([operationId]);
    expect([...all.operations[0]!.taskIds].sort()).toEqual(located.slice(1).map((x) => x.id).sort());
    expect(tasksInIdOrder(all.operations[0]!)).toEqual(tasksInIdOrder(mapData(t.ctx, operationId).operations[0]!));
  });

  it('says once what the operation or the kind already says, and nothing as null', () => {
    const { operationId } = loadDemo(t.ctx);
    const before = getOperationPlan(t.ctx, operationId).operation;
    updateOperation(t.ctx, operationId, {
      locations: [
        { label: 'ПП «Ягодин»', point: { lat: 51.1826, lon: 23.8089 } },
        { label: 'Без координат', point: null },
        { label: 'Склад у м. Ковель', point: { lat: 51.2152, lon: 24.7147 } },
      ],
      subjects: [...before.subjects, Subject.parse({ kind: 'vehicle', plate: 'AC 4417 KT', lastSeen: { point: { lat: 51.2, lon: 23.9 } } })],
    });
    const plan = getOperationPlan(t.ctx, operationId);
    const geo = operationGeo(plan.operation, plan.tasks);
    const op = mapData(t.ctx, operationId).operations[0]!;
    expect(JSON.stringify(op)).not.toContain('null');
    const of = (kind: string) => geo.places.filter((p) => p.kind === kind);
    // The located locations in order: the route's waypoints, which the answer does not repeat.
    expect(op.locations).toEqual(pairs(of('location')));
    expect(op.locations).toEqual(pairs(geo.route!.waypoints));
    expect(op.addresses).toEqual(pairs(of('subject')));
    expect(op.lastSeen).toEqual(pairs(of('lastSeen')));
    // Each task place with its task and the agency whose colour it takes, at the same position.
    const tasks = of('task');
    expect(tasks.length).toBeGreaterThan(0);
    expect(op.tasks).toEqual(pairs(tasks));
    expect(op.taskIds).toEqual(tasks.map((p) => p.taskId));
    expect(op.taskAgencyIds).toEqual(tasks.map((p) => p.agencyId));
    expect(op.taskAgencyIds.some((a) => a === op.leadAgencyId) && op.taskAgencyIds.some((a) => a !== op.leadAgencyId)).toBe(true);
    // The contract holds it whole: a task for every place, and pairs.
    expect(MapOperation.safeParse(op).success).toBe(true);
    expect(MapOperation.safeParse({ ...op, taskIds: op.taskIds.slice(1) }).success).toBe(false);
    expect(MapOperation.safeParse({ ...op, locations: op.locations.slice(1) }).success).toBe(false);
    // No words: the answer is ASCII (the page decodes it several times faster than Cyrillic).
    expect(JSON.stringify(mapData(t.ctx, null))).toMatch(/^[\x20-\x7e]*$/);
  });

  it('names a place on demand as the map answer finds it: a task by its task, the rest by position', () => {
    const { operationId } = loadDemo(t.ctx);
    const plan = getOperationPlan(t.ctx, operationId);
    const geo = operationGeo(plan.operation, plan.tasks);
    const op = mapData(t.ctx, null).operations.find((o) => o.id === operationId)!;
    const words = { codeName: plan.operation.codeName, timeZone: plan.operation.timeZone };
    const of = (kind: string) => geo.places.filter((p) => p.kind === kind);
    for (let at = 0; at < op.locations.length / 2; at++) expect(mapPlace(t.ctx, { operationId, kind: 'location', at })).toEqual({ label: of('location')[at]!.label, ...words });
    for (let at = 0; at < op.addresses.length / 2; at++) expect(mapPlace(t.ctx, { operationId, kind: 'subject', at })).toEqual({ label: of('subject')[at]!.label, ...words });
    for (const taskId of op.taskIds) {
      expect(mapPlace(t.ctx, { operationId, kind: 'task', at: taskId })).toEqual({ label: of('task').find((x) => x.taskId === taskId)!.label, ...words });
    }
    // The task's own words, as the planners wrote them (title — place).
    const task = plan.tasks.find((x) => x.id === op.taskIds[0]!)!;
    expect(mapPlace(t.ctx, { operationId, kind: 'task', at: task.id })!.label).toBe(task.place.label ? `${task.title} — ${task.place.label}` : task.title);
    // Gone: past the end, a task without coordinates, an unknown or removed operation.
    expect(mapPlace(t.ctx, { operationId, kind: 'location', at: op.locations.length / 2 })).toBeNull();
    expect(mapPlace(t.ctx, { operationId, kind: 'task', at: 0 })).toBeNull();
    updateTask(t.ctx, { id: task.id, patch: { place: { label: 'Ще не відомо', point: null } } });
    expect(mapPlace(t.ctx, { operationId, kind: 'task', at: task.id })).toBeNull();
    removeOperation(t.ctx, operationId);
    expect(mapPlace(t.ctx, { operationId, kind: 'location', at: 0 })).toBeNull();
  });
});
