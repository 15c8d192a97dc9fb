import type { OperationTabProps } from './operation-tabs.js';

export function TaskBoardTab(_props: OperationTabProps) {
  return <div />;
}
