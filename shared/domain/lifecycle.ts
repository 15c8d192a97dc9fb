/**
 * Operation lifecycle: draft → planned → approved → briefed → active → completed, aborted from
 * any state before completed. Going backwards is never a plain edit: it is a reopen that carries
 * a reason, so that the record shows why an approved plan changed (DOMAIN.md "Lifecycle").
 */
import type { OperationStatus, TaskStatus } from './enums.js';

const FORWARD_ORDER: readonly OperationStatus[] = [
  'draft', 'planned', 'approved', 'briefed', 'active', 'completed',
];

export type TransitionKind = 'forward' | 'abort' | 'reopen' | 'none';

export function transitionKind(from: OperationStatus, to: OperationStatus): TransitionKind | null {
  if (from === to) return 'none';
  if (from === 'completed') return null;
  if (to === 'aborted') return 'abort';
  if (from === 'aborted') return to === 'draft' || to === 'planned' ? 'reopen' : null;
  const a = FORWARD_ORDER.indexOf(from);
  const b = FORWARD_ORDER.indexOf(to);
  if (b === a + 1) return 'forward';
  if (b < a) return 'reopen';
  return null;
}

/** Statuses a user may pick next from `from` (the UI offers these; the service enforces them). */
export function allowedNextStatuses(from: OperationStatus): OperationStatus[] {
  return (['draft', 'planned', 'approved', 'briefed', 'active', 'completed', 'aborted'] as const)
    .filter((to) => {
      const k = transitionKind(from, to);
      return k !== null && k !== 'none';
    });
}

export function statusRank(s: OperationStatus): number {
  return s === 'aborted' ? FORWARD_ORDER.length : FORWARD_ORDER.indexOf(s);
}

/** The one step forward from `from` (what a status dialog offers first), if there is one. */
export function nextForwardStatus(from: OperationStatus): OperationStatus | null {
  return allowedNextStatuses(from).find((to) => transitionKind(from, to) === 'forward') ?? null;
}

const SETTLED_TASK: ReadonlySet<TaskStatus> = new Set(['done', 'cancelled']);

/**
 * The tasks a move to `to` would leave unfinished: completing an operation whose tasks are not
 * done or cancelled closes work nobody reported, so the planner is asked first.
 */
export function tasksLeftOpenBy<T extends { status: TaskStatus }>(to: OperationStatus, tasks: readonly T[]): T[] {
  return to === 'completed' ? tasks.filter((task) => !SETTLED_TASK.has(task.status)) : [];
}

/**
 * The tasks a new operation window would leave outside it. A window shrunk past its tasks
 * would make each of them a blocking conflict the planner did not see coming: the operation
 * form lists them while the times are typed, and the save refuses until they are moved.
 */
export function tasksOutsideWindow<T extends { startsAt: string; endsAt: string }>(tasks: readonly T[], startsAt: string, endsAt: string): T[] {
  const s = Date.parse(startsAt);
  const e = Date.parse(endsAt);
  if (Number.isNaN(s) || Number.isNaN(e)) return [];
  return tasks.filter((task) => Date.parse(task.startsAt) < s || Date.parse(task.endsAt) > e);
}
