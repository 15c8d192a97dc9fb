/**
 * The directory: agencies with their procedural powers, and per agency its units, people and
 * resources. People lists can be long (roster imports), so they are virtualised.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Agency, Person, Resource, Unit } from '../../../../shared/domain/directory.js';
import { PROCEDURAL_POWERS, type ProceduralPower } from '../../../../shared/domain/enums.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { ConfirmDialog } from '../../ui/Dialog.js';
import { useApiQuery } from '../../api/queries.js';
import type { AsyncState } from '../../ui/async-state.js';
import { agencyName, useAgencies } from './agencies.js';
import { AgencyFormDialog, PersonFormDialog, ResourceFormDialog, UnitFormDialog } from './directory-forms.js';
import { RosterImportDialog } from './RosterImportDialog.js';

type Section = 'people' | 'units' | 'resources';
type Editing =
  | { kind: 'agency' }
  | { kind: 'unit'; unit?: Unit }
  | { kind: 'person'; person?: Person }
  | { kind: 'resource'; resource?: Resource }
  | { kind: 'import' }
  | { kind: 'delete'; what: 'unit' | 'person' | 'resource'; id: string; name: string }
  | null;

export function DirectoryPage(_props: PageProps) {
  const { t, lang } = useT();
  const dir = useAgencies();
  const [agencyId, setAgencyId] = useState('DMS');
  const [section, setSection] = useState<Section>('people');
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const data = useDirectoryOf(agencyId);
  const agency = dir.byId.get(agencyId);

  if (dir.error) return <div className="page"><ErrorState error={dir.error} onRetry={() => void dir.refresh()} /></div>;
  if (!dir.loaded) return <div className="page"><Loading /></div>;

  const close = () => setEditing(null);
  const units = data.state.data?.units ?? [];
  const saved = async () => {
    await data.reload();
  };

  return (
    <div className="page directory-page">
      <div className="page-header">
        <h1>{t('dir.title')}</h1>
        <span className="spacer" />
        <button onClick={() => setEditing({ kind: 'import' })}>{t('dir.importRoster')}</button>
        <button onClick={() => setEditing({ kind: 'agency' })}>{t('dir.newAgency')}</button>
      </div>
      {notice ? <div className="alert warn" role="status">{notice}</div> : null}
      <div className="directory">
        <nav className="agency-list" aria-label={t('dir.agencies')}>
          {dir.agencies.map((a) => (
            <button key={a.id} aria-current={a.id === agencyId} onClick={() => setAgencyId(a.id)}>
              <span className="dot" style={{ background: a.color }} aria-hidden="true" />
              <span className="code">{a.code}</span>
              <span>{agencyName(a, lang)}</span>
            </button>
          ))}
        </nav>
        <div className="page" style={{ padding: 0 }}>
          {agency ? <AgencyPanel key={agency.id} agency={agency} onSaved={() => void dir.refresh()} /> : null}
          <div className="tabs-row">
            <div className="tabs" role="tablist">
              {(['people', 'units', 'resources'] as const).map((s) => (
                <button key={s} role="tab" aria-selected={section === s} onClick={() => setSection(s)}>
                  {t(`dir.${s}`)} {data.state.data ? <span className="badge">{data.state.data[s].length}</span> : null}
                </button>
              ))}
            </div>
            <span className="spacer" />
            <button className="link" onClick={() => setEditing(section === 'people' ? { kind: 'person' } : section === 'units' ? { kind: 'unit' } : { kind: 'resource' })}>
              + {t(section === 'people' ? 'dir.newPerson' : section === 'units' ? 'dir.newUnit' : 'dir.newResource')}
            </button>
          </div>
          {data.state.status === 'error' ? <ErrorState error={data.state.error} onRetry={data.reload} /> : null}
          {!data.state.data ? <Loading /> : section === 'people' ? (
            <PeopleTable people={data.state.data.people} units={units}
              onEdit={(p) => setEditing({ kind: 'person', person: p })}
              onDelete={(p) => setEditing({ kind: 'delete', what: 'person', id: p.id, name: p.fullName })} />
          ) : section === 'units' ? (
            <table className="plain panel" data-testid="units-table">
              <thead><tr><th>{t('dir.unitName')}</th><th>{t('dir.unitKind')}</th><th>{t('dir.place')}</th><th>{t('dir.phone')}</th><th>{t('common.actions')}</th></tr></thead>
              <tbody>
                {units.length === 0 ? <tr><td colSpan={5} className="muted">{t('dir.noUnits')}</td></tr> : units.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td><td>{u.kind}</td><td>{u.place.label}</td><td>{u.phone}</td>
                    <td className="row-actions">
                      <button className="small" onClick={() => setEditing({ kind: 'unit', unit: u })}>{t('common.edit')}</button>
                      <button className="small link" onClick={() => setEditing({ kind: 'delete', what: 'unit', id: u.id, name: u.name })}>{t('common.delete')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <ResourcesTable resources={data.state.data.resources} units={units}
              onEdit={(r) => setEditing({ kind: 'resource', resource: r })}
              onDelete={(r) => setEditing({ kind: 'delete', what: 'resource', id: r.id, name: r.name })} />
          )}
        </div>
      </div>

      {editing?.kind === 'agency' ? (
        <AgencyFormDialog onClose={close} onSave={async (d) => {
          const a = await api.directory.createAgency(d);
          await dir.refresh();
          setAgencyId(a.id);
        }} />
      ) : null}
      {editing?.kind === 'unit' ? (
        <UnitFormDialog agencyId={agencyId} {...(editing.unit ? { unit: editing.unit } : {})} onClose={close}
          onSave={async (d) => {
            if (editing.unit) await api.directory.updateUnit({ ...d, id: editing.unit.id });
            else await api.directory.createUnit(d);
            await saved();
          }} />
      ) : null}
      {editing?.kind === 'person' ? (
        <PersonFormDialog agencyId={agencyId} units={units} {...(editing.person ? { person: editing.person } : {})} onClose={close}
          onSave={async (d) => {
            if (editing.person) await api.directory.updatePerson({ ...d, id: editing.person.id });
            else await api.directory.createPerson(d);
            await saved();
          }} />
      ) : null}
      {editing?.kind === 'resource' ? (
        <ResourceFormDialog agencyId={agencyId} units={units} {...(editing.resource ? { resource: editing.resource } : {})} onClose={close}
          onSave={async (d) => {
            if (editing.resource) await api.directory.updateResource({ ...d, id: editing.resource.id });
            else await api.directory.createResource(d);
            await saved();
          }} />
      ) : null}
      {editing?.kind === 'import' ? (
        <RosterImportDialog units={data.state.data?.allUnits ?? []} onClose={close} onImported={(n) => {
          setNotice(t('imp.done', { count: n }));
          void saved();
        }} />
      ) : null}
      {editing?.kind === 'delete' ? (
        <ConfirmDialog title={t('common.confirmDeleteTitle')} body={t('common.confirmDeleteBody', { name: editing.name })} confirmLabel={t('common.delete')}
          onClose={close}
          onConfirm={async () => {
            try {
              if (editing.what === 'unit') await api.directory.removeUnit({ id: editing.id });
              if (editing.what === 'person') await api.directory.removePerson({ id: editing.id });
              if (editing.what === 'resource') await api.directory.removeResource({ id: editing.id });
              setNotice(null);
            } catch (e) {
              setNotice(String(describeError(e, t)));
            }
            close();
            await saved();
          }} />
      ) : null}
    </div>
  );
}

function AgencyPanel(props: { agency: Agency; onSaved(): void }) {
  const { t, td, lang } = useT();
  const a = props.agency;
  const [powers, setPowers] = useState<ProceduralPower[]>(a.powers);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => setPowers(a.powers), [a.powers]);
  const dirty = [...powers].sort().join() !== [...a.powers].sort().join();
  return (
    <section className="panel" aria-label={agencyName(a, lang)}>
      <div className="op-title">
        <span className="dot" style={{ background: a.color, width: 14, height: 14 }} aria-hidden="true" />
        <h2>{agencyName(a, lang)}</h2>
        <span className="muted">{a.code} · {td(`agencyKind.${a.kind}`)}{a.country ? ` · ${a.country}` : ''}</span>
      </div>
      <div className="checks" role="group" aria-label={t('dir.powers')}>
        <div className="group-label">{t('dir.powers')}</div>
        {PROCEDURAL_POWERS.map((p) => (
          <label key={p} className="check">
            <input type="checkbox" checked={powers.includes(p)} onChange={(e) => setPowers(e.target.checked ? [...powers, p] : powers.filter((x) => x !== p))} />
            {td(`power.${p}`)}
          </label>
        ))}
      </div>
      <div className="row-actions" style={{ marginTop: 8 }}>
        <button disabled={!dirty} onClick={async () => {
          try {
            await api.directory.setAgencyPowers({ agencyId: a.id, powers });
            setStatus(t('dir.powersSaved'));
            props.onSaved();
          } catch (e) {
            setStatus(String(describeError(e, t)));
          }
        }}>{t('dir.savePowers')}</button>
        {status ? <span className="muted small" role="status">{status}</span> : null}
      </div>
    </section>
  );
}

const ROW = 38;

function PeopleTable(props: { people: Person[]; units: Unit[]; onEdit(p: Person): void; onDelete(p: Person): void }) {
  const { t, td } = useT();
  const parent = useRef<HTMLDivElement>(null);
  const unitName = new Map(props.units.map((u) => [u.id, u.name]));
  const v = useVirtualizer({ count: props.people.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 10 });
  if (props.people.length === 0) return <div className="state">{t('dir.noPeople')}</div>;
  return (
    <div className="vtable" role="table" data-testid="people-table">
      <div className="vrow vhead dir-grid" role="row">
        <span role="columnheader">{t('dir.fullName')}</span><span role="columnheader">{t('dir.position')}</span>
        <span role="columnheader">{t('dir.rank')}</span><span role="columnheader">{t('dir.callsign')}</span>
        <span role="columnheader">{t('task.unit')}</span><span role="columnheader">{t('common.actions')}</span>
      </div>
      <div className="vbody" ref={parent}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const p = props.people[item.index]!;
            return (
              <div key={p.id} role="row" className="vrow dir-grid" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
                <span role="cell" className="strong" title={[p.fullName, ...p.skills.map((s) => td(`skill.${s}`))].join(', ')}>{p.fullName}</span>
                <span role="cell" title={p.position}>{p.position}</span><span role="cell" title={p.rank}>{p.rank}</span><span role="cell" title={p.callsign}>{p.callsign}</span>
                <span role="cell" title={p.unitId ? unitName.get(p.unitId) ?? '' : ''}>{p.unitId ? unitName.get(p.unitId) ?? '' : ''}</span>
                <span role="cell" className="row-actions">
                  <button className="small" onClick={() => props.onEdit(p)}>{t('common.edit')}</button>
                  <button className="small link" onClick={() => props.onDelete(p)} aria-label={`${t('common.delete')} ${p.fullName}`}>×</button>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function ResourcesTable(props: { resources: Resource[]; units: Unit[]; onEdit(r: Resource): void; onDelete(r: Resource): void }) {
  const { t, td } = useT();
  const unitName = new Map(props.units.map((u) => [u.id, u.name]));
  if (props.resources.length === 0) return <div className="state">{t('dir.noResources')}</div>;
  return (
    <table className="plain panel" data-testid="resources-table">
      <thead><tr><th>{t('dir.resName')}</th><th>{t('dir.resKind')}</th><th>{t('dir.capacity')}</th><th>{t('dir.identifier')}</th><th>{t('task.unit')}</th><th>{t('common.actions')}</th></tr></thead>
      <tbody>
        {props.resources.map((r) => (
          <tr key={r.id}>
            <td>{r.name}</td><td>{td(`resourceKind.${r.kind}`)}</td><td className="num">{r.capacity}</td><td>{r.identifier}</td>
            <td>{r.unitId ? unitName.get(r.unitId) ?? '' : ''}</td>
            <td className="row-actions">
              <button className="small" onClick={() => props.onEdit(r)}>{t('common.edit')}</button>
              <button className="small link" onClick={() => props.onDelete(r)} aria-label={`${t('common.delete')} ${r.name}`}>×</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The agency's units, people and resources, and every unit (for the roster import), as one view state. */
function useDirectoryOf(agencyId: string) {
  const parts = [
    useApiQuery('directory', 'listUnits', { agencyId }),
    useApiQuery('directory', 'listPeople', { agencyId }),
    useApiQuery('directory', 'listResources', { agencyId }),
    useApiQuery('directory', 'listUnits', { agencyId: null }),
  ] as const;
  const [units, people, resources, allUnits] = parts;
  const failed = parts.find((p) => p.isError);
  const data = units.data && people.data && resources.data && allUnits.data
    ? { units: units.data, people: people.data, resources: resources.data, allUnits: allUnits.data }
    : undefined;
  const state: AsyncState<NonNullable<typeof data>> = failed
    ? { status: 'error', error: failed.error, ...(data ? { data } : {}) }
    : data ? { status: 'ok', data } : { status: 'loading' };
  const reload = async () => {
    await Promise.all(parts.map((p) => p.refetch()));
  };
  return { state, reload };
}
