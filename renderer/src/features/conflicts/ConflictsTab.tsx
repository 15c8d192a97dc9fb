/** The operation's conflicts tab: its conflicts (bookings shared with any operation included), deconfliction alerts and critical path. */
import { useT } from '../../app/i18n.store.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { ConflictList } from './ConflictList.js';
import { CriticalPathPanel } from './CriticalPathPanel.js';
import { DeconflictionPanel } from './DeconflictionList.js';

export function ConflictsTab({ operationId, plan, reload }: OperationTabProps) {
  const { t } = useT();
  const report = useApiState('conflicts', 'forOperation', { operationId });
  const alerts = useApiState('conflicts', 'deconflict', { operationId });
  const ops = useApiState('operations', 'list', {});
  const names = new Map((ops.state.data ?? []).map((o) => [o.id, o.codeName]));
  const zones = new Map((ops.state.data ?? []).map((o) => [o.id, o.timeZone]));
  const changed = async () => {
    await reload();
    await Promise.all([report.reload(), alerts.reload()]);
  };
  return (
    <div className="conflicts-grid" data-testid="conflicts-tab">
      <section className="panel">
        <h3>{t('conflicts.title')}</h3>
        {report.state.status === 'error' ? <ErrorState error={report.state.error} onRetry={report.reload} /> : null}
        {report.state.data ? (
          <>
            <p className="muted" data-testid="conflicts-count">{t('conflicts.count', { blocking: report.state.data.blocking, warning: report.state.data.warning })}</p>
            <ConflictList conflicts={report.state.data.conflicts} operationNames={names} zones={zones} />
          </>
        ) : report.state.status === 'loading' ? <Loading /> : null}
      </section>
      <div>
        <DeconflictionPanel alerts={alerts.state} reload={() => void alerts.reload()} />
        <CriticalPathPanel operationId={operationId} zone={plan.operation.timeZone} tasks={plan.tasks} onChanged={changed} />
      </div>
    </div>
  );
}
