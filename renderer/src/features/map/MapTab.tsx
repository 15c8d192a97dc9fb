/** The operation's map tab: its places, route and radii; a task opens in its dialog. */
import { useState } from 'react';
import type { Task } from '../../../../shared/domain/task.js';
import { operationAgencyIds } from '../../../../shared/domain/operation.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { TaskFormDialog } from '../operations/TaskFormDialog.js';
import { MapView } from './MapView.js';

export function MapTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const [editing, setEditing] = useState<Task | null>(null);
  return (
    <>
      <MapView
        operationId={operationId}
        codeName={plan.operation.codeName}
        agencies={agencies}
        participants={operationAgencyIds(plan.operation)}
        onOpenTask={(_op, taskId) => setEditing(plan.tasks.find((x) => x.id === taskId) ?? null)}
      />
      {editing ? <TaskFormDialog plan={plan} task={editing} onClose={() => setEditing(null)} onSaved={reload} /> : null}
    </>
  );
}
