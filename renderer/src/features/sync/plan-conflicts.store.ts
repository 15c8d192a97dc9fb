/**
 * Open sync conflicts as main last reported them, per operation (or all, for the calendar), so
 * the operation page, its tabs, task cards and forms can mark a field without each asking.
 * Merge rules stay in shared/sync and the services; this only caches and indexes the answer.
 */
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { PlanConflictView } from '../../../../shared/api/sync.js';
import type { SyncedEntity } from '../../../../shared/sync/change.js';
import { api } from '../../api/client.js';

const ALL = '*';

interface PlanConflictsState {
  byScope: Record<string, PlanConflictView[]>;
  load(operationId: string | null): Promise<void>;
  /** The planner's pick (an ordinary change that syncs), then a fresh list. */
  pick(c: PlanConflictView, candidate: number): Promise<void>;
}

/** Per scope, the newest load started: an older answer arriving later never wins. */
const loadSeq = new Map<string, number>();

export const usePlanConflictsStore = create<PlanConflictsState>((set, get) => ({
  byScope: {},
  load: async (operationId) => {
    const scope = operationId ?? ALL;
    const mine = (loadSeq.get(scope) ?? 0) + 1;
    loadSeq.set(scope, mine);
    const list = await api.sync.planConflicts(operationId ? { operationId } : {});
    if (mine === loadSeq.get(scope)) set((s) => ({ byScope: { ...s.byScope, [scope]: list } }));
  },
  pick: async (c, candidate) => {
    await api.sync.resolveConflict({ entity: c.entity, rowId: c.rowId, field: c.field, candidate });
    await Promise.all(Object.keys(get().byScope).map((scope) => get().load(scope === ALL ? null : scope)));
  },
}));

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

/**
 * Open sync conflicts of an operation (null: of every operation). Loads when first used and
 * again whenever `freshness` changes (pass the data the view shows, e.g. the loaded plan);
 * without it, reads what an enclosing view loaded.
 */
export function usePlanConflicts(operationId: string | null, freshness?: unknown): ConflictIndex {
  const scope = operationId ?? ALL;
  const list = usePlanConflictsStore((s) => s.byScope[scope]) ?? NONE;
  const load = usePlanConflictsStore((s) => s.load);
  useEffect(() => {
    if (freshness !== undefined || usePlanConflictsStore.getState().byScope[scope] === undefined) {
      // A failed look-up leaves the plan unmarked; the inbox on the Sync page stays the record.
      load(operationId).catch(() => undefined);
    }
  }, [load, operationId, scope, freshness]);
  return useMemo(() => indexOf(list), [list]);
}
