/** The scheduling scan's read of every task says what the full read says of the scan's fields. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAllTasks, listScheduleTasks } from '../../../../electron/db/repos/tasks.repo.js';
import { loadDemo } from '../../../../electron/services/demo.js';
import { duplicateOperation, getOperationPlan, removeOperation } from '../../../../electron/services/operations.js';
import { updateTask } from '../../../../electron/services/tasks.js';
import type { ScheduleTask } from '../../../../shared/scheduling/model.js';
import type { Task } from '../../../../shared/domain/task.js';
import { openTempContext, type TempContext } from '../../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const scheduleFields = (x: Task): ScheduleTask => ({
  id: x.id, operationId: x.operationId, phaseId: x.phaseId, title: x.title, type: x.type, status: x.status,
  accountableAgencyId: x.accountableAgencyId, unitId: x.unitId, personIds: x.personIds, resourceIds: x.resourceIds,
  startsAt: x.startsAt, endsAt: x.endsAt, dependencies: x.dependencies,
});

describe('listScheduleTasks', () => {
  it('reads the live operations\' tasks in listAllTasks\' order, with their live people and resources', () => {
    const { operationId } = loadDemo(t.ctx);
    const gone = duplicateOperation(t.ctx, { id: operationId, codeName: 'ВИДАЛЕНА', shiftMinutes: 7 * 24 * 60 });
    const tasks = getOperationPlan(t.ctx, operationId).tasks;
    const staffed = tasks.find((x) => x.personIds.length > 1)!;
    const equipped = tasks.find((x) => x.resourceIds.length > 0)!;
    // Links taken off are kept as deleted rows: they must not be read back.
    updateTask(t.ctx, { id: staffed.id, patch: { personIds: staffed.personIds.slice(1) } });
    updateTask(t.ctx, { id: equipped.id, patch: { resourceIds: [] } });
    removeOperation(t.ctx, gone.id);
    const read = listScheduleTasks(t.ctx.db);
    expect(read).toEqual(listAllTasks(t.ctx.db).map(scheduleFields));
    expect(read.length).toBe(tasks.length);
    expect(read.find((x) => x.id === staffed.id)!.personIds).toEqual([...staffed.personIds.slice(1)].sort());
    expect(read.find((x) => x.id === equipped.id)!.resourceIds).toEqual([]);
    expect(read.some((x) => x.dependencies.length > 0)).toBe(true);
  });
});
