/** The scheduling scan's read of every operation says what the full read says of the scan's fields. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listLiveOperationIds, listScheduleOperations } from '../../../../electron/db/repos/conflicts.repo.js';
import { getOperation } from '../../../../electron/db/repos/operations.repo.js';
import { loadDemo } from '../../../../electron/services/demo.js';
import { duplicateOperation, removeOperation, updateOperation } from '../../../../electron/services/operations.js';
import type { ScheduleOperation } from '../../../../shared/scheduling/model.js';
import type { Operation } from '../../../../shared/domain/operation.js';
import { openTempContext, type TempContext } from '../../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const scheduleFields = (o: Operation): ScheduleOperation => ({
  id: o.id, codeName: o.codeName, type: o.type, status: o.status, leadAgencyId: o.leadAgencyId,
  participatingAgencyIds: o.participatingAgencyIds, startsAt: o.startsAt, endsAt: o.endsAt,
});

describe('listScheduleOperations', () => {
  it('reads the live operations by id, each with its live agencies in order', () => {
    const { operationId } = loadDemo(t.ctx);
    const kept = duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 7 * 24 * 60 });
    const gone = duplicateOperation(t.ctx, { id: operationId, codeName: 'ВИДАЛЕНА', shiftMinutes: 14 * 24 * 60 });
    const before = getOperation(t.ctx.db, kept.id)!.participatingAgencyIds;
    expect(before.length).toBeGreaterThan(1);
    // An agency taken off is kept as a deleted row: it must not be read back.
    updateOperation(t.ctx, kept.id, { participatingAgencyIds: before.slice(1) });
    removeOperation(t.ctx, gone.id);
    const read = listScheduleOperations(t.ctx.db);
    expect(read).toEqual(listLiveOperationIds(t.ctx.db).map((id) => scheduleFields(getOperation(t.ctx.db, id)!)));
    expect(read.map((o) => o.id)).not.toContain(gone.id);
    expect(read.find((o) => o.id === kept.id)!.participatingAgencyIds).toEqual([...before.slice(1)].sort());
    expect(read.find((o) => o.id === operationId)!.participatingAgencyIds.length).toBeGreaterThan(1);
  });
});
