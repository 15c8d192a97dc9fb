/**
 * Plan against actual (the after-action timeline): for each task, its planned window beside the
 * actual start and finish recorded in the field, how far each slipped, and what never happened.
 *
 * - A task with no actual start is `not_started` while its planned start is ahead (or the
 *   operation still runs and the start has not come), and `never_started` once the operation is
 *   over (completed or aborted) or `now` is past its planned end — unless it was cancelled.
 * - A start without a finish is `running` (or `unfinished` once the operation is over).
 * - Slips are whole minutes, positive when late: the start slip is actual − planned start, the
 *   finish slip actual − planned end. A cancelled task is `cancelled` whatever was recorded.
 * - `late` counts tasks whose start slipped more than the tolerance (default 15 minutes).
 *
 * Pure: the report, the statistics and the operation page compute the same numbers.
 */

export interface PlannedTask {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: 'todo' | 'in_progress' | 'done' | 'blocked' | 'cancelled';
  readonly accountableAgencyId: string | null;
}

export interface ActualTimes {
  readonly id: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export type ExecutionState = 'not_started' | 'never_started' | 'running' | 'unfinished' | 'finished' | 'cancelled';

export interface TaskExecution {
  readonly taskId: string;
  readonly title: string;
  readonly accountableAgencyId: string | null;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly actualStart: string | null;
  readonly actualEnd: string | null;
  readonly startSlipMinutes: number | null;
  readonly finishSlipMinutes: number | null;
  readonly state: ExecutionState;
}

export interface PlanVsActual {
  readonly tasks: TaskExecution[];
  readonly counts: Record<ExecutionState, number>;
  /** Tasks started later than the tolerance. */
  readonly late: number;
  /** Mean start slip over tasks that started (minutes), null when none did. */
  readonly meanStartSlipMinutes: number | null;
  readonly maxStartSlipMinutes: number | null;
}

const minutes = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 60000);

export function planVsActual(
  tasks: readonly PlannedTask[],
  actuals: readonly ActualTimes[],
  opts: { now: Date; operationOver: boolean; toleranceMinutes?: number },
): PlanVsActual {
  const tolerance = opts.toleranceMinutes ?? 15;
  const byId = new Map(actuals.map((a) => [a.id, a]));
  const now = opts.now.getTime();
  const rows: TaskExecution[] = [...tasks]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id))
    .map((t) => {
      const a = byId.get(t.id);
      const actualStart = a?.startedAt ?? null;
      const actualEnd = a?.finishedAt ?? null;
      let state: ExecutionState;
      if (t.status === 'cancelled') state = 'cancelled';
      else if (actualEnd !== null) state = 'finished';
      else if (actualStart !== null) state = opts.operationOver ? 'unfinished' : 'running';
      else if (opts.operationOver || Date.parse(t.endsAt) < now) state = 'never_started';
      else state = 'not_started';
      return {
        taskId: t.id, title: t.title, accountableAgencyId: t.accountableAgencyId,
        plannedStart: t.startsAt, plannedEnd: t.endsAt, actualStart, actualEnd,
        startSlipMinutes: actualStart !== null ? minutes(actualStart, t.startsAt) : null,
        finishSlipMinutes: actualEnd !== null ? minutes(actualEnd, t.endsAt) : null,
        state,
      };
    });
  const counts: Record<ExecutionState, number> = { not_started: 0, never_started: 0, running: 0, unfinished: 0, finished: 0, cancelled: 0 };
  for (const r of rows) counts[r.state]++;
  const slips = rows.filter((r) => r.state !== 'cancelled' && r.startSlipMinutes !== null).map((r) => r.startSlipMinutes!);
  return {
    tasks: rows,
    counts,
    late: slips.filter((s) => s > tolerance).length,
    meanStartSlipMinutes: slips.length ? Math.round(slips.reduce((s, x) => s + x, 0) / slips.length) : null,
    maxStartSlipMinutes: slips.length ? Math.max(...slips) : null,
  };
}
