/**
 * «Провадження» / "Legal basis": the operation's criminal proceedings, procedural roles,
 * decisions register, approval and agreement marks, and international cooperation. What the law
 * needs first is the core's rule (electron/services/legal.ts, shared/scheduling); this view shows
 * the records, lets planners add and remove them, and says plainly where classified details go.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { DECISION_KINDS, DECISION_KIND_INFO, INTERNATIONAL_KINDS, PROCEDURAL_ROLES, COVERT_TASK_TYPES } from '../../../../shared/legal/reference.js';
import { api } from '../../api/client.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Field } from '../../ui/Field.js';
import { errorsFromApi, type FieldErrors } from '../../ui/form-errors.js';
import { isoToWallOrEmpty, wallToIsoOrNull } from '../../ui/zoned-time.js';
import { agencyName } from '../directory/agencies.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';

type Values = Record<string, string>;

/** A small add form: fields by name, submitted through `save`; errors land next to their field. */
function AddForm(props: {
  title: string; testId: string; initial: Values;
  fields(v: Values, set: (k: string, value: string) => void, errors: FieldErrors): ReactNode;
  save(v: Values): Promise<unknown>;
  onSaved(): void;
}) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [v, setV] = useState<Values>(props.initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  if (!open) return <button type="button" onClick={() => setOpen(true)} data-testid={`${props.testId}-open`}>{props.title}</button>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await props.save(v);
      setOpen(false);
      setV(props.initial);
      setErrors({});
      setFailure(null);
      props.onSaved();
    } catch (err) {
      setErrors(errorsFromApi(err) ?? {});
      setFailure(describeError(err, t));
    }
  };
  return (
    <form className="legal-form" onSubmit={(e) => void submit(e)} data-testid={props.testId} aria-label={props.title}>
      <div className="form-grid">{props.fields(v, (k, value) => setV((old) => ({ ...old, [k]: value })), errors)}</div>
      {failure ? <p className="form-failure" role="alert">{failure}</p> : null}
      <div className="actions">
        <button type="submit" className="primary">{t('legal.save')}</button>
        <button type="button" onClick={() => setOpen(false)}>{t('legal.cancel')}</button>
      </div>
    </form>
  );
}

export function LegalTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const { t, td, lang } = useT();
  const { state, reload: reloadLegal } = useApiState('legal', 'get', { operationId });
  const op = plan.operation;
  const zone = op.timeZone;
  const name = (id: string | null) => (id ? agencyName(agencies.find((a) => a.id === id), lang) : t('legal.none'));
  const refresh = () => void Promise.all([reloadLegal(), reload()]);
  const covert = plan.tasks.some((x) => COVERT_TASK_TYPES.has(x.type));
  const spine = state.data;
  const taking = [op.leadAgencyId, ...op.participatingAgencyIds];
  const agencyOptions = taking.map((a) => <option key={a} value={a}>{name(a)}</option>);
  const when = (iso: string | null) => (iso ? isoToWallOrEmpty(iso, zone).replace('T', ' ') : t('legal.none'));
  const remove = (fn: () => Promise<unknown>) => async () => {
    await fn();
    refresh();
  };
  if (!spine) return <p>{t('common.loading')}</p>;
  const agreed = new Set(spine.agreements.map((a) => a.agencyId));
  const missing = op.participatingAgencyIds.filter((a) => {
    const kind = agencies.find((x) => x.id === a)?.kind;
    return kind !== 'international' && kind !== 'foreign' && !agreed.has(a);
  });
  const text = (k: string, label: string, v: Values, set: (k: string, value: string) => void, errors: FieldErrors, wide = false) => (
    <Field label={label} error={errors[k]} wide={wide}><input name={k} value={v[k] ?? ''} onChange={(e) => set(k, e.target.value)} /></Field>
  );
  const instant = (k: string, label: string, v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (
    <Field label={label} error={errors[k]}><input type="datetime-local" name={k} value={v[k] ?? ''} onChange={(e) => set(k, e.target.value)} /></Field>
  );

  return (
    <div className="legal-tab" data-testid="legal-tab">
      <h3>{t('legal.title')}</h3>
      {covert ? (
        <div className="alert error" role="alert" data-testid="covert-warning">
          <p>{t('legal.covertWarning')}</p>
          <p><strong>{t('legal.classifiedFileRef')}:</strong> {op.classifiedFileRef || t('legal.none')}</p>
        </div>
      ) : null}
      <p><strong>{t('legal.marking')}:</strong> {td(`marking.${op.marking}`)}</p>

      <section className="panel" aria-labelledby="legal-agreements">
        <h4 id="legal-agreements">{t('legal.agreements')}</h4>
        <p data-testid="legal-approval">{op.approvedBy ? t('legal.approvedBy', { name: op.approvedBy }) : t('legal.notApproved')}</p>
        <ul>{spine.agreements.map((a) => <li key={a.id}>{t('legal.agreedBy', { agency: name(a.agencyId), name: a.signedBy })}</li>)}</ul>
        {missing.length > 0 ? <p className="muted">{t('legal.agreementMissing', { agencies: missing.map(name).join(', ') })}</p> : null}
      </section>

      <section className="panel" aria-labelledby="legal-proceedings">
        <h4 id="legal-proceedings">{t('legal.proceedings')}</h4>
        {spine.proceedings.length === 0 ? <p className="muted">{t('legal.noProceedings')}</p> : (
          <table className="legal-table" data-testid="proceedings">
            <thead><tr><th>{t('legal.erdrNumber')}</th><th>{t('legal.registeredOn')}</th><th>{t('legal.qualification')}</th><th>{t('legal.investigatingAgency')}</th><th /></tr></thead>
            <tbody>{spine.proceedings.map((p) => (
              <tr key={p.id}><td>{p.erdrNumber}</td><td>{p.registeredOn}</td><td>{p.qualification}</td>
                <td>{name(p.investigatingAgencyId)}{p.investigatingUnit ? `, ${p.investigatingUnit}` : ''}</td>
                <td><button type="button" onClick={remove(() => api.legal.removeProceeding({ id: p.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        <AddForm title={t('legal.addProceeding')} testId="add-proceeding" onSaved={refresh}
          initial={{ investigatingAgencyId: op.leadAgencyId }}
          save={(v) => api.legal.addProceeding({
            operationId, erdrNumber: v.erdrNumber ?? '', registeredOn: v.registeredOn ?? '', qualification: v.qualification ?? '',
            investigatingAgencyId: v.investigatingAgencyId ?? op.leadAgencyId, investigatingUnit: v.investigatingUnit ?? '',
          })}
          fields={(v, set, errors) => (<>
            {text('erdrNumber', t('legal.erdrNumber'), v, set, errors)}
            <Field label={t('legal.registeredOn')} error={errors.registeredOn}><input type="date" name="registeredOn" value={v.registeredOn ?? ''} onChange={(e) => set('registeredOn', e.target.value)} /></Field>
            {text('qualification', t('legal.qualification'), v, set, errors)}
            <Field label={t('legal.investigatingAgency')} error={errors.investigatingAgencyId}>
              <select name="investigatingAgencyId" value={v.investigatingAgencyId} onChange={(e) => set('investigatingAgencyId', e.target.value)}>{agencyOptions}</select>
            </Field>
            {text('investigatingUnit', t('legal.investigatingUnit'), v, set, errors)}
          </>)} />
      </section>

      <section className="panel" aria-labelledby="legal-roles">
        <h4 id="legal-roles">{t('legal.roles')}</h4>
        {spine.roles.length === 0 ? <p className="muted">{t('legal.noRoles')}</p> : (
          <table className="legal-table" data-testid="roles">
            <thead><tr><th>{t('legal.role')}</th><th>{t('legal.holder')}</th><th>{t('legal.agency')}</th><th /></tr></thead>
            <tbody>{spine.roles.map((r) => (
              <tr key={r.id}><td>{td(`role.${r.role}`)}</td><td>{[r.name, r.position].filter(Boolean).join(', ')}</td>
                <td>{r.agencyId ? name(r.agencyId) : r.country || t('legal.none')}</td>
                <td><button type="button" onClick={remove(() => api.legal.removeRole({ id: r.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        <AddForm title={t('legal.addRole')} testId="add-role" onSaved={refresh} initial={{ role: 'investigator', agencyId: op.leadAgencyId }}
          save={(v) => api.legal.addRole({
            operationId, role: v.role as (typeof PROCEDURAL_ROLES)[number], agencyId: v.agencyId ? v.agencyId : null,
            name: v.name ?? '', position: v.position ?? '', country: v.country ?? '',
          })}
          fields={(v, set, errors) => (<>
            <Field label={t('legal.role')}><select name="role" value={v.role} onChange={(e) => set('role', e.target.value)}>
              {PROCEDURAL_ROLES.map((r) => <option key={r} value={r}>{td(`role.${r}`)}</option>)}</select></Field>
            <Field label={t('legal.agency')} error={errors.agencyId}><select name="agencyId" value={v.agencyId} onChange={(e) => set('agencyId', e.target.value)}>
              <option value="">{t('legal.none')}</option>{agencyOptions}</select></Field>
            {text('name', t('legal.holder'), v, set, errors)}
            {text('position', t('legal.position'), v, set, errors)}
            {text('country', t('legal.country'), v, set, errors)}
          </>)} />
      </section>

      <section className="panel" aria-labelledby="legal-decisions">
        <h4 id="legal-decisions">{t('legal.decisions')}</h4>
        {spine.decisions.length === 0 ? <p className="muted">{t('legal.noDecisions')}</p> : (
          <table className="legal-table" data-testid="decisions">
            <thead><tr><th>{t('legal.kind')}</th><th>{t('legal.number')}</th><th>{t('legal.issuer')}</th><th>{t('legal.validFrom')}</th><th>{t('legal.validUntil')}</th><th>{t('legal.coveredTasks')}</th><th /></tr></thead>
            <tbody>{spine.decisions.map((d) => (
              <tr key={d.id}>
                <td>{td(`decisionKind.${d.kind}`)}<div className="small muted">{t('legal.source', { source: DECISION_KIND_INFO[d.kind].source.cite[lang === 'uk' ? 0 : 1] })}</div></td>
                <td>{d.number || t('legal.none')} · {d.issuedOn}</td><td>{d.issuer}</td><td>{when(d.validFrom)}</td><td>{when(d.validUntil)}</td>
                <td>{d.taskIds.map((id) => plan.tasks.find((x) => x.id === id)?.title ?? id).join('; ') || t('legal.none')}</td>
                <td><button type="button" onClick={remove(() => api.legal.removeDecision({ id: d.id }))}>{t('legal.remove')}</button></td>
              </tr>
            ))}</tbody>
          </table>
        )}
        <AddForm title={t('legal.addDecision')} testId="add-decision" onSaved={refresh}
          initial={{ kind: 'prosecutor_crime_control', holderAgencyId: op.participatingAgencyIds.find((a) => agencies.find((x) => x.id === a)?.kind === 'prosecution') ?? op.leadAgencyId, taskIds: '' }}
          save={(v) => api.legal.addDecision({
            operationId, kind: v.kind as (typeof DECISION_KINDS)[number], number: v.number ?? '', issuedOn: v.issuedOn ?? '', issuer: v.issuer ?? '',
            holderAgencyId: v.holderAgencyId ?? op.leadAgencyId,
            validFrom: wallToIsoOrNull(v.validFrom ?? '', zone) ?? '', validUntil: wallToIsoOrNull(v.validUntil ?? '', zone) ?? '',
            taskIds: (v.taskIds ?? '').split(',').filter(Boolean), classifiedFileRef: v.classifiedFileRef ?? '',
          })}
          fields={(v, set, errors) => (<>
            <Field label={t('legal.kind')}><select name="kind" value={v.kind} onChange={(e) => set('kind', e.target.value)}>
              {DECISION_KINDS.map((k) => <option key={k} value={k}>{td(`decisionKind.${k}`)}</option>)}</select></Field>
            {text('number', t('legal.number'), v, set, errors)}
            <Field label={t('legal.issuedOn')} error={errors.issuedOn}><input type="date" name="issuedOn" value={v.issuedOn ?? ''} onChange={(e) => set('issuedOn', e.target.value)} /></Field>
            {text('issuer', t('legal.issuer'), v, set, errors, true)}
            <Field label={t('legal.holderAgency')}><select name="holderAgencyId" value={v.holderAgencyId} onChange={(e) => set('holderAgencyId', e.target.value)}>{agencyOptions}</select></Field>
            {instant('validFrom', t('legal.validFrom'), v, set, errors)}
            {instant('validUntil', t('legal.validUntil'), v, set, errors)}
            <Field label={t('legal.coveredTasks')} wide>
              <select multiple name="taskIds" size={Math.min(8, plan.tasks.length)} value={(v.taskIds ?? '').split(',').filter(Boolean)}
                onChange={(e) => set('taskIds', [...e.target.selectedOptions].map((o) => o.value).join(','))}>
                {plan.tasks.map((x) => <option key={x.id} value={x.id}>{x.title} ({td(`taskType.${x.type}`)})</option>)}
              </select>
            </Field>
            {text('classifiedFileRef', t('legal.classifiedFileRef'), v, set, errors, true)}
          </>)} />
      </section>

      <section className="panel" aria-labelledby="legal-international">
        <h4 id="legal-international">{t('legal.international')}</h4>
        {spine.international.length === 0 ? <p className="muted">{t('legal.noInternational')}</p> : (
          <table className="legal-table" data-testid="international">
            <thead><tr><th>{t('legal.kind')}</th><th>{t('legal.counterpart')}</th><th>{t('legal.instrument')}</th><th>{t('legal.sentAt')}</th><th>{t('legal.dueAt')}</th><th>{t('legal.answeredAt')}</th><th /></tr></thead>
            <tbody>{spine.international.map((x) => (
              <tr key={x.id}><td>{td(`intlKind.${x.kind}`)}</td><td>{x.counterpartAuthority} ({x.country})</td><td>{x.instrument || t('legal.none')}</td>
                <td>{when(x.sentAt)}</td><td>{when(x.dueAt)}</td><td>{when(x.answeredAt)}</td>
                <td><button type="button" onClick={remove(() => api.legal.removeInternational({ id: x.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        <AddForm title={t('legal.addInternational')} testId="add-international" onSaved={refresh} initial={{ kind: 'mla_request' }}
          save={(v) => api.legal.addInternational({
            operationId, kind: v.kind as (typeof INTERNATIONAL_KINDS)[number], instrument: v.instrument ?? '', counterpartAuthority: v.counterpartAuthority ?? '',
            country: (v.country ?? '').toUpperCase(), reference: v.reference ?? '',
            sentAt: wallToIsoOrNull(v.sentAt ?? '', zone), dueAt: wallToIsoOrNull(v.dueAt ?? '', zone),
          })}
          fields={(v, set, errors) => (<>
            <Field label={t('legal.kind')}><select name="kind" value={v.kind} onChange={(e) => set('kind', e.target.value)}>
              {INTERNATIONAL_KINDS.map((k) => <option key={k} value={k}>{td(`intlKind.${k}`)}</option>)}</select></Field>
            {text('counterpartAuthority', t('legal.counterpart'), v, set, errors, true)}
            {text('country', t('legal.country'), v, set, errors)}
            {text('instrument', t('legal.instrument'), v, set, errors, true)}
            {text('reference', t('legal.reference'), v, set, errors)}
            {instant('sentAt', t('legal.sentAt'), v, set, errors)}
            {instant('dueAt', t('legal.dueAt'), v, set, errors)}
          </>)} />
      </section>
    </div>
  );
}
