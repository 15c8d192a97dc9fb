import type { OperationTabProps } from './operation-tabs.js';

export function OperationOverviewTab(_props: OperationTabProps) {
  return <div />;
}
