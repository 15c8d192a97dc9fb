/**
 * What the calendar shows, as main last said: operations and tasks of the loaded range, plus
 * the last reschedule so it can be undone. Moves go through `api.tasks.update`; the cache
 * changes only with the service's answer, so a rejected move leaves it untouched.
 */
import { create } from 'zustand';
import type { OperationSummary } from '../../../../shared/api/operations.js';
import type { Person, Unit } from '../../../../shared/domain/directory.js';
import type { Task } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';

export interface Reschedule {
  taskId: string;
  title: string;
  before: { startsAt: string; endsAt: string };
  after: { startsAt: string; endsAt: string };
}

interface CalendarState {
  range: { from: string; to: string } | null;
  operations: OperationSummary[];
  tasks: Task[];
  units: Unit[];
  people: Person[];
  loading: boolean;
  error: unknown;
  lastChange: Reschedule | null;
  loadRange(from: string, to: string): Promise<void>;
  reload(): Promise<void>;
  loadDirectory(): Promise<void>;
  /** Throws the API's error (ApiCallError) when the service rejects the move. */
  moveTask(taskId: string, startsAt: string, endsAt: string): Promise<Task>;
  /** Re-applies the times before the last change; throws like `moveTask`. */
  undo(): Promise<Task | null>;
}

let loadSeq = 0;

function replaceTask(tasks: Task[], next: Task): Task[] {
  return tasks.map((t) => (t.id === next.id ? next : t));
}

export const useCalendarStore = create<CalendarState>((set, get) => ({
  range: null,
  operations: [],
  tasks: [],
  units: [],
  people: [],
  loading: false,
  error: null,
  lastChange: null,

  loadRange: async (from, to) => {
    const mine = ++loadSeq;
    set({ range: { from, to }, loading: true, error: null });
    try {
      const [operations, tasks] = await Promise.all([
        api.operations.list({ from, to, limit: 10000 }),
        api.tasks.listInRange({ from, to }),
      ]);
      if (mine === loadSeq) set({ operations, tasks, loading: false });
    } catch (error) {
      if (mine === loadSeq) set({ error, loading: false });
    }
  },

  reload: async () => {
    const r = get().range;
    if (r) await get().loadRange(r.from, r.to);
  },

  loadDirectory: async () => {
    const [units, people] = await Promise.all([
      api.directory.listUnits({ agencyId: null }),
      api.directory.listPeople({ agencyId: null }),
    ]);
    set({ units, people });
  },

  moveTask: async (taskId, startsAt, endsAt) => {
    const current = get().tasks.find((t) => t.id === taskId);
    const next = await api.tasks.update({ id: taskId, patch: { startsAt, endsAt } });
    set((s) => ({
      tasks: replaceTask(s.tasks, next),
      lastChange: current
        ? {
          taskId, title: next.title,
          before: { startsAt: current.startsAt, endsAt: current.endsAt },
          after: { startsAt: next.startsAt, endsAt: next.endsAt },
        }
        : s.lastChange,
    }));
    return next;
  },

  undo: async () => {
    const change = get().lastChange;
    if (!change) return null;
    const restored = await api.tasks.update({ id: change.taskId, patch: change.before });
    set((s) => ({ tasks: replaceTask(s.tasks, restored), lastChange: null }));
    return restored;
  },
}));
