/**
 * Open conflicts per task from the latest scan, for badges: calendar events, task cards and lists
 * ask "does this task have conflicts?" without each running its own scan, and without fetching
 * every conflict record of the plan (thousands in a large one). One cached answer
 * (`conflicts.taskCounts`), refetched when a change event says the plan moved; the rules stay
 * in shared/scheduling and the services.
 */
import { useMemo } from 'react';
import { useApiQuery } from '../../api/queries.js';

export interface TaskConflictCount {
  blocking: number;
  warning: number;
}

/** Open (not overridden) conflicts per task id. */
export function useConflictingTaskIds(): ReadonlyMap<string, TaskConflictCount> {
  const counts = useApiQuery('conflicts', 'taskCounts', {}).data;
  return useMemo(() => new Map(Object.entries(counts?.counts ?? {})), [counts]);
}
