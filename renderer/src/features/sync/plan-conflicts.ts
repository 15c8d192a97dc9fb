/**
 * Open sync conflicts per operation (or all, for the calendar), so the operation page, its tabs,
 * task cards and forms can mark a field without each asking: one cached answer per scope
 * (`sync.planConflicts`), refetched when a change event says the plan moved (a pick, an import).
 * Merge rules stay in shared/sync and the services; this only indexes the answer.
 */
import { useMemo } from 'react';
import type { PlanConflictView } from '../../../../shared/api/sync.js';
import type { SyncedEntity } from '../../../../shared/sync/change.js';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';

export interface ConflictIndex {
  readonly all: readonly PlanConflictView[];
  field(entity: SyncedEntity, rowId: string, field: string): PlanConflictView | undefined;
  row(entity: SyncedEntity, rowId: string): readonly PlanConflictView[];
}

function indexOf(list: readonly PlanConflictView[]): ConflictIndex {
  const byField = new Map<string, PlanConflictView>();
  const byRow = new Map<string, PlanConflictView[]>();
  for (const c of list) {
    byField.set(`${c.entity}\u0000${c.rowId}\u0000${c.field}`, c);
    const key = `${c.entity}\u0000${c.rowId}`;
    byRow.set(key, [...(byRow.get(key) ?? []), c]);
  }
  return {
    all: list,
    field: (entity, rowId, field) => byField.get(`${entity}\u0000${rowId}\u0000${field}`),
    row: (entity, rowId) => byRow.get(`${entity}\u0000${rowId}`) ?? [],
  };
}

const NONE: PlanConflictView[] = [];

/** Open sync conflicts of an operation (null: of every operation). A failed look-up leaves the
 *  plan unmarked; the inbox on the Sync page stays the record. */
export function usePlanConflicts(operationId: string | null): ConflictIndex {
  const list = useApiQuery('sync', 'planConflicts', operationId ? { operationId } : {}).data ?? NONE;
  return useMemo(() => indexOf(list), [list]);
}

/** The planner's pick: an ordinary change that syncs; the change event refreshes every mark. */
export async function pickCandidate(c: PlanConflictView, candidate: number): Promise<void> {
  await api.sync.resolveConflict({ entity: c.entity, rowId: c.rowId, field: c.field, candidate });
}
