/**
 * Open conflicts per task from the latest scan, for badges: calendar events, task cards and lists
 * ask "does this task have conflicts?" without each running its own scan, and without fetching
 * every conflict record of the plan (thousands in a large one). The rules stay in
 * shared/scheduling and the services; this store only holds what main last said.
 */
import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import type { TaskConflictCounts } from '../../../../shared/api/conflicts.js';
import { api } from '../../api/client.js';

interface ConflictsState {
  counts: TaskConflictCounts | null;
  error: unknown;
  loading: boolean;
  refresh(): Promise<void>;
}

export const useConflictsStore = create<ConflictsState>((set, get) => ({
  counts: null,
  error: null,
  loading: false,
  refresh: async () => {
    if (get().loading) return;
    set({ loading: true });
    try {
      set({ counts: await api.conflicts.taskCounts({}), error: null, loading: false });
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
  const counts = useConflictsStore((s) => s.counts);
  const refresh = useConflictsStore((s) => s.refresh);
  useEffect(() => {
    if (freshness !== undefined || !useConflictsStore.getState().counts) void refresh();
  }, [refresh, freshness]);
  return useMemo(() => new Map(Object.entries(counts?.counts ?? {})), [counts]);
}
