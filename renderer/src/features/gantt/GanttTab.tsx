/**
 * The operation's timeline: tasks by phase or agency on the operation's clock, dependency arrows
 * with their lags, the critical path in red, slack as a thin line after a bar, the operation's
 * window, the current time, key events and decision points. Geometry comes from
 * shared/planning/gantt.ts (the briefing pack prints the same model); this view only draws it.
 *
 * Drag a bar to move it, an edge to resize it, or use the keyboard on a focused bar: every change
 * is `api.tasks.update`, the calendar's call and save guard, so a move that would create a
 * blocking conflict is refused the same way; the bar snaps back and the reason appears beside it.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Task } from '../../../../shared/domain/task.js';
import {
  GANTT_METRICS, GANTT_ZOOMS, dragWindow, fitZoom, keyWindow, layoutGantt, type GanttBar, type GanttLayout, type GanttZoom,
} from '../../../../shared/planning/gantt.js';
import { wallLabel } from '../../../../shared/i18n/time-format.js';
import { api } from '../../api/client.js';
import { apiQueryKey, putQueryData } from '../../api/queries.js';
import { useT, type Translator } from '../../app/i18n.store.js';
import { anchorOf, FloatingNotice, type Notice } from '../../ui/FloatingNotice.js';
import { rejectionReason } from '../calendar/calendar-errors.js';
import { agencyShortName } from '../directory/agencies.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { TaskFormDialog } from '../operations/TaskFormDialog.js';
import type { OperationPlan } from '../../../../shared/api/operations.js';
import './gantt.css';

/** Measured by the Gantt benchmark (test/bench/gantt.bench.ts). */
export const GANTT_MEASURE = 'spilno:gantt-render';
const LABEL_WIDTH = 260;
/** Room after the axis's last day for a lag or slack label. */
const TAIL = 64;
const M = GANTT_METRICS;
const HOUR = 3_600_000;

type Mode = 'move' | 'start' | 'end';
interface Drag { taskId: string; mode: Mode; x0: number; dx: number }

export function GanttTab({ operationId, plan, agencies, reload }: OperationTabProps) {
  const tr = useT();
  const { t, lang } = tr;
  const op = plan.operation;
  const zf = tr.zoned(op.timeZone);
  const [groupBy, setGroupBy] = useState<'phase' | 'agency'>('phase');
  const [zoom, setZoom] = useState<GanttZoom | null>(null);
  // A first guess from the window (the page's side padding), measured once mounted.
  const [avail, setAvail] = useState(() => window.innerWidth - LABEL_WIDTH - 72);
  const [pending, setPending] = useState<ReadonlyMap<string, { startsAt: string; endsAt: string }>>(new Map());
  const [drag, setDrag] = useState<Drag | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [editing, setEditing] = useState<Task | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const painted = useRef(false);

  // The first zoom shows the whole window in the space there is; the planner zooms from there.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el) setAvail(Math.max(200, el.clientWidth - LABEL_WIDTH - 16));
  }, []);
  const effectiveZoom: GanttZoom = zoom ?? fitZoom(op.startsAt, op.endsAt, op.timeZone, avail);

  const tasks = useMemo(
    () => plan.tasks.map((x) => {
      const p = pending.get(x.id);
      return p ? { ...x, ...p } : x;
    }),
    [plan.tasks, pending],
  );
  const agencyRows = useMemo(() => {
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const ids = [op.leadAgencyId, ...op.participatingAgencyIds];
    for (const a of agencies) if (!ids.includes(a.id)) ids.push(a.id);
    return ids.map((id) => byId.get(id)).filter((a) => a !== undefined)
      .map((a) => ({ id: a.id, label: agencyShortName(a, lang), color: a.color }));
  }, [agencies, op.leadAgencyId, op.participatingAgencyIds, lang]);

  const layout = useMemo(() => {
    performance.mark('spilno:gantt-data');
    painted.current = false;
    return layoutGantt({
      operation: op, phases: plan.phases, tasks, agencies: agencyRows, groupBy, zoom: effectiveZoom, now: Date.now(),
      labels: { noPhase: t('task.noPhase'), unassigned: t('board.unassigned') },
    });
  }, [op, plan.phases, tasks, agencyRows, groupBy, effectiveZoom, t]);

  useEffect(() => {
    if (painted.current) return;
    painted.current = true;
    // After the browser has laid out and painted the chart.
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark('spilno:gantt-painted');
      performance.measure(GANTT_MEASURE, 'spilno:gantt-data', 'spilno:gantt-painted');
    }, 0));
  }, [layout]);

  const taskById = useMemo(() => new Map(tasks.map((x) => [x.id, x])), [tasks]);

  const save = useCallback(async (task: Task, next: { startsAt: string; endsAt: string }, anchorEl: Element | null) => {
    setPending((p) => new Map(p).set(task.id, next));
    try {
      const saved = await api.tasks.update({ id: task.id, patch: next });
      await putQueryData<OperationPlan>(apiQueryKey('operations', 'getPlan', { id: operationId }),
        (old) => ({ ...old, tasks: old.tasks.map((x) => (x.id === saved.id ? saved : x)) }));
      setNotice({ kind: 'ok', text: t('gantt.moved', { title: saved.title, window: zf.range(saved.startsAt, saved.endsAt) }), anchor: anchorOf(anchorEl) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('gantt.rejected', { reason: rejectionReason(error, tr, op.timeZone) }), anchor: anchorOf(anchorEl) });
      void reload();
    } finally {
      setPending((p) => {
        const n = new Map(p);
        n.delete(task.id);
        return n;
      });
    }
  }, [operationId, reload, t, tr, zf, op.timeZone]);

  const barEl = (taskId: string) => scrollRef.current?.querySelector(`[data-task-id="${CSS.escape(taskId)}"]`) ?? null;

  const onPointerDown = (e: PointerEvent<SVGGElement>, bar: GanttBar) => {
    if (e.button !== 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const at = e.clientX - box.left;
    const edge = Math.min(6, bar.width / 3);
    const mode: Mode = at <= edge ? 'start' : at >= box.width - edge ? 'end' : 'move';
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ taskId: bar.taskId, mode, x0: e.clientX, dx: 0 });
  };
  const onPointerMove = (e: PointerEvent<SVGGElement>) => {
    if (drag) setDrag({ ...drag, dx: e.clientX - drag.x0 });
  };
  const onPointerUp = (e: PointerEvent<SVGGElement>) => {
    const d = drag;
    setDrag(null);
    if (!d) return;
    const task = taskById.get(d.taskId);
    if (!task) return;
    if (Math.abs(e.clientX - d.x0) < 3) {
      setEditing(plan.tasks.find((x) => x.id === d.taskId) ?? null);
      return;
    }
    const next = dragWindow(task, d.mode, e.clientX - d.x0, effectiveZoom);
    if (next.startsAt === task.startsAt && next.endsAt === task.endsAt) return;
    void save(task, next, e.currentTarget);
  };
  const onKeyDown = (e: KeyboardEvent<SVGGElement>, taskId: string) => {
    const task = taskById.get(taskId);
    if (!task) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setEditing(plan.tasks.find((x) => x.id === taskId) ?? null);
      return;
    }
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = keyWindow(task, e.key, e.shiftKey, effectiveZoom);
    if (!next) {
      setNotice({ kind: 'error', text: t('gantt.cannotShorten', { title: task.title }), anchor: anchorOf(e.currentTarget) });
      return;
    }
    void save(task, next, e.currentTarget).then(() => requestAnimationFrame(() => (barEl(taskId) as SVGGElement | null)?.focus()));
  };

  const zoomIndex = GANTT_ZOOMS.indexOf(effectiveZoom);
  return (
    <div className="gantt" data-testid="gantt">
      <div className="board-toolbar gantt-toolbar">
        <label className="filter">
          <span>{t('gantt.groupBy')}</span>
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as 'phase' | 'agency')} data-testid="gantt-group">
            <option value="phase">{t('gantt.byPhase')}</option>
            <option value="agency">{t('gantt.byAgency')}</option>
          </select>
        </label>
        <label className="filter">
          <span>{t('gantt.zoom')}</span>
          <select value={effectiveZoom} onChange={(e) => setZoom(e.target.value as GanttZoom)} data-testid="gantt-zoom">
            {GANTT_ZOOMS.map((z) => <option key={z} value={z}>{t(`gantt.zoom.${z}`)}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => setZoom(GANTT_ZOOMS[zoomIndex + 1] ?? effectiveZoom)} disabled={zoomIndex >= GANTT_ZOOMS.length - 1}
          aria-label={t('gantt.zoomOut')} title={t('gantt.zoomOut')}>−</button>
        <button type="button" onClick={() => setZoom(GANTT_ZOOMS[zoomIndex - 1] ?? effectiveZoom)} disabled={zoomIndex <= 0}
          aria-label={t('gantt.zoomIn')} title={t('gantt.zoomIn')}>+</button>
        <Summary layout={layout} tr={tr} zone={op.timeZone} />
      </div>
      <Legend t={t} />
      <p className="muted small" id="gantt-keys-hint">{t('gantt.keysHint')}</p>
      {tasks.length === 0 ? <div className="empty-state"><p>{t('gantt.empty')}</p></div> : (
        <div className="gantt-scroll" ref={scrollRef} data-zoom={effectiveZoom}>
          <div className="gantt-grid" style={{ gridTemplateColumns: `${LABEL_WIDTH}px ${layout.width + TAIL}px` }}>
            <div className="gantt-corner">{t('gantt.tasks')}</div>
            <Axis layout={layout} lang={lang} todayLabel={t('gantt.today')} />
            <div className="gantt-labels" style={{ height: layout.height }}>
              {layout.rows.map((r) => r.kind === 'group' ? (
                <div key={`g-${r.key}`} className="gantt-group-label" style={{ height: r.height, ['--col' as string]: r.color ?? 'transparent' }}>
                  <span className="gantt-ellipsis" title={r.label}>{r.label}</span><span className="badge">{r.count}</span>
                </div>
              ) : (
                <div key={r.taskId} className="gantt-task-label" style={{ height: r.height }}>
                  <button type="button" className="gantt-ellipsis" title={r.label}
                    onClick={() => setEditing(plan.tasks.find((x) => x.id === r.taskId) ?? null)}>{r.label}</button>
                </div>
              ))}
            </div>
            <Chart layout={layout} drag={drag} tasks={taskById} tr={tr} zone={op.timeZone} codeName={op.codeName}
              onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onKeyDown={onKeyDown} />
          </div>
        </div>
      )}
      <FloatingNotice notice={notice} onClose={() => setNotice(null)} testId="gantt-notice" />
      {editing ? <TaskFormDialog plan={plan} task={editing} onClose={() => setEditing(null)} onSaved={reload} /> : null}
    </div>
  );
}

function Summary({ layout, tr, zone }: { layout: GanttLayout; tr: Translator; zone: string }) {
  const { t } = tr;
  const zf = tr.zoned(zone);
  return (
    <div className="gantt-summary small" data-testid="gantt-summary">
      {layout.projectFinish ? <span>{t('gantt.finish', { at: zf.atLabelled(layout.projectFinish) })}</span> : null}
      {layout.endSlackMinutes !== null ? (
        layout.endSlackMinutes >= 0
          ? <span>{t('gantt.endSlack', { duration: tr.duration(layout.endSlackMinutes) })}</span>
          : <span className="gantt-overrun">{t('gantt.overrun', { duration: tr.duration(-layout.endSlackMinutes) })}</span>
      ) : null}
      {layout.cyclic.length > 0 ? <span className="gantt-overrun">{t('gantt.cyclic', { count: layout.cyclic.length })}</span> : null}
    </div>
  );
}

function Legend({ t }: { t: Translator['t'] }) {
  return (
    <div className="gantt-legend small" aria-label={t('cal.legend')}>
      <span><svg width="22" height="10" aria-hidden="true"><rect x="1" y="1" width="20" height="8" rx="2" className="gantt-legend-critical" /></svg>{t('gantt.legend.critical')}</span>
      <span><svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" className="gantt-slack" /></svg>{t('gantt.legend.slack')}</span>
      <span><svg width="22" height="10" aria-hidden="true"><line x1="1" y1="5" x2="21" y2="5" className="gantt-link violated" /></svg>{t('gantt.legend.broken')}</span>
      <span><span className="gantt-mark key" aria-hidden="true">★</span>{t('gantt.legend.keyEvent')}</span>
      <span><span className="gantt-mark decision" aria-hidden="true">◆</span>{t('gantt.legend.decision')}</span>
      <span><span className="gantt-window-swatch" aria-hidden="true" />{t('gantt.legend.window')}</span>
      <span><span className="gantt-today-swatch" aria-hidden="true" />{t('gantt.today')}</span>
    </div>
  );
}

function Axis({ layout, lang, todayLabel }: { layout: GanttLayout; lang: Translator['lang']; todayLabel: string }) {
  const week = layout.zoom === 'week';
  return (
    <svg className="gantt-axis" width={layout.width + TAIL} height={M.axisHeight} aria-hidden="true">
      <rect x={layout.window.x} y={0} width={layout.window.width} height={M.axisHeight} className="gantt-window" />
      {layout.ticks.map((k) => (
        <g key={k.wall}>
          <line x1={k.x} x2={k.x} y1={k.major ? 0 : 20} y2={M.axisHeight} className={k.major ? 'gantt-tick major' : 'gantt-tick'} />
          {k.major ? <text x={k.x + 4} y={14} className="gantt-axis-major">{wallLabel(k.wall, lang, week ? 'month' : 'weekday')}</text> : null}
          <text x={k.x + 3} y={34} className="gantt-axis-minor">{wallLabel(k.wall, lang, week ? 'dayNumber' : 'hour')}</text>
        </g>
      ))}
      {layout.todayX !== null ? (
        <g>
          <line x1={layout.todayX} x2={layout.todayX} y1={0} y2={M.axisHeight} className="gantt-today" />
          <text x={layout.todayX + 3} y={24} className="gantt-today-label">{todayLabel}</text>
        </g>
      ) : null}
    </svg>
  );
}

function Chart(props: {
  layout: GanttLayout; drag: Drag | null; tasks: ReadonlyMap<string, Task>; tr: Translator; zone: string; codeName: string;
  onPointerDown(e: PointerEvent<SVGGElement>, bar: GanttBar): void;
  onPointerMove(e: PointerEvent<SVGGElement>): void;
  onPointerUp(e: PointerEvent<SVGGElement>): void;
  onKeyDown(e: KeyboardEvent<SVGGElement>, taskId: string): void;
}) {
  const { layout, drag, tr } = props;
  const { t } = tr;
  const zf = tr.zoned(props.zone);
  const xOf = (iso: string) => ((Date.parse(iso) - layout.start) / HOUR) * layout.pxPerHour;
  return (
    <svg className="gantt-chart" width={layout.width + TAIL} height={layout.height} role="group"
      aria-label={t('gantt.chart', { name: props.codeName })} aria-describedby="gantt-keys-hint">
      <defs>
        <marker id="gantt-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" className="gantt-arrowhead" />
        </marker>
        <marker id="gantt-arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L8,4 L0,8 z" className="gantt-arrowhead critical" />
        </marker>
      </defs>
      <rect x={layout.window.x} y={0} width={layout.window.width} height={layout.height} className="gantt-window" />
      {layout.rows.map((r) => r.kind === 'group'
        ? <rect key={`g-${r.key}`} x={0} y={r.y} width={layout.width} height={r.height} className="gantt-group-band" />
        : <line key={`l-${r.taskId}`} x1={0} x2={layout.width} y1={r.y + r.height} y2={r.y + r.height} className="gantt-row-line" />)}
      {layout.ticks.filter((k) => k.major).map((k) => <line key={k.wall} x1={k.x} x2={k.x} y1={0} y2={layout.height} className="gantt-day-line" />)}
      {layout.phases.map((p) => <line key={p.id} x1={p.x} x2={p.x} y1={0} y2={layout.height} className="gantt-phase-line" />)}
      {layout.links.map((l) => (
        <g key={`${l.fromTaskId}>${l.toTaskId}`}>
          <polyline points={l.points.map((p) => p.join(',')).join(' ')}
            className={`gantt-link${l.critical ? ' critical' : ''}${l.violated ? ' violated' : ''}`}
            markerEnd={`url(#${l.critical ? 'gantt-arrow-critical' : 'gantt-arrow'})`} />
          {l.lagMinutes !== 0 ? (
            <text x={l.labelAt[0]} y={l.labelAt[1]} className="gantt-lag">
              {l.lagMinutes > 0 ? `+${tr.duration(l.lagMinutes)}` : tr.duration(l.lagMinutes)}
            </text>
          ) : null}
        </g>
      ))}
      {layout.bars.map((b) => {
        const task = props.tasks.get(b.taskId)!;
        let x = b.x;
        let w = b.width;
        if (drag?.taskId === b.taskId) {
          const next = dragWindow(task, drag.mode, drag.dx, layout.zoom);
          x = xOf(next.startsAt);
          w = xOf(next.endsAt) - x;
        }
        const span = zf.range(task.startsAt, task.endsAt);
        const notes = [
          b.critical ? t('gantt.critical') : null,
          b.slackMinutes !== null && b.slackMinutes > 0 ? t('gantt.slack', { duration: tr.duration(b.slackMinutes) }) : null,
          b.isKeyEvent ? t('gantt.legend.keyEvent') : null,
          b.isDecisionPoint ? t('gantt.legend.decision') : null,
        ].filter(Boolean).join('; ');
        const label = `${t('gantt.barLabel', { title: task.title, window: span })}${notes ? `; ${notes}` : ''}`;
        const cy = b.y + b.height / 2;
        return (
          <g key={b.taskId} data-task-id={b.taskId} tabIndex={0} role="button" aria-label={label}
            className={`gantt-bar status-${b.status}${b.critical ? ' critical' : ''}${drag?.taskId === b.taskId ? ' dragging' : ''}`}
            style={{ ['--agency' as string]: b.color ?? '#6b7280' }}
            onPointerDown={(e) => props.onPointerDown(e, b)} onPointerMove={props.onPointerMove} onPointerUp={props.onPointerUp}
            onKeyDown={(e) => props.onKeyDown(e, b.taskId)}>
            <title>{label}</title>
            {b.slackEndX > b.x + b.width + 0.5 ? (
              <>
                <line x1={x + w} x2={b.slackEndX} y1={cy} y2={cy} className="gantt-slack" />
                <line x1={b.slackEndX} x2={b.slackEndX} y1={cy - 4} y2={cy + 4} className="gantt-slack" />
              </>
            ) : null}
            {b.milestone
              ? <path d={`M${x},${cy - 7} L${x + 7},${cy} L${x},${cy + 7} L${x - 7},${cy} z`} className="gantt-bar-shape" />
              : <rect x={x} y={b.y} width={Math.max(w, 2)} height={b.height} rx={3} className="gantt-bar-shape" />}
            {b.isDecisionPoint ? <text x={x - 2} y={b.y - 1} className="gantt-mark decision" textAnchor="end">◆</text> : null}
            {b.isKeyEvent ? <text x={x + (b.isDecisionPoint ? -14 : -2)} y={b.y - 1} className="gantt-mark key" textAnchor="end">★</text> : null}
          </g>
        );
      })}
      {layout.todayX !== null ? <line x1={layout.todayX} x2={layout.todayX} y1={0} y2={layout.height} className="gantt-today" /> : null}
    </svg>
  );
}
