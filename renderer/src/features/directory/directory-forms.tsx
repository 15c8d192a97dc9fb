/** Create/edit dialogs for the directory: agency, unit, person, resource. */
import { useState } from 'react';
import type { z } from 'zod';
import {
  AgencyDraft, PersonDraft, ResourceDraft, UnitDraft, type Agency, type Person, type Resource, type Unit,
} from '../../../../shared/domain/directory.js';
import { AGENCY_KINDS, CLEARANCES, PERSON_SKILLS, RESOURCE_KINDS } from '../../../../shared/domain/enums.js';
import { useT } from '../../app/i18n.store.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { useFormSubmit } from '../../ui/use-form-submit.js';
import { PointPicker } from '../map/PointPicker.js';

/** The dialog saves through the shared form hook; `done` closes it after a successful save. */
function useSubmit<S extends z.ZodType>(schema: S, call: (v: z.output<S>) => Promise<unknown>, done: () => void) {
  const form = useFormSubmit();
  return { ...form, submit: (value: unknown) => form.submit(schema, value, async (data) => { await call(data); done(); }) };
}

export function AgencyFormDialog(props: { onClose(): void; onSave(d: z.output<typeof AgencyDraft>): Promise<unknown> }) {
  const { t, td } = useT();
  const [v, setV] = useState({ code: '', nameUk: '', nameEn: '', kind: 'foreign' as Agency['kind'], country: '', color: '#607d8b', powers: [] as Agency['powers'] });
  const f = useSubmit(AgencyDraft, props.onSave, props.onClose);
  const set = (p: Partial<typeof v>) => setV((x) => ({ ...x, ...p }));
  return (
    <Dialog title={t('dir.newAgency')} onClose={props.onClose} onSubmit={() => f.submit(v)} busy={f.busy} footerExtra={f.footer} testId="agency-form">
      <div className="grid">
        <Field label={t('dir.code')} error={f.errors.code}><input value={v.code} onChange={(e) => set({ code: e.target.value.toUpperCase() })} data-autofocus /></Field>
        <Field label={t('dir.nameUk')} error={f.errors.nameUk}><input value={v.nameUk} onChange={(e) => set({ nameUk: e.target.value })} /></Field>
        <Field label={t('dir.nameEn')} error={f.errors.nameEn}><input value={v.nameEn} onChange={(e) => set({ nameEn: e.target.value })} /></Field>
        <Field label={t('dir.kind')} error={f.errors.kind}>
          <select value={v.kind} onChange={(e) => set({ kind: e.target.value as Agency['kind'] })}>
            {AGENCY_KINDS.map((k) => <option key={k} value={k}>{td(`agencyKind.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('dir.country')} error={f.errors.country}><input value={v.country} maxLength={2} onChange={(e) => set({ country: e.target.value.toUpperCase() })} /></Field>
        <Field label={t('dir.color')} error={f.errors.color}><input type="color" value={v.color} onChange={(e) => set({ color: e.target.value })} /></Field>
      </div>
    </Dialog>
  );
}

export function UnitFormDialog(props: { agencyId: string; unit?: Unit; onClose(): void; onSave(d: z.output<typeof UnitDraft>): Promise<unknown> }) {
  const { t } = useT();
  const u = props.unit;
  const [v, setV] = useState({
    name: u?.name ?? '', kind: u?.kind ?? '', placeLabel: u?.place.label ?? '', phone: u?.phone ?? '',
    lat: u?.place.point ? String(u.place.point.lat) : '', lon: u?.place.point ? String(u.place.point.lon) : '',
  });
  const f = useSubmit(UnitDraft, props.onSave, props.onClose);
  const set = (p: Partial<typeof v>) => setV((x) => ({ ...x, ...p }));
  // Both fields empty: no point; one typed and the other not fails the form's own check.
  const hasPoint = v.lat.trim() !== '' || v.lon.trim() !== '';
  const point = hasPoint ? { lat: Number(v.lat.replace(',', '.')), lon: Number(v.lon.replace(',', '.')) } : null;
  const value = { agencyId: props.agencyId, name: v.name, kind: v.kind, place: { label: v.placeLabel, point }, phone: v.phone };
  return (
    <Dialog title={t('dir.unitTitle')} onClose={props.onClose} onSubmit={() => f.submit(value)} busy={f.busy} footerExtra={f.footer} testId="unit-form">
      <div className="grid">
        <Field label={t('dir.unitName')} error={f.errors.name}><input value={v.name} onChange={(e) => set({ name: e.target.value })} data-autofocus /></Field>
        <Field label={t('dir.unitKind')} error={f.errors.kind}><input value={v.kind} onChange={(e) => set({ kind: e.target.value })} /></Field>
        <Field label={t('dir.place')} error={f.errors['place.label']}><input value={v.placeLabel} onChange={(e) => set({ placeLabel: e.target.value })} /></Field>
        <Field label={t('dir.phone')} error={f.errors.phone}><input value={v.phone} onChange={(e) => set({ phone: e.target.value })} /></Field>
        <Field label={t('loc.lat')} error={f.errors['place.point.lat']}><input inputMode="decimal" name="lat" value={v.lat} onChange={(e) => set({ lat: e.target.value })} /></Field>
        <Field label={t('loc.lon')} error={f.errors['place.point.lon']}><input inputMode="decimal" name="lon" value={v.lon} onChange={(e) => set({ lon: e.target.value })} /></Field>
      </div>
      <PointPicker lat={v.lat} lon={v.lon} onPick={(lat, lon) => set({ lat, lon })} />
    </Dialog>
  );
}

export function PersonFormDialog(props: { agencyId: string; units: Unit[]; person?: Person; onClose(): void; onSave(d: z.output<typeof PersonDraft>): Promise<unknown> }) {
  const { t, td } = useT();
  const p = props.person;
  const [v, setV] = useState({
    unitId: p?.unitId ?? '', fullName: p?.fullName ?? '', position: p?.position ?? '', rank: p?.rank ?? '', phone: p?.phone ?? '',
    email: p?.email ?? '', callsign: p?.callsign ?? '', skills: p?.skills ?? [], clearance: p?.clearance ?? 'none',
  });
  const f = useSubmit(PersonDraft, props.onSave, props.onClose);
  const set = (x: Partial<typeof v>) => setV((o) => ({ ...o, ...x }));
  const value = { ...v, agencyId: props.agencyId, unitId: v.unitId || null };
  return (
    <Dialog title={t('dir.personTitle')} onClose={props.onClose} onSubmit={() => f.submit(value)} busy={f.busy} footerExtra={f.footer} wide testId="person-form">
      <div className="grid">
        <Field label={t('dir.fullName')} error={f.errors.fullName}><input value={v.fullName} onChange={(e) => set({ fullName: e.target.value })} data-autofocus /></Field>
        <Field label={t('task.unit')} error={f.errors.unitId}>
          <select value={v.unitId} onChange={(e) => set({ unitId: e.target.value })}>
            <option value="">{t('common.none')}</option>
            {props.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </Field>
        <Field label={t('dir.position')} error={f.errors.position}><input value={v.position} onChange={(e) => set({ position: e.target.value })} /></Field>
        <Field label={t('dir.rank')} error={f.errors.rank}><input value={v.rank} onChange={(e) => set({ rank: e.target.value })} /></Field>
        <Field label={t('dir.phone')} error={f.errors.phone}><input value={v.phone} onChange={(e) => set({ phone: e.target.value })} /></Field>
        <Field label={t('dir.email')} error={f.errors.email}><input type="email" value={v.email} onChange={(e) => set({ email: e.target.value })} /></Field>
        <Field label={t('dir.callsign')} error={f.errors.callsign}><input value={v.callsign} onChange={(e) => set({ callsign: e.target.value })} /></Field>
        <Field label={t('dir.clearance')} error={f.errors.clearance}>
          <select value={v.clearance} onChange={(e) => set({ clearance: e.target.value as Person['clearance'] })}>
            {CLEARANCES.map((c) => <option key={c} value={c}>{td(`clearance.${c}`)}</option>)}
          </select>
        </Field>
      </div>
      <div className="checks" role="group" aria-label={t('dir.skills')}>
        <div className="group-label">{t('dir.skills')}</div>
        {PERSON_SKILLS.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={v.skills.includes(s)} onChange={(e) => set({ skills: e.target.checked ? [...v.skills, s] : v.skills.filter((x) => x !== s) })} />
            {td(`skill.${s}`)}
          </label>
        ))}
      </div>
    </Dialog>
  );
}

export function ResourceFormDialog(props: { agencyId: string; units: Unit[]; resource?: Resource; onClose(): void; onSave(d: z.output<typeof ResourceDraft>): Promise<unknown> }) {
  const { t, td } = useT();
  const r = props.resource;
  const [v, setV] = useState({
    unitId: r?.unitId ?? '', name: r?.name ?? '', kind: r?.kind ?? 'vehicle', capacity: String(r?.capacity ?? 0),
    identifier: r?.identifier ?? '', notes: r?.notes ?? '',
  });
  const f = useSubmit(ResourceDraft, props.onSave, props.onClose);
  const set = (x: Partial<typeof v>) => setV((o) => ({ ...o, ...x }));
  const value = { ...v, agencyId: props.agencyId, unitId: v.unitId || null, capacity: Number(v.capacity) };
  return (
    <Dialog title={t('dir.resourceTitle')} onClose={props.onClose} onSubmit={() => f.submit(value)} busy={f.busy} footerExtra={f.footer} testId="resource-form">
      <div className="grid">
        <Field label={t('dir.resName')} error={f.errors.name}><input value={v.name} onChange={(e) => set({ name: e.target.value })} data-autofocus /></Field>
        <Field label={t('dir.resKind')} error={f.errors.kind}>
          <select value={v.kind} onChange={(e) => set({ kind: e.target.value as Resource['kind'] })}>
            {RESOURCE_KINDS.map((k) => <option key={k} value={k}>{td(`resourceKind.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('task.unit')} error={f.errors.unitId}>
          <select value={v.unitId} onChange={(e) => set({ unitId: e.target.value })}>
            <option value="">{t('common.none')}</option>
            {props.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </Field>
        <Field label={t('dir.capacity')} error={f.errors.capacity}><input type="number" min={0} value={v.capacity} onChange={(e) => set({ capacity: e.target.value })} /></Field>
        <Field label={t('dir.identifier')} error={f.errors.identifier}><input value={v.identifier} onChange={(e) => set({ identifier: e.target.value })} /></Field>
        <Field label={t('common.notes')} error={f.errors.notes}><input value={v.notes} onChange={(e) => set({ notes: e.target.value })} /></Field>
      </div>
    </Dialog>
  );
}
