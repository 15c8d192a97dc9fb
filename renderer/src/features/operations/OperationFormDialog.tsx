/**
 * Create or edit every field of an operation. Checks run with the contract's own schema before
 * the call; issues the service raises (unknown agency, …) come back with paths and land next
 * to the same fields. Status is not here: it moves only through allowed transitions.
 */
import { useState } from 'react';
import {
  FORMALITIES, HANDLING_CODES, INTERACTION_FORMS, OPERATION_TYPES, RISK_LEVELS, SUBJECT_KINDS,
} from '../../../../shared/domain/enums.js';
import { OperationDraft, type Operation } from '../../../../shared/domain/operation.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { PointPicker } from '../map/PointPicker.js';
import type { FieldErrors } from '../../ui/form-errors.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import { useApiState } from '../../api/queries.js';
import { OrderSections } from './OrderSections.js';
import { SyncConflictMark } from '../sync/SyncConflictMark.js';
import { WallDateInput, WallDateTimeInput } from '../../ui/WallTimeInput.js';
import { tasksOutsideWindow } from '../../../../shared/domain/lifecycle.js';
import { isValidTimeZone } from '../../../../shared/domain/common.js';
import type { Task } from '../../../../shared/domain/task.js';
import { useApiQuery } from '../../api/queries.js';
import {
  COMMON_TIME_ZONES, emptyComms, emptySubject, modelFromOperation, newOperationModel, toDraftInput,
  type OperationFormModel, type SubjectRow,
} from './operation-form-model.js';

/** The tasks the window being typed would leave outside, listed before any save is tried. */
function OutsideWindowNotice(props: { tasks: readonly Task[]; model: OperationFormModel }) {
  const { t, zoned } = useT();
  const draft = toDraftInput(props.model);
  const outside = tasksOutsideWindow(props.tasks, draft.startsAt ?? '', draft.endsAt ?? '');
  if (outside.length === 0) return null;
  // The zone may be half typed: Kyiv's clock until it names one.
  const clock = isValidTimeZone(props.model.timeZone) ? zoned(props.model.timeZone) : zoned();
  return (
    <div className="alert warn wide" role="alert" data-testid="outside-window">
      <p>{t('opf.outsidePreview', { count: outside.length })}</p>
      <ul className="small">
        {outside.slice(0, 8).map((task) => (
          <li key={task.id}>{task.title} — {clock.at(task.startsAt)}</li>
        ))}
      </ul>
    </div>
  );
}

function updateAt<T>(list: T[], i: number, patch: Partial<T>): T[] {
  return list.map((x, j) => (j === i ? { ...x, ...patch } : x));
}

export function OperationFormDialog(props: { operation?: Operation; tasks?: readonly Task[]; onClose(): void; onSaved(op: Operation): void }) {
  const { t, td, lang } = useT();
  const { agencies } = useAgencies();
  // Open sync conflicts are shown, not picked, here: a pick would leave the form's value stale.
  const sync = usePlanConflicts(props.operation?.id ?? null);
  const mark = (field: string) => (props.operation ? <SyncConflictMark conflict={sync.field('operation', props.operation.id, field)} /> : null);
  // A new operation is led by this installation's agency unless the planner picks another.
  const site = useApiQuery('system', 'setup', {});
  const [m, setM] = useState<OperationFormModel>(() =>
    props.operation ? modelFromOperation(props.operation) : newOperationModel(site.data?.agencyId ?? 'DMS', new Date()),
  );
  const info = useApiState('system', 'info', {});
  const siteAgency = info.state.status === 'ok' ? info.state.data.agencyId : null;
  const form = useFormSubmit();
  const { errors, busy } = form;
  const set = (patch: Partial<OperationFormModel>) => setM((x) => ({ ...x, ...patch }));
  const err = (path: string) => errors[path];

  const submit = () => {
    const input = toDraftInput(m);
    return form.submit(OperationDraft, input, async () => {
      const saved = props.operation
        ? await api.operations.update({ id: props.operation.id, patch: input })
        : await api.operations.create(input);
      props.onSaved(saved);
      props.onClose();
    });
  };

  const agencyOptions = agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>);

  return (
    <Dialog
      title={props.operation ? t('opf.editTitle') : t('opf.newTitle')}
      onClose={props.onClose}
      onSubmit={submit}
      busy={busy}
      wide
      testId="operation-form"
      footerExtra={form.footer}
    >
      <fieldset>
        <legend>{t('opf.section.basics')}</legend>
        <div className="grid">
          <Field label={t('op.codeName')} error={err('codeName')}>
            <input value={m.codeName} onChange={(e) => set({ codeName: e.target.value })} data-autofocus name="codeName" />
          </Field>
          <Field label={t('op.type')} error={err('type')}>
            <select value={m.type} onChange={(e) => set({ type: e.target.value as OperationFormModel['type'] })} name="type">
              {OPERATION_TYPES.map((v) => <option key={v} value={v}>{td(`opType.${v}`)}</option>)}
            </select>
          </Field>
          <Field label={t('op.handlingCode')} error={err('handlingCode')}>
            <select value={m.handlingCode} onChange={(e) => set({ handlingCode: e.target.value as OperationFormModel['handlingCode'] })} name="handlingCode">
              {HANDLING_CODES.map((v) => <option key={v} value={v}>{td(`handling.${v}`)}</option>)}
            </select>
          </Field>
          {m.handlingCode === 'H3' || m.handlingNote ? (
            <Field label={t('op.handlingNote')} error={err('handlingNote')}>
              <input value={m.handlingNote} onChange={(e) => set({ handlingNote: e.target.value })} name="handlingNote" />
            </Field>
          ) : null}
          <Field label={t('op.form')} error={err('form')}>
            <select value={m.form} onChange={(e) => set({ form: e.target.value as OperationFormModel['form'] })} name="form">
              {INTERACTION_FORMS.map((v) => <option key={v} value={v}>{td(`form.${v}`)}</option>)}
            </select>
          </Field>
          <Field label={t('op.formality')} error={err('formality')}>
            <select value={m.formality} onChange={(e) => set({ formality: e.target.value as OperationFormModel['formality'] })} name="formality">
              {FORMALITIES.map((v) => <option key={v} value={v}>{td(`formality.${v}`)}</option>)}
            </select>
          </Field>
          <Field label={t('op.legalBasis')} error={err('legalBasis')} wide>
            <textarea rows={2} value={m.legalBasis} onChange={(e) => set({ legalBasis: e.target.value })} name="legalBasis" />
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('opf.section.agencies')}</legend>
        <div className="grid">
          <Field label={t('op.leadAgency')} error={err('leadAgencyId')} extra={mark('leadAgencyId')}>
            <select value={m.leadAgencyId} onChange={(e) => set({ leadAgencyId: e.target.value })} name="leadAgencyId">
              {agencyOptions}
            </select>
          </Field>
        </div>
        <div className={`checks${err('participatingAgencyIds') ? ' has-error' : ''}`} role="group" aria-label={t('op.participating')}>
          <div className="group-label">{t('op.participating')}</div>
          {agencies.filter((a) => a.id !== m.leadAgencyId).map((a) => (
            <label key={a.id} className="check" title={agencyName(a, lang)}>
              <input
                type="checkbox"
                checked={m.participatingAgencyIds.includes(a.id)}
                onChange={(e) => set({
                  participatingAgencyIds: e.target.checked
                    ? [...m.participatingAgencyIds, a.id]
                    : m.participatingAgencyIds.filter((x) => x !== a.id),
                })}
              />
              <span className="dot" style={{ background: a.color }} aria-hidden="true" />
              {agencyShortName(a, lang)} <span className="muted">{agencyName(a, lang)}</span>
            </label>
          ))}
          {err('participatingAgencyIds') ? <div className="field-error" role="alert">{td(err('participatingAgencyIds')!)}</div> : null}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('opf.section.time')}</legend>
        <div className="grid">
          <Field label={t('op.startsAt')} error={err('startsAt')} extra={mark('startsAt')}>
            <WallDateTimeInput value={m.startsWall} onChange={(v) => set({ startsWall: v })} name="startsAt" />
          </Field>
          <Field label={t('op.endsAt')} error={err('endsAt')} extra={mark('endsAt')}>
            <WallDateTimeInput value={m.endsWall} onChange={(v) => set({ endsWall: v })} name="endsAt" />
          </Field>
          <OutsideWindowNotice tasks={props.tasks ?? []} model={m} />
          <Field label={t('op.timeZone')} error={err('timeZone')} hint={t('op.timeZoneHint')}>
            <input list="tz-list" value={m.timeZone} onChange={(e) => set({ timeZone: e.target.value })} name="timeZone" />
          </Field>
          <datalist id="tz-list">{COMMON_TIME_ZONES.map((z) => <option key={z} value={z} />)}</datalist>
          <Field label={t('op.area')} error={err('area')}>
            <input value={m.area} onChange={(e) => set({ area: e.target.value })} name="area" />
          </Field>
          <Field label={t('op.commandPost')} error={err('commandPost')}>
            <input value={m.commandPost} onChange={(e) => set({ commandPost: e.target.value })} name="commandPost" />
          </Field>
        </div>
        <div className="group-label">{t('op.locations')} {mark('locations')}</div>
        {m.locations.map((l, i) => (
          <div key={i}>
          <div className="list-row">
            <Field label={t('loc.label')} error={err(`locations.${i}.label`)}>
              <input value={l.label} onChange={(e) => set({ locations: updateAt(m.locations, i, { label: e.target.value }) })} />
            </Field>
            <Field label={t('loc.lat')} error={err(`locations.${i}.point.lat`)}>
              <input inputMode="decimal" value={l.lat} onChange={(e) => set({ locations: updateAt(m.locations, i, { lat: e.target.value }) })} />
            </Field>
            <Field label={t('loc.lon')} error={err(`locations.${i}.point.lon`)}>
              <input inputMode="decimal" value={l.lon} onChange={(e) => set({ locations: updateAt(m.locations, i, { lon: e.target.value }) })} />
            </Field>
            <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ locations: m.locations.filter((_, j) => j !== i) })}>×</button>
          </div>
          <PointPicker lat={l.lat} lon={l.lon} testId={`location-picker-${i}`} onPick={(lat, lon) => set({ locations: updateAt(m.locations, i, { lat, lon }) })} />
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ locations: [...m.locations, { label: '', lat: '', lon: '' }] })}>+ {t('loc.add')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('opf.section.plan')}</legend>
        <div className="grid">
          {(['objectives', 'situation', 'execution', 'sustainment'] as const).map((k) => (
            <Field key={k} label={t(`op.${k}`)} error={err(k)} wide>
              <textarea rows={3} value={m[k]} onChange={(e) => set({ [k]: e.target.value })} name={k} />
            </Field>
          ))}
        </div>
      </fieldset>

      <OrderSections m={m} set={set} err={err} agencyOptions={agencyOptions} holdsRestricted={siteAgency === m.leadAgencyId} />

      <fieldset>
        <legend>{t('opf.section.risks')}</legend>
        {m.risks.map((r, i) => (
          <div className="list-row" key={i}>
            <Field label={t('risk.threat')} error={err(`risks.${i}.threat`)}>
              <input value={r.threat} onChange={(e) => set({ risks: updateAt(m.risks, i, { threat: e.target.value }) })} />
            </Field>
            <Field label={t('risk.likelihood')}>
              <select value={r.likelihood} onChange={(e) => set({ risks: updateAt(m.risks, i, { likelihood: e.target.value as 'low' }) })}>
                {RISK_LEVELS.map((v) => <option key={v} value={v}>{td(`risk.${v}`)}</option>)}
              </select>
            </Field>
            <Field label={t('risk.impact')}>
              <select value={r.impact} onChange={(e) => set({ risks: updateAt(m.risks, i, { impact: e.target.value as 'low' }) })}>
                {RISK_LEVELS.map((v) => <option key={v} value={v}>{td(`risk.${v}`)}</option>)}
              </select>
            </Field>
            <Field label={t('risk.mitigation')} error={err(`risks.${i}.mitigation`)}>
              <input value={r.mitigation} onChange={(e) => set({ risks: updateAt(m.risks, i, { mitigation: e.target.value }) })} />
            </Field>
            <Field label={t('risk.owner')}>
              <input value={r.owner} onChange={(e) => set({ risks: updateAt(m.risks, i, { owner: e.target.value }) })} />
            </Field>
            <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ risks: m.risks.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ risks: [...m.risks, { threat: '', likelihood: 'medium', impact: 'medium', mitigation: '', owner: '' }] })}>+ {t('risk.add')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('opf.section.comms')}</legend>
        {m.comms.map((c, i) => (
          <div className="list-row" key={i}>
            <Field label={t('comms.channel')} error={err(`comms.${i}.channel`)}>
              <input value={c.channel} onChange={(e) => set({ comms: updateAt(m.comms, i, { channel: e.target.value }) })} />
            </Field>
            <Field label={t('comms.frequency')}>
              <input value={c.frequencyOrTalkGroup} onChange={(e) => set({ comms: updateAt(m.comms, i, { frequencyOrTalkGroup: e.target.value }) })} />
            </Field>
            <Field label={t('comms.callsign')}>
              <input value={c.callsign} onChange={(e) => set({ comms: updateAt(m.comms, i, { callsign: e.target.value }) })} />
            </Field>
            <Field label={t('comms.agency')} error={err(`comms.${i}.agencyId`)}>
              <select value={c.agencyId} onChange={(e) => set({ comms: updateAt(m.comms, i, { agencyId: e.target.value }) })}>
                <option value="">{t('common.none')}</option>
                {agencyOptions}
              </select>
            </Field>
            <Field label={t('comms.phone')}>
              <input value={c.phone} onChange={(e) => set({ comms: updateAt(m.comms, i, { phone: e.target.value }) })} />
            </Field>
            <Field label={t('comms.function')} error={err(`comms.${i}.function`)}>
              <input value={c.function} onChange={(e) => set({ comms: updateAt(m.comms, i, { function: e.target.value }) })} />
            </Field>
            <Field label={t('comms.encryption')} error={err(`comms.${i}.encryption`)}>
              <input value={c.encryption} onChange={(e) => set({ comms: updateAt(m.comms, i, { encryption: e.target.value }) })} />
            </Field>
            <Field label={t('comms.assignment')} error={err(`comms.${i}.assignment`)}>
              <input value={c.assignment} onChange={(e) => set({ comms: updateAt(m.comms, i, { assignment: e.target.value }) })} />
            </Field>
            <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ comms: m.comms.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => set({ comms: [...m.comms, emptyComms()] })}>+ {t('comms.add')}</button>
      </fieldset>

      <fieldset>
        <legend>{t('opf.section.subjects')}</legend>
        {m.subjects.map((s, i) => (
          <SubjectEditor
            key={i}
            row={s}
            errors={errors}
            prefix={`subjects.${i}`}
            onChange={(patch) => set({ subjects: updateAt(m.subjects, i, patch) })}
            onRemove={() => set({ subjects: m.subjects.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" className="link" onClick={() => set({ subjects: [...m.subjects, emptySubject()] })}>+ {t('subj.add')}</button>
      </fieldset>
    </Dialog>
  );
}

function SubjectEditor(props: { row: SubjectRow; errors: FieldErrors; prefix: string; onChange(p: Partial<SubjectRow>): void; onRemove(): void }) {
  const { t, td } = useT();
  const s = props.row;
  const err = (f: string) => props.errors[`${props.prefix}.${f}`];
  // Coordinates of an address live under `point` in the schema, so their issues do too.
  const errorPath = (f: keyof SubjectRow) => (f === 'lat' || f === 'lon' ? `point.${f}` : f);
  const text = (f: keyof SubjectRow, label: string) => (
    <Field label={label} error={err(errorPath(f))}>
      <input value={s[f]} onChange={(e) => props.onChange({ [f]: e.target.value })} />
    </Field>
  );
  return (
    <div className="list-row">
      <Field label={t('subj.kind')}>
        <select value={s.kind} onChange={(e) => props.onChange({ kind: e.target.value as SubjectRow['kind'] })}>
          {SUBJECT_KINDS.map((k) => <option key={k} value={k}>{td(`subject.${k}`)}</option>)}
        </select>
      </Field>
      {s.kind === 'person' ? <>{text('fullName', t('subj.fullName'))}<Field label={t('subj.dateOfBirth')} error={err('dateOfBirth')}><WallDateInput name="dateOfBirth" value={s.dateOfBirth} onChange={(value) => props.onChange({ dateOfBirth: value })} /></Field>{text('citizenship', t('subj.citizenship'))}{text('passport', t('subj.passport'))}{text('nameLatin', t('subj.nameLatin'))}</> : null}
      {s.kind === 'vehicle' ? <>{text('plate', t('subj.plate'))}{text('vin', t('subj.vin'))}{text('description', t('subj.description'))}</> : null}
      {s.kind === 'container' ? text('number', t('subj.number')) : null}
      {s.kind === 'company' ? <>{text('name', t('subj.name'))}{text('edrpou', t('subj.edrpou'))}</> : null}
      {s.kind === 'address' ? <>{text('address', t('subj.address'))}{text('lat', t('loc.lat'))}{text('lon', t('loc.lon'))}</> : null}
      {text('notes', t('subj.notes'))}
      <button type="button" className="icon" aria-label={t('common.remove')} onClick={props.onRemove}>×</button>
      {s.kind === 'address' ? (
        <div className="subject-point">
          <PointPicker lat={s.lat} lon={s.lon} testId={`${props.prefix}-picker`} onPick={(lat, lon) => props.onChange({ lat, lon })} />
        </div>
      ) : null}
      {s.kind === 'person' || s.kind === 'vehicle' ? (
        <fieldset className="subject-point" data-testid={`${props.prefix}-last-seen`}>
          <legend>{t('map.lastSeen')}</legend>
          <div className="list-row">
            <Field label={t('loc.lat')} error={err('lastSeen.point.lat') ?? err('lastSeen.point')}>
              <input inputMode="decimal" name="seenLat" value={s.seenLat} onChange={(e) => props.onChange({ seenLat: e.target.value })} />
            </Field>
            <Field label={t('loc.lon')} error={err('lastSeen.point.lon')}>
              <input inputMode="decimal" name="seenLon" value={s.seenLon} onChange={(e) => props.onChange({ seenLon: e.target.value })} />
            </Field>
            <Field label={t('map.lastSeenAt')} error={err('lastSeen.at')}>
              <WallDateTimeInput value={s.seenWall} onChange={(v) => props.onChange({ seenWall: v })} name="seenAt" />
            </Field>
            <Field label={t('map.lastSeenSource')} error={err('lastSeen.source')}>
              <input name="seenSource" value={s.seenSource} onChange={(e) => props.onChange({ seenSource: e.target.value })} />
            </Field>
          </div>
          <PointPicker lat={s.seenLat} lon={s.seenLon} testId={`${props.prefix}-seen-picker`} onPick={(lat, lon) => props.onChange({ seenLat: lat, seenLon: lon })} />
        </fieldset>
      ) : null}
    </div>
  );
}
