/**
 * Create or edit a task: the accountable agency first, then its units, people and resources;
 * dependencies are picked from the operation's other tasks. Times are the operation's wall
 * time. Same schema on both sides; service issues (a unit of another agency…) land by field.
 */
import { useEffect, useState } from 'react';
import { TASK_STATUSES, TASK_TYPES } from '../../../../shared/domain/enums.js';
import type { Person, Resource, Unit } from '../../../../shared/domain/directory.js';
import type { OperationPlan } from '../../../../shared/api/operations.js';
import { TaskDraft, type Task, type TaskDraftInput } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { PointPicker } from '../map/PointPicker.js';
import { Field } from '../../ui/Field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { useOverrideDialog } from '../conflicts/OverrideDialog.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import { SyncConflictMark } from '../sync/SyncConflictMark.js';
import { isoToWall, wallToIso } from '../../ui/zoned-time.js';
import { WallDateTimeInput } from '../../ui/WallTimeInput.js';

interface Model {
  title: string; type: Task['type']; status: Task['status']; phaseId: string; accountableAgencyId: string;
  unitId: string; personIds: string[]; resourceIds: string[]; startsWall: string; endsWall: string;
  placeLabel: string; lat: string; lon: string;
  dependencies: { predecessorId: string; lagMinutes: string }[];
  checklist: { id: string; text: string; done: boolean }[];
  notes: string; isKeyEvent: boolean; isDecisionPoint: boolean;
}

function modelOf(task: Task | undefined, plan: OperationPlan, zone: string): Model {
  if (!task) {
    const op = plan.operation;
    return {
      title: '', type: 'other', status: 'todo', phaseId: '', accountableAgencyId: op.leadAgencyId, unitId: '',
      personIds: [], resourceIds: [], startsWall: isoToWall(op.startsAt, zone),
      endsWall: isoToWall(new Date(Math.min(new Date(op.startsAt).getTime() + 2 * 3600000, new Date(op.endsAt).getTime())).toISOString(), zone),
      placeLabel: '', lat: '', lon: '', dependencies: [], checklist: [], notes: '', isKeyEvent: false, isDecisionPoint: false,
    };
  }
  return {
    title: task.title, type: task.type, status: task.status, phaseId: task.phaseId ?? '',
    accountableAgencyId: task.accountableAgencyId ?? '', unitId: task.unitId ?? '',
    personIds: [...task.personIds], resourceIds: [...task.resourceIds],
    startsWall: isoToWall(task.startsAt, zone), endsWall: isoToWall(task.endsAt, zone),
    placeLabel: task.place.label, lat: task.place.point ? String(task.place.point.lat) : '', lon: task.place.point ? String(task.place.point.lon) : '',
    dependencies: task.dependencies.map((d) => ({ predecessorId: d.predecessorId, lagMinutes: String(d.lagMinutes) })),
    checklist: task.checklist.map((c) => ({ ...c })), notes: task.notes, isKeyEvent: task.isKeyEvent, isDecisionPoint: task.isDecisionPoint,
  };
}

function toDraft(m: Model, operationId: string, zone: string): TaskDraftInput {
  const hasPoint = m.lat.trim() !== '' || m.lon.trim() !== '';
  return {
    operationId, phaseId: m.phaseId || null, title: m.title, type: m.type, status: m.status,
    accountableAgencyId: m.accountableAgencyId || null, unitId: m.unitId || null,
    personIds: m.personIds, resourceIds: m.resourceIds,
    startsAt: wallToIso(m.startsWall, zone), endsAt: wallToIso(m.endsWall, zone),
    place: { label: m.placeLabel, point: hasPoint ? { lat: Number(m.lat.replace(',', '.')), lon: Number(m.lon.replace(',', '.')) } : null },
    dependencies: m.dependencies.map((d) => ({ predecessorId: d.predecessorId, lagMinutes: Number(d.lagMinutes || '0') })),
    checklist: m.checklist, notes: m.notes, isKeyEvent: m.isKeyEvent, isDecisionPoint: m.isDecisionPoint,
  };
}

export function TaskFormDialog(props: { plan: OperationPlan; task?: Task; onClose(): void; onSaved(): Promise<void> }) {
  const { t, td, lang } = useT();
  const { agencies } = useAgencies();
  const zone = props.plan.operation.timeZone;
  // Open sync conflicts are shown, not picked, here: a pick would leave the form's value stale.
  const sync = usePlanConflicts(props.plan.operation.id);
  const mark = (field: string) => (props.task ? <SyncConflictMark conflict={sync.field('task', props.task.id, field)} /> : null);
  const [m, setM] = useState<Model>(() => modelOf(props.task, props.plan, zone));
  const [units, setUnits] = useState<Unit[]>([]);
  const [people, setPeople] = useState<Person[]>([]);
  const [resources, setResources] = useState<Resource[]>([]);
  const form = useFormSubmit();
  const { errors, busy } = form;
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A save refused for a new blocking conflict asks for a recorded reason and is repeated with it.
  const override = useOverrideDialog();
  const set = (p: Partial<Model>) => setM((x) => ({ ...x, ...p }));

  useEffect(() => {
    const agencyId = m.accountableAgencyId;
    if (!agencyId) {
      setUnits([]); setPeople([]); setResources([]);
      return;
    }
    let live = true;
    void Promise.all([
      api.directory.listUnits({ agencyId }), api.directory.listPeople({ agencyId }), api.directory.listResources({ agencyId }),
    ]).then(([u, p, r]) => {
      if (!live) return;
      setUnits(u); setPeople(p); setResources(r);
    });
    return () => {
      live = false;
    };
  }, [m.accountableAgencyId]);

  const changeAgency = (agencyId: string) => {
    // The unit belongs to one agency; people and resources are listed per agency.
    set({ accountableAgencyId: agencyId, unitId: '', personIds: [], resourceIds: [] });
  };
  const otherTasks = props.plan.tasks.filter((x) => x.id !== props.task?.id);

  const submit = () => {
    const draft = toDraft(m, props.plan.operation.id, zone);
    return form.submit(TaskDraft, draft, async () => {
      const task = props.task;
      const saved = await override.run((o) => {
        if (!task) return api.tasks.create({ ...draft, ...(o ? { override: o } : {}) });
        const { operationId: _op, ...patch } = draft;
        return api.tasks.update({ id: task.id, patch, ...(o ? { override: o } : {}) });
      });
      if (saved === null) return;
      await props.onSaved();
      props.onClose();
    });
  };

  const remove = async () => {
    try {
      await api.tasks.remove({ id: props.task!.id });
      await props.onSaved();
      props.onClose();
    } catch (e) {
      setConfirmDelete(false);
      form.fail(e);
    }
  };

  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <>
      <Dialog
        title={props.task ? t('task.editTitle') : t('task.newTitle')}
        onClose={props.onClose}
        onSubmit={submit}
        busy={busy}
        wide
        testId="task-form"
        footerExtra={
          <>
            {props.task ? <button type="button" className="link" onClick={() => setConfirmDelete(true)}>{t('common.delete')}</button> : null}
            {form.footer}
          </>
        }
      >
        <div className="grid">
          <Field label={t('task.title')} error={errors.title} wide>
            <input value={m.title} onChange={(e) => set({ title: e.target.value })} data-autofocus name="title" />
          </Field>
          <Field label={t('task.type')} error={errors.type}>
            <select value={m.type} onChange={(e) => set({ type: e.target.value as Model['type'] })} name="type">
              {TASK_TYPES.map((v) => <option key={v} value={v}>{td(`taskType.${v}`)}</option>)}
            </select>
          </Field>
          <Field label={t('task.status')} error={errors.status}>
            <select value={m.status} onChange={(e) => set({ status: e.target.value as Model['status'] })} name="status">
              {TASK_STATUSES.map((v) => <option key={v} value={v}>{td(`taskStatus.${v}`)}</option>)}
            </select>
          </Field>
          <Field label={t('task.phase')} error={errors.phaseId}>
            <select value={m.phaseId} onChange={(e) => set({ phaseId: e.target.value })} name="phaseId">
              <option value="">{t('task.noPhase')}</option>
              {props.plan.phases.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
          <Field label={t('op.startsAt')} error={errors.startsAt} hint={zone} extra={mark('startsAt')}>
            <WallDateTimeInput value={m.startsWall} onChange={(v) => set({ startsWall: v })} name="startsAt" />
          </Field>
          <Field label={t('op.endsAt')} error={errors.endsAt} hint={zone} extra={mark('endsAt')}>
            <WallDateTimeInput value={m.endsWall} onChange={(v) => set({ endsWall: v })} name="endsAt" />
          </Field>
          <Field label={t('task.agency')} error={errors.accountableAgencyId} extra={mark('accountableAgencyId')}>
            <select value={m.accountableAgencyId} onChange={(e) => changeAgency(e.target.value)} name="accountableAgencyId">
              <option value="">{t('task.noAgency')}</option>
              {agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
            </select>
          </Field>
          <Field label={t('task.unit')} error={errors.unitId}>
            <select value={m.unitId} onChange={(e) => set({ unitId: e.target.value })} name="unitId" disabled={!m.accountableAgencyId}>
              <option value="">{t('common.none')}</option>
              {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </Field>
        </div>
        <div className="grid">
          <div className="checks" role="group" aria-label={t('task.people')}>
            <div className="group-label">{t('task.people')}</div>
            {people.length === 0 ? <span className="muted small">{t('task.noPeople')}</span> : people.map((p) => (
              <label key={p.id} className="check">
                <input type="checkbox" checked={m.personIds.includes(p.id)} onChange={(e) => set({ personIds: toggle(m.personIds, p.id, e.target.checked) })} />
                {p.fullName}{p.callsign ? <span className="muted small"> ({p.callsign})</span> : null}
              </label>
            ))}
            {errors['personIds.0'] ? <div className="field-error">{td(errors['personIds.0'])}</div> : null}
          </div>
          <div className="checks" role="group" aria-label={t('task.resources')}>
            <div className="group-label">{t('task.resources')}</div>
            {resources.length === 0 ? <span className="muted small">{t('task.noResources')}</span> : resources.map((r) => (
              <label key={r.id} className="check">
                <input type="checkbox" checked={m.resourceIds.includes(r.id)} onChange={(e) => set({ resourceIds: toggle(m.resourceIds, r.id, e.target.checked) })} />
                {r.name} <span className="muted small">{td(`resourceKind.${r.kind}`)}</span>
              </label>
            ))}
          </div>
        </div>
        <div className="grid">
          <Field label={t('task.place')} error={errors['place.label']} extra={mark('place')}>
            <input value={m.placeLabel} onChange={(e) => set({ placeLabel: e.target.value })} name="place" />
          </Field>
          <Field label={t('loc.lat')} error={errors['place.point.lat']}>
            <input inputMode="decimal" value={m.lat} onChange={(e) => set({ lat: e.target.value })} />
          </Field>
          <Field label={t('loc.lon')} error={errors['place.point.lon']}>
            <input inputMode="decimal" value={m.lon} onChange={(e) => set({ lon: e.target.value })} />
          </Field>
        </div>
        <PointPicker lat={m.lat} lon={m.lon} onPick={(lat, lon) => set({ lat, lon })} />
        <fieldset>
          <legend>{t('task.dependencies')}</legend>
          {m.dependencies.map((d, i) => (
            <div className="list-row" key={i}>
              <Field label={t('task.predecessor')} error={errors[`dependencies.${i}.predecessorId`] ?? errors[`dependencies.${i}`]}>
                <select value={d.predecessorId} onChange={(e) => set({ dependencies: m.dependencies.map((x, j) => (j === i ? { ...x, predecessorId: e.target.value } : x)) })}>
                  {otherTasks.map((x) => <option key={x.id} value={x.id}>{x.title}</option>)}
                </select>
              </Field>
              <Field label={t('task.lag')} error={errors[`dependencies.${i}.lagMinutes`]}>
                <input type="number" value={d.lagMinutes} onChange={(e) => set({ dependencies: m.dependencies.map((x, j) => (j === i ? { ...x, lagMinutes: e.target.value } : x)) })} />
              </Field>
              <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ dependencies: m.dependencies.filter((_, j) => j !== i) })}>×</button>
            </div>
          ))}
          {otherTasks.length > 0 ? (
            <button type="button" className="link" onClick={() => set({ dependencies: [...m.dependencies, { predecessorId: otherTasks[0]!.id, lagMinutes: '0' }] })}>+ {t('task.addDependency')}</button>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>{t('task.checklist')}</legend>
          {m.checklist.map((c, i) => (
            <div className="list-row" key={c.id}>
              <input type="checkbox" aria-label={c.text} checked={c.done} onChange={(e) => set({ checklist: m.checklist.map((x, j) => (j === i ? { ...x, done: e.target.checked } : x)) })} />
              <Field label={t('task.checkItem')} error={errors[`checklist.${i}.text`]}>
                <input value={c.text} onChange={(e) => set({ checklist: m.checklist.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)) })} />
              </Field>
              <button type="button" className="icon" aria-label={t('common.remove')} onClick={() => set({ checklist: m.checklist.filter((_, j) => j !== i) })}>×</button>
            </div>
          ))}
          <button type="button" className="link" onClick={() => set({ checklist: [...m.checklist, { id: crypto.randomUUID(), text: '', done: false }] })}>+ {t('task.addCheckItem')}</button>
        </fieldset>
        <Field label={t('task.notes')} error={errors.notes}>
          <textarea rows={3} value={m.notes} onChange={(e) => set({ notes: e.target.value })} name="notes" />
        </Field>
        <div className="checks">
          <label className="check"><input type="checkbox" checked={m.isKeyEvent} onChange={(e) => set({ isKeyEvent: e.target.checked })} name="isKeyEvent" />{t('task.keyEvent')}</label>
          <label className="check"><input type="checkbox" checked={m.isDecisionPoint} onChange={(e) => set({ isDecisionPoint: e.target.checked })} name="isDecisionPoint" />{t('task.decisionPoint')}</label>
        </div>
      </Dialog>
      {override.dialog}
      {confirmDelete ? (
        <ConfirmDialog
          title={t('task.deleteTitle')}
          body={t('common.confirmDeleteBody', { name: m.title })}
          confirmLabel={t('common.delete')}
          onClose={() => setConfirmDelete(false)}
          onConfirm={remove}
        />
      ) : null}
    </>
  );
}
