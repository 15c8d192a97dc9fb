import { navigate } from '../../app/router.js';

/**
 * Opens a task where it is edited: the operation page on its tasks tab, the task named in the
 * query (`#/operations/ID?tab=tasks&task=TASK`), which the operation page reads.
 */
export function taskPath(operationId: string, taskId: string): string {
  return `/operations/${encodeURIComponent(operationId)}?tab=tasks&task=${encodeURIComponent(taskId)}`;
}

export function openTask(operationId: string, taskId: string): void {
  navigate(taskPath(operationId, taskId));
}
