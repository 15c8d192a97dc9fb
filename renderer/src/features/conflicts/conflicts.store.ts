/**
 * The latest conflict scan of everything, cached for badges: calendar events, task cards and
 * lists ask "does this task have conflicts?" without each running its own scan. The rules stay in
 * shared/scheduling and the services; this store only holds what main last said.
 */
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { ConflictReport } from '../../../../shared/api/conflicts.js';
import { api } from '../../api/client.js';

interface ConflictsState {
  report: ConflictReport | null;
  error: unknown;
  loading: boolean;
  refresh(): Promise<void>;
}

export const useConflictsStore = create<ConflictsState>((set, get) => ({
  report: null,
  error: null,
  loading: false,
  refresh: async () => {
    if (get().loading) return;
    set({ loading: true });
    try {
      set({ report: await api.conflicts.scan({}), error: null, loading: false });
    } catch (error) {
      set({ error, loading: false });
    }
  },
}));

export interface TaskConflictCount {
  blocking: number;
  warning: number;
}

/**
 * Open (not overridden) conflicts per task id, from the latest scan. Scans when first used and
 * again whenever `freshness` changes (pass the data the view shows, e.g. the loaded plan).
 */
export function useConflictingTaskIds(freshness?: unknown): ReadonlyMap<string, TaskConflictCount> {
  const report = useConflictsStore((s) => s.report);
  const refresh = useConflictsStore((s) => s.refresh);
  useEffect(() => {
    if (freshness !== undefined || !useConflictsStore.getState().report) void refresh();
  }, [refresh, freshness]);
  return useMemo(() => conflictCountsByTask(report), [report]);
}

export function conflictCountsByTask(report: ConflictReport | null): Map<string, TaskConflictCount> {
  const out = new Map<string, TaskConflictCount>();
  for (const c of report?.conflicts ?? []) {
    if (c.override) continue;
    for (const id of c.taskIds) {
      const n = out.get(id) ?? { blocking: 0, warning: 0 };
      n[c.severity] += 1;
      out.set(id, n);
    }
  }
  return out;
}
