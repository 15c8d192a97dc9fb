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
import { ConfirmDialog } from '../../ui/Dialog.js';
import { WallDateInput, WallDateTimeInput } from '../../ui/WallTimeInput.js';
import { formatWallDate, formatWallDateTime } from '../../../../shared/i18n/wall-input.js';
import { agencyName } from '../directory/agencies.js';
import { PointPicker } from '../map/PointPicker.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';

type Values = Record<string, string>;

/** A small add or edit form: fields by name, submitted through `save`; errors land next to their field. */
export function AddForm(props: {
  title: string; testId: string; initial: Values;
  fields(v: Values, set: (k: string, value: string) => void, errors: FieldErrors): ReactNode;
  save(v: Values): Promise<unknown>;
  onSaved(): void;
  /** An edit form: open from the start; `onClose` when it is saved or cancelled. */
  editing?: { onClose(): void };
}) {
  const { t } = useT();
  const [open, setOpenState] = useState(props.editing !== undefined);
  const setOpen = (value: boolean) => {
    setOpenState(value);
    if (!value) props.editing?.onClose();
  };
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

/** What a row's «Змінити» opened: which register and which record. */
type Editing = { section: 'proceeding' | 'role' | 'decision' | 'international'; id: string } | null;
/** A removal waiting for the planner's yes: what it names and what it runs. */
type Removing = { name: string; run(): Promise<unknown> } | null;

export function LegalTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const { t, td, lang } = useT();
  const { state, reload: reloadLegal } = useApiState('legal', 'get', { operationId });
  const info = useApiState('system', 'info', {});
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Removing>(null);
  const [removeFailure, setRemoveFailure] = useState<string | null>(null);
  const op = plan.operation;
  const zone = op.timeZone;
  const name = (id: string | null) => (id ? agencyName(agencies.find((a) => a.id === id), lang) : t('legal.none'));
  const refresh = () => void Promise.all([reloadLegal(), reload()]);
  const covert = plan.tasks.some((x) => COVERT_TASK_TYPES.has(x.type));
  const spine = state.data;
  const taking = [op.leadAgencyId, ...op.participatingAgencyIds];
  const agencyOptions = taking.map((a) => <option key={a} value={a}>{name(a)}</option>);
  const when = (iso: string | null) => (iso ? formatWallDateTime(isoToWallOrEmpty(iso, zone), lang) : t('legal.none'));
  const wall = (iso: string | null | undefined) => (iso ? isoToWallOrEmpty(iso, zone) : '');
  /** Removal asks first, naming what goes. */
  const remove = (name: string, run: () => Promise<unknown>) => () => setRemoving({ name, run });
  const isEditing = (section: NonNullable<Editing>['section'], id: string) => editing?.section === section && editing.id === id;
  const editButton = (section: NonNullable<Editing>['section'], id: string, label: string) => (
    <button type="button" onClick={() => setEditing({ section, id })} aria-label={`${t('legal.edit')}: ${label}`}>{t('legal.edit')}</button>
  );
  const closeEdit = { onClose: () => setEditing(null) };
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
    <Field label={label} error={errors[k]}><WallDateTimeInput name={k} value={v[k] ?? ''} onChange={(value) => set(k, value)} /></Field>
  );
  const day = (k: string, label: string, v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (
    <Field label={label} error={errors[k]}><WallDateInput name={k} value={v[k] ?? ''} onChange={(value) => set(k, value)} /></Field>
  );
  const mine = info.state.data?.agencyId ?? null;
  const myAgreement = spine.agreements.find((a) => a.agencyId === mine) ?? null;
  const mayAgree = mine !== null && op.participatingAgencyIds.includes(mine) && myAgreement === null;

  const proceedingFields = (v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (<>
    {text('erdrNumber', t('legal.erdrNumber'), v, set, errors)}
    {day('registeredOn', t('legal.registeredOn'), v, set, errors)}
    {text('qualification', t('legal.qualification'), v, set, errors)}
    <Field label={t('legal.investigatingAgency')} error={errors.investigatingAgencyId}>
      <select name="investigatingAgencyId" value={v.investigatingAgencyId} onChange={(e) => set('investigatingAgencyId', e.target.value)}>{agencyOptions}</select>
    </Field>
    {text('investigatingUnit', t('legal.investigatingUnit'), v, set, errors)}
  </>);
  const proceedingValues = (v: Values) => ({
    erdrNumber: v.erdrNumber ?? '', registeredOn: v.registeredOn ?? '', qualification: v.qualification ?? '',
    investigatingAgencyId: v.investigatingAgencyId ?? op.leadAgencyId, investigatingUnit: v.investigatingUnit ?? '',
  });

  const roleFields = (v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (<>
    <Field label={t('legal.role')}><select name="role" value={v.role} onChange={(e) => set('role', e.target.value)}>
      {PROCEDURAL_ROLES.map((r) => <option key={r} value={r}>{td(`role.${r}`)}</option>)}</select></Field>
    <Field label={t('legal.agency')} error={errors.agencyId}><select name="agencyId" value={v.agencyId} onChange={(e) => set('agencyId', e.target.value)}>
      <option value="">{t('legal.none')}</option>{agencyOptions}</select></Field>
    {text('name', t('legal.holder'), v, set, errors)}
    {text('position', t('legal.position'), v, set, errors)}
    {text('country', t('legal.country'), v, set, errors)}
  </>);
  const roleValues = (v: Values) => ({
    role: v.role as (typeof PROCEDURAL_ROLES)[number], agencyId: v.agencyId ? v.agencyId : null,
    name: v.name ?? '', position: v.position ?? '', country: v.country ?? '',
  });

  const decisionFields = (v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (<>
    <Field label={t('legal.kind')}><select name="kind" value={v.kind} onChange={(e) => set('kind', e.target.value)}>
      {DECISION_KINDS.map((k) => <option key={k} value={k}>{td(`decisionKind.${k}`)}</option>)}</select></Field>
    {text('number', t('legal.number'), v, set, errors)}
    {day('issuedOn', t('legal.issuedOn'), v, set, errors)}
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
  </>);
  const decisionValues = (v: Values) => ({
    kind: v.kind as (typeof DECISION_KINDS)[number], number: v.number ?? '', issuedOn: v.issuedOn ?? '', issuer: v.issuer ?? '',
    holderAgencyId: v.holderAgencyId ?? op.leadAgencyId,
    validFrom: wallToIsoOrNull(v.validFrom ?? '', zone) ?? '', validUntil: wallToIsoOrNull(v.validUntil ?? '', zone) ?? '',
    taskIds: (v.taskIds ?? '').split(',').filter(Boolean), classifiedFileRef: v.classifiedFileRef ?? '',
  });

  const internationalFields = (answered: boolean) => (v: Values, set: (k: string, value: string) => void, errors: FieldErrors) => (<>
    <Field label={t('legal.kind')}><select name="kind" value={v.kind} onChange={(e) => set('kind', e.target.value)}>
      {INTERNATIONAL_KINDS.map((k) => <option key={k} value={k}>{td(`intlKind.${k}`)}</option>)}</select></Field>
    {text('counterpartAuthority', t('legal.counterpart'), v, set, errors, true)}
    {text('country', t('legal.country'), v, set, errors)}
    {text('instrument', t('legal.instrument'), v, set, errors, true)}
    {text('reference', t('legal.reference'), v, set, errors)}
    {instant('sentAt', t('legal.sentAt'), v, set, errors)}
    {instant('dueAt', t('legal.dueAt'), v, set, errors)}
    {answered ? instant('answeredAt', t('legal.answeredAt'), v, set, errors) : null}
    <Field label={t('legal.place')} error={errors['place.label']} wide><input name="placeLabel" value={v.placeLabel ?? ''} onChange={(e) => set('placeLabel', e.target.value)} /></Field>
    <Field label={t('loc.lat')} error={errors['place.point.lat']}><input name="placeLat" inputMode="decimal" value={v.placeLat ?? ''} onChange={(e) => set('placeLat', e.target.value)} /></Field>
    <Field label={t('loc.lon')} error={errors['place.point.lon']}><input name="placeLon" inputMode="decimal" value={v.placeLon ?? ''} onChange={(e) => set('placeLon', e.target.value)} /></Field>
    {instant('at', t('legal.at'), v, set, errors)}
    <div className="subject-point" style={{ gridColumn: '1 / -1' }}>
      <PointPicker lat={v.placeLat ?? ''} lon={v.placeLon ?? ''} onPick={(lat, lon) => {
        set('placeLat', lat);
        set('placeLon', lon);
      }} />
    </div>
  </>);
  const internationalValues = (v: Values) => ({
    kind: v.kind as (typeof INTERNATIONAL_KINDS)[number], instrument: v.instrument ?? '', counterpartAuthority: v.counterpartAuthority ?? '',
    country: (v.country ?? '').toUpperCase(), reference: v.reference ?? '',
    sentAt: wallToIsoOrNull(v.sentAt ?? '', zone), dueAt: wallToIsoOrNull(v.dueAt ?? '', zone),
    // The hand-over point: both coordinates empty is no point; one typed fails the schema's check.
    place: {
      label: v.placeLabel ?? '',
      point: (v.placeLat ?? '').trim() === '' && (v.placeLon ?? '').trim() === ''
        ? null : { lat: Number((v.placeLat ?? '').replace(',', '.')), lon: Number((v.placeLon ?? '').replace(',', '.')) },
    },
    at: wallToIsoOrNull(v.at ?? '', zone),
  });

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
        <ul data-testid="agreements">{spine.agreements.map((a) => (
          <li key={a.id}>{t('legal.agreedBy', { agency: name(a.agencyId), name: a.signedBy })}
            {a.note ? <span className="muted"> — {a.note}</span> : null}
            {a.agencyId === mine ? (
              <> <button type="button" onClick={remove(t('legal.agreedBy', { agency: name(a.agencyId), name: a.signedBy }), () => api.legal.withdrawAgreement({ id: a.id }))}>{t('legal.withdrawAgreement')}</button></>
            ) : null}
          </li>
        ))}</ul>
        {missing.length > 0 ? <p className="muted">{t('legal.agreementMissing', { agencies: missing.map(name).join(', ') })}</p> : null}
        {mayAgree ? (
          <AddForm title={t('legal.agreeFor', { agency: name(mine) })} testId="agree" onSaved={refresh} initial={{}}
            save={(v) => api.legal.agree({ operationId, signedBy: v.signedBy ?? '', note: v.note ?? '' })}
            fields={(v, set, errors) => (<>
              {text('signedBy', t('legal.signedBy'), v, set, errors, true)}
              {text('note', t('legal.notes'), v, set, errors, true)}
            </>)} />
        ) : null}
      </section>

      <section className="panel" aria-labelledby="legal-proceedings">
        <h4 id="legal-proceedings">{t('legal.proceedings')}</h4>
        {spine.proceedings.length === 0 ? <p className="muted">{t('legal.noProceedings')}</p> : (
          <table className="legal-table" data-testid="proceedings">
            <thead><tr><th>{t('legal.erdrNumber')}</th><th>{t('legal.registeredOn')}</th><th>{t('legal.qualification')}</th><th>{t('legal.investigatingAgency')}</th><th /></tr></thead>
            <tbody>{spine.proceedings.map((p) => (
              <tr key={p.id}><td>{p.erdrNumber}</td><td>{formatWallDate(p.registeredOn, lang)}</td><td>{p.qualification}</td>
                <td>{name(p.investigatingAgencyId)}{p.investigatingUnit ? `, ${p.investigatingUnit}` : ''}</td>
                <td className="row-actions">{editButton('proceeding', p.id, p.erdrNumber)}
                  <button type="button" onClick={remove(p.erdrNumber, () => api.legal.removeProceeding({ id: p.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        {spine.proceedings.filter((p) => isEditing('proceeding', p.id)).map((p) => (
          <AddForm key={p.id} editing={closeEdit} title={`${t('legal.edit')}: ${p.erdrNumber}`} testId="edit-proceeding" onSaved={refresh}
            initial={{ erdrNumber: p.erdrNumber, registeredOn: p.registeredOn, qualification: p.qualification, investigatingAgencyId: p.investigatingAgencyId, investigatingUnit: p.investigatingUnit }}
            save={(v) => api.legal.updateProceeding({ id: p.id, patch: proceedingValues(v) })} fields={proceedingFields} />
        ))}
        <AddForm title={t('legal.addProceeding')} testId="add-proceeding" onSaved={refresh}
          initial={{ investigatingAgencyId: op.leadAgencyId }}
          save={(v) => api.legal.addProceeding({ operationId, ...proceedingValues(v) })} fields={proceedingFields} />
      </section>

      <section className="panel" aria-labelledby="legal-roles">
        <h4 id="legal-roles">{t('legal.roles')}</h4>
        {spine.roles.length === 0 ? <p className="muted">{t('legal.noRoles')}</p> : (
          <table className="legal-table" data-testid="roles">
            <thead><tr><th>{t('legal.role')}</th><th>{t('legal.holder')}</th><th>{t('legal.agency')}</th><th /></tr></thead>
            <tbody>{spine.roles.map((r) => (
              <tr key={r.id}><td>{td(`role.${r.role}`)}</td><td>{[r.name, r.position].filter(Boolean).join(', ')}</td>
                <td>{r.agencyId ? name(r.agencyId) : r.country || t('legal.none')}</td>
                <td className="row-actions">{editButton('role', r.id, `${td(`role.${r.role}`)} ${r.name}`)}
                  <button type="button" onClick={remove(`${td(`role.${r.role}`)}: ${r.name}`, () => api.legal.removeRole({ id: r.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        {spine.roles.filter((r) => isEditing('role', r.id)).map((r) => (
          <AddForm key={r.id} editing={closeEdit} title={`${t('legal.edit')}: ${td(`role.${r.role}`)}`} testId="edit-role" onSaved={refresh}
            initial={{ role: r.role, agencyId: r.agencyId ?? '', name: r.name, position: r.position, country: r.country }}
            save={(v) => api.legal.updateRole({ id: r.id, patch: roleValues(v) })} fields={roleFields} />
        ))}
        <AddForm title={t('legal.addRole')} testId="add-role" onSaved={refresh} initial={{ role: 'investigator', agencyId: op.leadAgencyId }}
          save={(v) => api.legal.addRole({ operationId, ...roleValues(v) })} fields={roleFields} />
      </section>

      <section className="panel" aria-labelledby="legal-decisions">
        <h4 id="legal-decisions">{t('legal.decisions')}</h4>
        {spine.decisions.length === 0 ? <p className="muted">{t('legal.noDecisions')}</p> : (
          <table className="legal-table" data-testid="decisions">
            <thead><tr><th>{t('legal.kind')}</th><th>{t('legal.number')}</th><th>{t('legal.issuer')}</th><th>{t('legal.validFrom')}</th><th>{t('legal.validUntil')}</th><th>{t('legal.coveredTasks')}</th><th /></tr></thead>
            <tbody>{spine.decisions.map((d) => (
              <tr key={d.id}>
                <td>{td(`decisionKind.${d.kind}`)}<div className="small muted">{t('legal.source', { source: DECISION_KIND_INFO[d.kind].source.cite[lang === 'uk' ? 0 : 1] })}</div></td>
                <td>{d.number || t('legal.none')} · {formatWallDate(d.issuedOn, lang)}</td><td>{d.issuer}</td><td>{when(d.validFrom)}</td><td>{when(d.validUntil)}</td>
                <td>{d.taskIds.map((id) => plan.tasks.find((x) => x.id === id)?.title ?? id).join('; ') || t('legal.none')}</td>
                <td className="row-actions">{editButton('decision', d.id, d.number || td(`decisionKind.${d.kind}`))}
                  <button type="button" onClick={remove(`${td(`decisionKind.${d.kind}`)} ${d.number}`, () => api.legal.removeDecision({ id: d.id }))}>{t('legal.remove')}</button></td>
              </tr>
            ))}</tbody>
          </table>
        )}
        {spine.decisions.filter((d) => isEditing('decision', d.id)).map((d) => (
          <AddForm key={d.id} editing={closeEdit} title={`${t('legal.edit')}: ${d.number || td(`decisionKind.${d.kind}`)}`} testId="edit-decision" onSaved={refresh}
            initial={{
              kind: d.kind, number: d.number, issuedOn: d.issuedOn, issuer: d.issuer, holderAgencyId: d.holderAgencyId,
              validFrom: wall(d.validFrom), validUntil: wall(d.validUntil), taskIds: d.taskIds.join(','), classifiedFileRef: d.classifiedFileRef,
            }}
            save={(v) => api.legal.updateDecision({ id: d.id, patch: decisionValues(v) })} fields={decisionFields} />
        ))}
        <AddForm title={t('legal.addDecision')} testId="add-decision" onSaved={refresh}
          initial={{ kind: 'prosecutor_crime_control', holderAgencyId: op.participatingAgencyIds.find((a) => agencies.find((x) => x.id === a)?.kind === 'prosecution') ?? op.leadAgencyId, taskIds: '' }}
          save={(v) => api.legal.addDecision({ operationId, ...decisionValues(v) })} fields={decisionFields} />
      </section>

      <section className="panel" aria-labelledby="legal-international">
        <h4 id="legal-international">{t('legal.international')}</h4>
        {spine.international.length === 0 ? <p className="muted">{t('legal.noInternational')}</p> : (
          <table className="legal-table" data-testid="international">
            <thead><tr><th>{t('legal.kind')}</th><th>{t('legal.counterpart')}</th><th>{t('legal.instrument')}</th><th>{t('legal.sentAt')}</th><th>{t('legal.dueAt')}</th><th>{t('legal.answeredAt')}</th><th /></tr></thead>
            <tbody>{spine.international.map((x) => (
              <tr key={x.id}><td>{td(`intlKind.${x.kind}`)}</td><td>{x.counterpartAuthority} ({x.country})</td><td>{x.instrument || t('legal.none')}</td>
                <td>{when(x.sentAt)}</td><td>{when(x.dueAt)}</td><td>{when(x.answeredAt)}</td>
                <td className="row-actions">{editButton('international', x.id, x.counterpartAuthority)}
                  <button type="button" onClick={remove(`${td(`intlKind.${x.kind}`)}: ${x.counterpartAuthority}`, () => api.legal.removeInternational({ id: x.id }))}>{t('legal.remove')}</button></td></tr>
            ))}</tbody>
          </table>
        )}
        {spine.international.filter((x) => isEditing('international', x.id)).map((x) => (
          <AddForm key={x.id} editing={closeEdit} title={`${t('legal.edit')}: ${x.counterpartAuthority}`} testId="edit-international" onSaved={refresh}
            initial={{
              kind: x.kind, counterpartAuthority: x.counterpartAuthority, country: x.country, instrument: x.instrument, reference: x.reference,
              sentAt: wall(x.sentAt), dueAt: wall(x.dueAt), answeredAt: wall(x.answeredAt),
              placeLabel: x.place.label, placeLat: x.place.point ? String(x.place.point.lat) : '', placeLon: x.place.point ? String(x.place.point.lon) : '',
              at: wall(x.at),
            }}
            save={(v) => api.legal.updateInternational({ id: x.id, patch: { ...internationalValues(v), answeredAt: wallToIsoOrNull(v.answeredAt ?? '', zone) } })}
            fields={internationalFields(true)} />
        ))}
        <AddForm title={t('legal.addInternational')} testId="add-international" onSaved={refresh} initial={{ kind: 'mla_request' }}
          save={(v) => api.legal.addInternational({ operationId, ...internationalValues(v) })} fields={internationalFields(false)} />
      </section>

      {removing ? (
        <ConfirmDialog title={t('common.confirmDeleteTitle')} body={t('common.confirmDeleteBody', { name: removing.name })} confirmLabel={t('legal.remove')}
          onClose={() => { setRemoving(null); setRemoveFailure(null); }}
          onConfirm={async () => {
            try {
              await removing.run();
              setRemoving(null);
              setRemoveFailure(null);
              refresh();
            } catch (err) {
              setRemoveFailure(describeError(err, t));
            }
          }} />
      ) : null}
      {removeFailure ? <p className="form-failure" role="alert">{removeFailure}</p> : null}
    </div>
  );
}
