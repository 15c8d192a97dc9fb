/**
 * Critical path of the operation with slack per task, and "what moves if this task slips by N
 * hours" computed by the service without saving. Applying it saves every move in one guarded
 * save: if that creates a blocking conflict, the override dialog asks for a reason.
 */
import { useState } from 'react';
import type { SlipView } from '../../../../shared/api/conflicts.js';
import type { Task } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';
import { ConflictList } from './ConflictList.js';
import { useOverrideDialog } from './OverrideDialog.js';

export function CriticalPathPanel({ operationId, zone, tasks, onChanged }: {
  operationId: string; zone: string; tasks: readonly Task[]; onChanged(): Promise<void>;
}) {
  const tr = useT();
  const { t } = tr;
  const zf = tr.zoned(zone);
  const cp = useApiState('conflicts', 'criticalPath', { operationId });
  const [taskId, setTaskId] = useState('');
  const [hours, setHours] = useState('1');
  const [slip, setSlip] = useState<SlipView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const { run, dialog } = useOverrideDialog();
  const title = new Map(tasks.map((x) => [x.id, x.title]));
  const minutes = Math.round(Number(hours) * 60);
  const chosen = taskId || tasks[0]?.id || '';

  const preview = () => {
    setFailure(null);
    api.conflicts.whatIfSlip({ taskId: chosen, minutes }).then(setSlip, setFailure);
  };
  const apply = async () => {
    if (!slip) return;
    setFailure(null);
    try {
      const done = await run((override) => api.conflicts.applySlip({ taskId: chosen, minutes, ...(override ? { override } : {}) }));
      if (done) {
        setSlip(null);
        await onChanged();
      }
    } catch (e) {
      setFailure(e);
    }
  };

  if (cp.state.status === 'error') return <ErrorState error={cp.state.error} onRetry={cp.reload} />;
  if (!cp.state.data) return <Loading />;
  const data = cp.state.data;
  return (
    <section className="panel" data-testid="critical-path">
      <h3>{t('cp.title')}</h3>
      <p className="muted small">{t('gantt.allTimes', { zone: zf.label() })}</p>
      <table className="cp-table">
        <thead><tr><th>{t('conflicts.tasks')}</th><th>{t('cp.earliest')}</th><th>{t('cp.latest')}</th><th>{t('cp.slack')}</th></tr></thead>
        <tbody>
          {data.tasks.map((x) => (
            <tr key={x.taskId} className={x.critical ? 'critical' : ''}>
              <td>{title.get(x.taskId) ?? x.taskId}</td><td>{zf.dayTime(x.earliestStart)}</td><td>{zf.dayTime(x.latestStart)}</td><td className="num">{tr.duration(x.slackMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cp-slip">
        <span>{t('cp.slip')}</span>
        <select value={chosen} onChange={(e) => { setTaskId(e.target.value); setSlip(null); }} aria-label={t('conflicts.tasks')} data-testid="slip-task">
          {tasks.map((x) => <option key={x.id} value={x.id}>{x.title}</option>)}
        </select>
        <input type="number" step="0.5" value={hours} onChange={(e) => { setHours(e.target.value); setSlip(null); }} aria-label={t('cp.hours')} data-testid="slip-hours" />
        <span>{t('cp.hours')}</span>
        <button type="button" onClick={preview} disabled={!chosen || !Number.isFinite(minutes) || minutes === 0} data-testid="slip-preview">{t('cp.preview')}</button>
      </div>
      {slip ? (
        <div data-testid="slip-result">
          <p>{t('cp.moved', { count: slip.moved.length })}{slip.exceedsOperationEnd ? ` — ${t('cp.exceeds')}` : ''}</p>
          <ul>{slip.moved.map((m) => <li key={m.taskId}>{title.get(m.taskId) ?? m.taskId}: +{tr.duration(m.deltaMinutes)} → {zf.dayTime(m.startsAt)}</li>)}</ul>
          {slip.introduced.length ? <ConflictList conflicts={slip.introduced} zones={new Map([[operationId, zone]])} /> : null}
          <button type="button" className="primary" onClick={() => void apply()} data-testid="slip-apply">{t('cp.apply')}</button>
        </div>
      ) : null}
      {failure ? <p className="form-failure">{describeError(failure, t)}</p> : null}
      {dialog}
    </section>
  );
}
