/**
 * The synchronization matrix of one operation, drawn from shared/planning/sync-matrix.ts (the
 * briefing pack prints the same data). Times are shown in the operation's zone: the matrix is
 * the plan as the people on the ground read their watches.
 */
import { Fragment, useMemo, useState } from 'react';
import { agencyFullName, agencyShort, type Unit } from '../../../../shared/domain/directory.js';
import {
  buildSyncMatrix, type MatrixColumn, type MatrixEntry, type MatrixRow,
} from '../../../../shared/planning/sync-matrix.js';
import { instantToWall, zoneShortName } from '../../../../shared/planning/time-zones.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { ErrorState } from '../../ui/AsyncView.js';
import { openTask } from '../calendar/open-task.js';
import { agencyName, agencyShortName } from '../directory/agencies.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import './matrix.css';

const NO_UNITS: Unit[] = [];

type ColumnMode = 'auto' | 'buckets';
const BUCKET_CHOICES = [1, 2, 3, 4, 6, 12, 24] as const;

export function MatrixTab({ operationId, plan, agencies }: OperationTabProps) {
  const { t, td, lang } = useT();
  const unitsQuery = useApiQuery('directory', 'listUnits', { agencyId: null });
  const units = unitsQuery.data ?? NO_UNITS;
  const unitsError = unitsQuery.isError ? unitsQuery.error : null;
  const [mode, setMode] = useState<ColumnMode>('auto');
  const [bucketHours, setBucketHours] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const zone = plan.operation.timeZone;
  const matrix = useMemo(() => buildSyncMatrix(
    { operation: plan.operation, phases: plan.phases, tasks: plan.tasks, agencies, units },
    { columns: mode, ...(bucketHours ? { bucketHours } : {}) },
  ), [plan, agencies, units, mode, bucketHours]);

  const wall = (iso: string) => instantToWall(iso, zone);
  const hm = (iso: string) => wall(iso).slice(11, 16);
  const dayHm = (iso: string) => {
    const w = wall(iso);
    return `${w.slice(8, 10)}.${w.slice(5, 7)} ${w.slice(11, 16)}`;
  };

  const columnTitle = (c: MatrixColumn) => {
    if (c.kind === 'phase') return c.name;
    if (c.kind === 'unphased') return t('matrix.unphased');
    return dayHm(c.startsAt);
  };
  const columnRange = (c: MatrixColumn) => (c.startsAt && c.endsAt ? `${dayHm(c.startsAt)} – ${dayHm(c.endsAt)}` : '');

  const toggle = (key: string) => setExpanded((s) => {
    const next = new Set(s);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  });

  const rowKey = (r: MatrixRow) => r.agencyId ?? '∅';
  const rowLabel = (r: MatrixRow) => (r.kind === 'unassigned'
    ? t('matrix.unassigned')
    : r.agency ? `${agencyShort(r.agency, lang)} — ${agencyFullName(r.agency, lang)}` : r.agencyId ?? '');
  const colorOf = (r: MatrixRow) => r.agency?.color ?? '#6b7280';
  const agencyById = useMemo(() => new Map(agencies.map((a) => [a.id, a])), [agencies]);

  const chip = (e: MatrixEntry, color: string, columnIndex: number) => (
    <button
      key={e.taskId}
      type="button"
      className={`matrix-chip status-${e.status}${e.isKeyEvent ? ' key-event' : ''}${e.isDecisionPoint ? ' decision-point' : ''}`}
      style={{ borderLeftColor: color }}
      onClick={() => openTask(operationId, e.taskId)}
      title={`${e.title} (${td(`taskStatus.${e.status}`)})`}
      data-task-id={e.taskId}
    >
      <span className="chip-time">
        {hm(e.startsAt)}–{hm(e.endsAt)}
        {e.lastColumnIndex > columnIndex ? <span className="chip-continues" title={t('matrix.continues', { n: e.lastColumnIndex + 1 })}> →</span> : null}
      </span>
      <span className="chip-title">
        {e.isKeyEvent ? <span className="mark key" title={t('matrix.keyEvent')} aria-label={t('matrix.keyEvent')}>★</span> : null}
        {e.isDecisionPoint ? <span className="mark decision" title={t('matrix.decisionPoint')} aria-label={t('matrix.decisionPoint')}>◆</span> : null}
        {e.title}
      </span>
    </button>
  );

  const markersByColumn = matrix.columns.map((c) => matrix.markers.filter((m) => m.columnIndex === c.index));
  const hasMarkers = matrix.markers.length > 0;
  const titleOf = new Map(plan.tasks.map((x) => [x.id, x.title]));

  return (
    <section className="matrix-tab" aria-label={t('matrix.title')}>
      <div className="matrix-toolbar">
        <label>
          <span>{t('matrix.columns')}</span>
          <select value={mode} onChange={(e) => setMode(e.target.value as ColumnMode)} data-testid="matrix-columns">
            <option value="auto">{plan.phases.length > 0 ? t('matrix.columns.phases') : t('matrix.columns.buckets')}</option>
            {plan.phases.length > 0 ? <option value="buckets">{t('matrix.columns.buckets')}</option> : null}
          </select>
        </label>
        {matrix.mode === 'buckets' ? (
          <label>
            <span>{t('matrix.bucketHours')}</span>
            <select value={bucketHours ?? matrix.bucketHours ?? ''} onChange={(e) => setBucketHours(Number(e.target.value))}>
              {[...new Set([...BUCKET_CHOICES, matrix.bucketHours ?? 1])].sort((a, b) => a - b).map((h) => <option key={h} value={h}>{h}</option>)}
            </select>
          </label>
        ) : null}
        <span className="muted">{t('cal.zone')}: {zoneShortName(zone)}</span>
        <span className="matrix-key">
          <span className="mark key">★</span> {t('matrix.keyEvent')}
          <span className="mark decision">◆</span> {t('matrix.decisionPoint')}
        </span>
      </div>
      {unitsError ? <ErrorState error={unitsError} /> : null}
      {plan.tasks.length === 0 ? <p className="muted">{t('matrix.empty')}</p> : null}

      <div className="matrix-scroll" tabIndex={0}>
        <table className="matrix" data-testid="sync-matrix">
          <thead>
            <tr>
              <th className="corner" scope="col">{t('matrix.agency')}</th>
              {matrix.columns.map((c) => (
                <th key={c.id} scope="col" className={`col-${c.kind}`}>
                  <div className="col-title">{columnTitle(c)}</div>
                  <div className="col-range">{c.kind === 'bucket' ? `– ${dayHm(c.endsAt)}` : columnRange(c)}</div>
                </th>
              ))}
            </tr>
            {hasMarkers ? (
              <tr className="marker-row">
                <th scope="row" className="corner">{t('matrix.keyEvent')} / {t('matrix.decisionPoint')}</th>
                {markersByColumn.map((ms, i) => (
                  <td key={matrix.columns[i]!.id}>
                    {ms.map((m) => (
                      <div key={`${m.taskId}:${m.kind}`} className={`marker ${m.kind}`}>
                        <span className="mark">{m.kind === 'key_event' ? '★' : '◆'}</span> {hm(m.at)}{' '}
                        {m.agencyId ? agencyShortName(agencyById.get(m.agencyId), lang) : ''} {titleOf.get(m.taskId) ?? ''}
                      </div>
                    ))}
                  </td>
                ))}
              </tr>
            ) : null}
          </thead>
          <tbody>
            {matrix.rows.map((r) => {
              const key = rowKey(r);
              const open = expanded.has(key);
              const color = colorOf(r);
              return (
                <Fragment key={key}>
                  <tr className={`agency-row ${r.kind}`} data-agency-row={r.agencyId ?? 'unassigned'}>
                    <th scope="row" style={{ borderLeftColor: color }}>
                      <div className="row-head">
                        <button
                          type="button"
                          className="expander"
                          aria-expanded={open}
                          onClick={() => toggle(key)}
                          disabled={r.units.length === 0}
                          title={open ? t('matrix.collapse') : t('matrix.expand')}
                          aria-label={`${open ? t('matrix.collapse') : t('matrix.expand')}: ${rowLabel(r)}`}
                        >
                          {r.units.length > 0 ? (open ? '▾' : '▸') : '·'}
                        </button>
                        <span className="row-label" title={r.agency ? agencyName(agencyById.get(r.agency.id), lang) : undefined}>{rowLabel(r)}</span>
                        <span className="row-meta">
                          {r.role === 'lead' ? <span className="badge">{t('matrix.lead')}</span> : null}
                          {r.role === 'other' ? <span className="badge warn">{t('matrix.other')}</span> : null}
                          <span className="muted">{t('matrix.tasks', { n: r.taskCount })}</span>
                        </span>
                      </div>
                    </th>
                    {r.cells.map((cell, i) => (
                      <td key={matrix.columns[i]!.id}>{cell.map((e) => chip(e, color, i))}</td>
                    ))}
                  </tr>
                  {open ? r.units.map((u) => (
                    <tr key={`${key}:${u.unitId ?? '∅'}`} className="unit-row">
                      <th scope="row" style={{ borderLeftColor: color }}>
                        <span className="unit-label">{u.unitId === null ? t('matrix.noUnit') : u.name ?? '…'}</span>
                      </th>
                      {u.cells.map((cell, i) => (
                        <td key={matrix.columns[i]!.id}>{cell.map((e) => chip(e, color, i))}</td>
                      ))}
                    </tr>
                  )) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
