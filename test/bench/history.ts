/**
 * A plan with a long history, for the latency benches: `operations` operations of `tasksEach`
 * tasks written through the change writer (the rows and their change records, as saves would
 * leave them), then field edits on those tasks until the change record holds `changes` rows.
 * The save guard is skipped while building (it is what the bench measures, not what it builds
 * with), so 200k changes take seconds, not the hour 20k guarded saves would.
 */
import { randomUUID } from 'node:crypto';
import { OperationDraft, type OperationDraftInput } from '../../shared/domain/operation.js';
import { TaskDraft } from '../../shared/domain/task.js';
import { countChanges } from '../../electron/db/repos/change-log.repo.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { createOperation } from '../../electron/services/operations.js';
import { createTaskInTransaction } from '../../electron/services/tasks.js';

const HOUR = 3_600_000;

export function addHistory(ctx: ServiceContext, opts: { operations: number; tasksEach: number; changes: number }): number {
  const start = Date.UTC(2025, 0, 6, 6, 0, 0);
  const at = (h: number) => new Date(start + h * HOUR).toISOString();
  const tasks: { id: string; operationId: string }[] = [];
  transact(ctx, () => {
    for (let o = 0; o < opts.operations; o++) {
      const draft: OperationDraftInput = {
        codeName: `АРХІВ-${o}`, type: 'joint_search', leadAgencyId: 'DMS', participatingAgencyIds: ['NPU'],
        legalBasis: 'ст. 558 МКУ', startsAt: at(o * 48), endsAt: at(o * 48 + 24),
      };
      const op = createOperation(ctx, OperationDraft.parse(draft));
      for (let i = 0; i < opts.tasksEach; i++) {
        const id = randomUUID();
        createTaskInTransaction(ctx, id, TaskDraft.parse({
          operationId: op.id, title: `Архівне завдання ${o}-${i}`, type: 'briefing', accountableAgencyId: 'DMS',
          startsAt: at(o * 48 + (i % 20)), endsAt: at(o * 48 + (i % 20) + 1), notes: 'Виконано.',
        }));
        tasks.push({ id, operationId: op.id });
      }
    }
  });
  let n = countChanges(ctx.db);
  let edit = 0;
  while (n < opts.changes) {
    transact(ctx, () => {
      for (let k = 0; k < 10_000 && n < opts.changes; k++, edit++) {
        const t = tasks[edit % tasks.length]!;
        ctx.writer.update('task', t.id, { title: `Архівне завдання, редакція ${edit}` }, t.operationId);
        n++;
      }
    });
    n = countChanges(ctx.db);
  }
  return n;
}
