/**
 * The calendar: which range it shows and the last reschedule (so it can be undone) are UI state
 * here; what main holds (operations and tasks of the range, units, people) comes through the
 * query cache. Moves go through `api.tasks.update`; the cached range changes only with the
 * service's answer, so a rejected move leaves it untouched, and the change event after a move
 * (here or in another window) refetches it.
 */
import { useCallback } from 'react';
import { create } from 'zustand';
import type { Task } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';
import { apiQueryKey, putQueryData, queryClient, useApiQuery } from '../../api/queries.js';

export interface Reschedule {
  taskId: string;
  title: string;
  before: { startsAt: string; endsAt: string };
  after: { startsAt: string; endsAt: string };
}

interface CalendarState {
  range: { from: string; to: string } | null;
  lastChange: Reschedule | null;
  showRange(from: string, to: string): void;
}

export const useCalendarStore = create<CalendarState>((set) => ({
  range: null,
  lastChange: null,
  showRange: (from, to) => set({ range: { from, to } }),
}));

const NO_RANGE = { from: '1970-01-01T00:00:00.000Z', to: '1970-01-01T00:00:00.000Z' };

function rangeKey(range: { from: string; to: string }) {
  return apiQueryKey('tasks', 'listInRange', range);
}

/** The data of the range shown, and of the directory the filters list. */
export function useCalendarData() {
  const range = useCalendarStore((s) => s.range);
  const enabled = range !== null;
  const operations = useApiQuery('operations', 'list', { ...(range ?? NO_RANGE), limit: 10000 }, { enabled });
  const tasks = useApiQuery('tasks', 'listInRange', range ?? NO_RANGE, { enabled });
  const units = useApiQuery('directory', 'listUnits', { agencyId: null });
  const people = useApiQuery('directory', 'listPeople', { agencyId: null });
  const refetchOperations = operations.refetch;
  const refetchTasks = tasks.refetch;
  const reload = useCallback(async () => {
    await Promise.all([refetchOperations(), refetchTasks()]);
  }, [refetchOperations, refetchTasks]);
  return {
    range,
    operations: operations.data ?? [],
    tasks: tasks.data ?? [],
    units: units.data ?? [],
    people: people.data ?? [],
    // First load of a range only: a refetch after a change keeps the calendar as it is.
    loading: enabled && (operations.isLoading || tasks.isLoading),
    error: operations.error ?? tasks.error ?? null,
    reload,
  };
}

function cachedTask(taskId: string): Task | undefined {
  const range = useCalendarStore.getState().range;
  return range ? queryClient.getQueryData<Task[]>(rangeKey(range))?.find((t) => t.id === taskId) : undefined;
}

function putTask(next: Task): Promise<void> {
  const range = useCalendarStore.getState().range;
  return range ? putQueryData<Task[]>(rangeKey(range), (ts) => ts.map((t) => (t.id === next.id ? next : t))) : Promise.resolve();
}

/** The task as the calendar holds it (for the keyboard's moves). */
export function calendarTask(taskId: string): Task | undefined {
  return cachedTask(taskId);
}

/** Throws the API's error (ApiCallError) when the service rejects the move. */
export async function moveTask(taskId: string, startsAt: string, endsAt: string): Promise<Task> {
  const current = cachedTask(taskId);
  const next = await api.tasks.update({ id: taskId, patch: { startsAt, endsAt } });
  await putTask(next);
  if (current) {
    useCalendarStore.setState({
      lastChange: {
        taskId, title: next.title,
        before: { startsAt: current.startsAt, endsAt: current.endsAt },
        after: { startsAt: next.startsAt, endsAt: next.endsAt },
      },
    });
  }
  return next;
}

/** Re-applies the times before the last change; throws like `moveTask`. */
export async function undoLastMove(): Promise<Task | null> {
  const change = useCalendarStore.getState().lastChange;
  if (!change) return null;
  const restored = await api.tasks.update({ id: change.taskId, patch: change.before });
  await putTask(restored);
  useCalendarStore.setState({ lastChange: null });
  return restored;
}
