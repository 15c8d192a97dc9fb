/** Everything planners filled in, read-only and compact; edits go through the operation form. */
import { useState, type ReactNode } from 'react';
import { PhaseDraft, type Phase } from '../../../../shared/domain/operation.js';
import { exchangeState } from '../../../../shared/domain/exchange.js';
import { personLatinName, type Subject } from '../../../../shared/domain/subject.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { AgencyBadge } from '../../ui/AgencyBadge.js';
import { describeError, ErrorState } from '../../ui/AsyncView.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { errorsFromApi, validateWith, type FieldErrors } from '../../ui/form-errors.js';
import { useApiState } from '../../api/queries.js';
import { agencyName } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import { SyncConflictMark } from '../sync/SyncConflictMark.js';
import type { OperationTabProps } from './operation-tabs.js';
import { isoToWall, wallToIso } from '../../ui/zoned-time.js';
import { WallDateTimeInput } from '../../ui/WallTimeInput.js';

function subjectLabel(s: Subject): string {
  switch (s.kind) {
    case 'person': {
      const latin = personLatinName(s);
      return [s.fullName, latin !== s.fullName ? latin : '', s.dateOfBirth, s.citizenship, s.passport].filter(Boolean).join(', ');
    }
    case 'vehicle': return [s.plate, s.vin, s.description].filter(Boolean).join(' · ');
    case 'container': return s.number;
    case 'company': return [s.name, s.edrpou].filter(Boolean).join(' · ');
    case 'address': return s.address;
  }
}

export function OperationOverviewTab({ plan, agencies, reload, operationId }: OperationTabProps) {
  const { t, td, fmt, lang } = useT();
  const op = plan.operation;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const [phaseDialog, setPhaseDialog] = useState<Phase | 'new' | null>(null);
  const [removing, setRemoving] = useState<Phase | null>(null);
  const exchange = useApiState('exchange', 'list', { operationId });
  const sync = usePlanConflicts(operationId);
  const mark = (field: string) => <SyncConflictMark conflict={sync.field('operation', op.id, field)} allowPick onPicked={reload} />;
  const dash = (v: string) => (v.trim() ? v : t('ov.empty'));
  const now = new Date();
  return (
    <div className="overview">
      <section className="panel">
        <h3>{t('ov.basics')}</h3>
        <dl>
          <dt>{t('op.type')}</dt><dd>{td(`opType.${op.type}`)}</dd>
          <dt>{t('op.handlingCode')}</dt><dd>{td(`handling.${op.handlingCode}`)}{op.handlingNote ? ` — ${op.handlingNote}` : ''}</dd>
          <dt>{t('op.form')}</dt><dd>{td(`form.${op.form}`)}</dd>
          <dt>{t('op.formality')}</dt><dd>{td(`formality.${op.formality}`)}</dd>
          <dt>{t('op.legalBasis')}</dt><dd>{dash(op.legalBasis)}</dd>
        </dl>
      </section>
      <section className="panel">
        <h3>{t('ov.agencies')}</h3>
        <dl>
          <dt>{t('opp.lead')}</dt><dd><AgencyBadge agency={byId.get(op.leadAgencyId)} lead full /> {mark('leadAgencyId')}</dd>
          <dt>{t('op.participating')}</dt>
          <dd className="agencies" style={{ flexWrap: 'wrap' }}>
            {op.participatingAgencyIds.length === 0 ? t('ov.empty') : op.participatingAgencyIds.map((a) => <AgencyBadge key={a} agency={byId.get(a)} full />)}
          </dd>
        </dl>
      </section>
      <section className="panel">
        <h3>{t('ov.timePlace')}</h3>
        <dl>
          <dt>{t('op.startsAt')}</dt><dd>{fmt(op.startsAt)} <span className="muted small">({t('opp.localTime', { zone: op.timeZone })}: {isoToWall(op.startsAt, op.timeZone).replace('T', ' ')})</span> {mark('startsAt')}</dd>
          <dt>{t('op.endsAt')}</dt><dd>{fmt(op.endsAt)} <span className="muted small">({isoToWall(op.endsAt, op.timeZone).replace('T', ' ')})</span> {mark('endsAt')}</dd>
          <dt>{t('op.area')}</dt><dd>{dash(op.area)}</dd>
          <dt>{t('op.commandPost')}</dt><dd>{dash(op.commandPost)}</dd>
          <dt>{t('op.locations')}</dt>
          <dd>{op.locations.length === 0 ? t('ov.empty') : op.locations.map((l) => (
            <div key={l.id ?? l.label}>{l.label}{l.point ? <span className="muted small"> ({l.point.lat}, {l.point.lon})</span> : null}</div>
          ))}{mark('locations')}</dd>
        </dl>
      </section>
      <section className="panel">
        <h3>{t('ov.phases')}</h3>
        {plan.phases.length === 0 ? <p className="muted">{t('ov.noPhases')}</p> : (
          <table className="plain">
            <tbody>
              {[...plan.phases].sort((a, b) => a.ordinal - b.ordinal).map((p) => (
                <tr key={p.id}>
                  <td>{p.ordinal + 1}. {p.name}</td>
                  <td className="small">{fmt(p.startsAt, 'd MMM HH:mm')} – {fmt(p.endsAt, 'd MMM HH:mm')}</td>
                  <td className="num small">{plan.tasks.filter((x) => x.phaseId === p.id).length}</td>
                  <td className="row-actions">
                    <button className="small" onClick={() => setPhaseDialog(p)}>{t('common.edit')}</button>
                    <button className="small link" onClick={() => setRemoving(p)} aria-label={`${t('common.delete')} ${p.name}`}>×</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button className="link" onClick={() => setPhaseDialog('new')}>+ {t('ov.addPhase')}</button>
      </section>
      <section className="panel" style={{ gridColumn: '1 / -1' }}>
        <h3>{t('ov.plan')}</h3>
        {(['objectives', 'situation', 'execution', 'sustainment'] as const).map((k) => (
          <div key={k}>
            <div className="group-label">{t(`op.${k}`)}</div>
            <p className="prose">{dash(op[k])}</p>
          </div>
        ))}
      </section>
      <section className="panel">
        <h3>{t('ov.risks')}</h3>
        {op.risks.length === 0 ? <p className="muted">{t('ov.empty')}</p> : (
          <table className="plain">
            <thead><tr><th>{t('risk.threat')}</th><th>{t('risk.likelihood')}</th><th>{t('risk.impact')}</th><th>{t('risk.mitigation')}</th></tr></thead>
            <tbody>{op.risks.map((r) => (
              <tr key={r.id ?? r.threat}><td>{r.threat}</td><td>{td(`risk.${r.likelihood}`)}</td><td>{td(`risk.${r.impact}`)}</td><td>{r.mitigation}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h3>{t('ov.comms')}</h3>
        {op.comms.length === 0 ? <p className="muted">{t('ov.empty')}</p> : (
          <table className="plain">
            <thead><tr><th>{t('comms.channel')}</th><th>{t('comms.frequency')}</th><th>{t('comms.callsign')}</th><th>{t('comms.agency')}</th></tr></thead>
            <tbody>{op.comms.map((c) => (
              <tr key={c.id ?? c.channel}><td>{c.channel}</td><td>{c.frequencyOrTalkGroup}</td><td>{c.callsign}</td><td>{c.agencyId ? agencyName(byId.get(c.agencyId), lang) : ''}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h3>{t('ov.subjects')}</h3>
        {op.subjects.length === 0 ? <p className="muted">{t('ov.empty')}</p> : (
          <table className="plain">
            <tbody>{op.subjects.map((s, i) => (
              <tr key={s.id ?? i}><td>{td(`subject.${s.kind}`)}</td><td>{subjectLabel(s)}</td><td className="muted">{s.notes}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h3>{t('ov.exchange')}</h3>
        {exchange.state.status === 'error' ? <ErrorState error={exchange.state.error} onRetry={() => void exchange.reload()} />
          : exchange.state.data === undefined ? <p className="muted">{t('common.loading')}</p>
          : exchange.state.data.length === 0 ? <p className="muted">{t('ov.empty')}</p> : (
          <table className="plain">
            <tbody>{exchange.state.data.map((e) => {
              const st = exchangeState(e, now);
              return (
                <tr key={e.id} className={st === 'overdue' ? 'overdue' : ''}>
                  <td><span className={`badge state-${st}`}>{td(`exchangeState.${st}`)}</span></td>
                  <td>{e.subject}</td>
                  <td className="small">{e.dueAt ? fmt(e.dueAt, 'd MMM HH:mm') : ''}</td>
                </tr>
              );
            })}</tbody>
          </table>
        )}
      </section>
      {phaseDialog ? (
        <PhaseDialog operationId={op.id} {...(phaseDialog === 'new' ? {} : { phase: phaseDialog })} defaultStart={op.startsAt} defaultEnd={op.endsAt}
          zone={op.timeZone} onClose={() => setPhaseDialog(null)} onSaved={reload} />
      ) : null}
      {removing ? (
        <ConfirmDialog title={t('common.confirmDeleteTitle')} body={t('ov.removePhaseBody', { name: removing.name })} confirmLabel={t('common.delete')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await api.operations.removePhase({ id: removing.id });
            setRemoving(null);
            await reload();
          }} />
      ) : null}
    </div>
  );
}

function PhaseDialog(props: { operationId: string; phase?: Phase; defaultStart: string; defaultEnd: string; zone: string; onClose(): void; onSaved(): Promise<void> }) {
  const { t } = useT();
  const [name, setName] = useState(props.phase?.name ?? '');
  const [start, setStart] = useState(isoToWall(props.phase?.startsAt ?? props.defaultStart, props.zone));
  const [end, setEnd] = useState(isoToWall(props.phase?.endsAt ?? props.defaultEnd, props.zone));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ReactNode>(null);
  const submit = async () => {
    const input = { operationId: props.operationId, name, startsAt: wallToIso(start, props.zone), endsAt: wallToIso(end, props.zone) };
    const check = validateWith(PhaseDraft, input);
    if (!check.ok) return setErrors(check.errors);
    try {
      if (props.phase) await api.operations.updatePhase({ id: props.phase.id, patch: { name, startsAt: input.startsAt, endsAt: input.endsAt } });
      else await api.operations.addPhase(input);
      await props.onSaved();
      props.onClose();
    } catch (e) {
      setErrors(errorsFromApi(e) ?? {});
      setFailure(describeError(e, t));
    }
  };
  return (
    <Dialog title={props.phase ? t('ov.editPhaseTitle') : t('ov.newPhaseTitle')} onClose={props.onClose} onSubmit={submit} testId="phase-dialog"
      footerExtra={failure ? <span className="form-failure" role="alert">{failure}</span> : null}>
      <div className="grid">
        <Field label={t('ov.phaseName')} error={errors.name}><input value={name} onChange={(e) => setName(e.target.value)} data-autofocus /></Field>
        <Field label={t('op.startsAt')} error={errors.startsAt}><WallDateTimeInput value={start} onChange={(v) => setStart(v)} /></Field>
        <Field label={t('op.endsAt')} error={errors.endsAt}><WallDateTimeInput value={end} onChange={(v) => setEnd(v)} /></Field>
      </div>
    </Dialog>
  );
}
