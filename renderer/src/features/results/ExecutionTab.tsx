/**
 * «Хід виконання» / "Execution": while the operation is active, the actual start and finish of
 * each task (who recorded it and when) and the unit log after ICS 214; plan against actual
 * (shared/results/plan-actual.ts) at any time. The log is append-only: entries are added, never
 * edited. A completed operation shows the record read-only.
 */
import { useState } from 'react';
import { formatWallDateTime } from '../../../../shared/i18n/wall-input.js';
import { api } from '../../api/client.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Field } from '../../ui/Field.js';
import { isoToWallOrEmpty } from '../../ui/zoned-time.js';
import { agencyName } from '../directory/agencies.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';

export function ExecutionTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const { t, td, lang } = useT();
  const ex = useApiState('execution', 'get', { operationId });
  const [unit, setUnit] = useState('');
  const [entry, setEntry] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const op = plan.operation;
  const active = op.status === 'active';
  const when = (iso: string | null) => (iso ? formatWallDateTime(isoToWallOrEmpty(iso, op.timeZone), lang) : '—');
  const refresh = () => void Promise.all([ex.reload(), reload()]);
  const run = (p: Promise<unknown>) => void p.then(() => { setFailure(null); refresh(); }, (e: unknown) => setFailure(describeError(e, t)));
  const data = ex.state.data;
  if (!data) return <p>{t('common.loading')}</p>;
  const actual = new Map(data.actuals.map((a) => [a.id, a]));
  const pva = data.planVsActual;
  const slip = (m: number | null) => (m === null ? '—' : m > 0 ? `+${m}` : String(m));
  return (
    <div className="execution-tab" data-testid="execution-tab">
      {active ? null : <p className="muted">{t('exec.notActive')}</p>}
      {failure ? <p className="form-failure" role="alert">{failure}</p> : null}
      <p data-testid="exec-summary">
        {t('exec.summary', { finished: pva.counts.finished ?? 0, running: pva.counts.running ?? 0, never: pva.counts.never_started ?? 0 })}
        {' · '}{t('exec.late', { count: pva.late })}
      </p>
      <table className="data" data-testid="plan-vs-actual">
        <thead><tr>
          <th>{t('res.description')}</th><th>{t('res.agency')}</th><th>{t('exec.planned')}</th><th>{t('exec.actual')}</th><th>{t('exec.slip')}</th><th>{t('exec.statusFromField')}</th><th />
        </tr></thead>
        <tbody>{pva.tasks.map((row) => {
          const a = actual.get(row.taskId);
          return (
            <tr key={row.taskId}>
              <td>{row.title}</td>
              <td>{row.accountableAgencyId ? agencyName(agencies.find((x) => x.id === row.accountableAgencyId), lang) : '—'}</td>
              <td>{when(row.plannedStart)} – {when(row.plannedEnd)}</td>
              <td title={a ? [a.startRecordedBy && t('exec.recordedBy', { who: a.startRecordedBy, when: when(a.startRecordedAt) }), a.finishRecordedBy && t('exec.recordedBy', { who: a.finishRecordedBy, when: when(a.finishRecordedAt) })].filter(Boolean).join('; ') : undefined}>
                {when(row.actualStart)} – {when(row.actualEnd)}
              </td>
              <td>{slip(row.startSlipMinutes)} / {slip(row.finishSlipMinutes)}</td>
              <td>{td(`exec.state.${row.state}`)}</td>
              <td>{active ? (row.actualStart === null
                ? <button type="button" onClick={() => run(api.execution.recordStart({ taskId: row.taskId }))}>{t('exec.recordStart')}</button>
                : row.actualEnd === null
                  ? <button type="button" onClick={() => run(api.execution.recordFinish({ taskId: row.taskId }))}>{t('exec.recordFinish')}</button>
                  : null) : null}</td>
            </tr>
          );
        })}</tbody>
      </table>

      <h3>{t('exec.log')}</h3>
      {data.log.length === 0 ? <p className="muted">{t('res.none')}</p> : (
        <table className="data" data-testid="activity-log">
          <thead><tr><th>{t('exec.logTime')}</th><th>{t('exec.logUnit')}</th><th>{t('exec.logEntry')}</th><th>{t('res.recordedBy')}</th></tr></thead>
          <tbody>{data.log.map((l) => (
            <tr key={l.id}><td>{when(l.at)}</td><td>{l.unit || agencyName(agencies.find((x) => x.id === l.agencyId), lang)}</td><td>{l.entry}</td><td>{l.author}, {when(l.recordedAt)}</td></tr>
          ))}</tbody>
        </table>
      )}
      {active ? (
        <form className="legal-form" aria-label={t('exec.logAdd')} onSubmit={(e) => {
          e.preventDefault();
          run(api.execution.addLogEntry({ operationId, unit, entry, taskId: null }).then(() => setEntry('')));
        }}>
          <div className="form-grid">
            <Field label={t('exec.logUnit')}><input name="unit" value={unit} onChange={(e) => setUnit(e.target.value)} /></Field>
            <Field label={t('exec.logEntry')} wide><input name="entry" value={entry} onChange={(e) => setEntry(e.target.value)} /></Field>
          </div>
          <div className="actions"><button type="submit" className="primary">{t('exec.logAdd')}</button></div>
        </form>
      ) : null}
    </div>
  );
}
