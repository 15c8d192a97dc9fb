/**
 * The calendar: operations (background windows) and tasks (coloured per accountable agency) in
 * month, week, day and list views. Drag and resize reschedule through the API; a move the
 * service rejects snaps back with the reason. Mapping, filters and zones are shared/planning's.
 *
 * URL: `#/calendar?date=YYYY-MM-DD&view=timeGridWeek&operation=ID` opens a given week / plan.
 */
import type { DatesSetArg, EventChangeArg, EventClickArg, EventContentArg, EventMountArg } from '@fullcalendar/core';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import ukLocale from '@fullcalendar/core/locales/uk';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TASK_STATUSES, type TaskStatus } from '../../../../shared/domain/enums.js';
import {
  legendAgencies, resolveZoneSetup, toCalendarEvents, type CalendarEventProps, type CalendarFilters,
  type ZoneChoice,
} from '../../../../shared/planning/calendar-events.js';
import { stepForKey, stepWindow, type CalendarStep } from '../../../../shared/planning/calendar-keys.js';
import { formatTimeInZone, wallToInstant, zoneShortName } from '../../../../shared/planning/time-zones.js';
import { useT } from '../../app/i18n.store.js';
import { ErrorState } from '../../ui/AsyncView.js';
import { useConflictingTaskIds } from '../conflicts/conflict-counts.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import '../sync/sync-marks.css';
import { rejectionReason } from './calendar-errors.js';
import { calendarTask, moveTask, undoLastMove, useCalendarData, useCalendarStore } from './calendar.store.js';
import { openTask } from './open-task.js';
import './calendar.css';
import { calendarStartDate } from '../../../../shared/planning/calendar-start.js';
import { useApiQuery } from '../../api/queries.js';
import { compareText } from '../../../../shared/i18n/collation.js';

const VIEWS = ['dayGridMonth', 'timeGridWeek', 'timeGridDay', 'listWeek'] as const;
// Stable references: FullCalendar re-processes every event when any option object changes.
const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];
/**
 * "06:00–08:00" built from the zoned fields FullCalendar already computed. Its own range
 * formatter builds a fresh Intl.DateTimeFormat for every event (most of a 2,000-event week's
 * render time); 24-hour digits read the same in Ukrainian and English.
 */
const pad2 = (n: number) => String(n).padStart(2, '0');
function eventTimeFormat(arg: { start: { hour: number; minute: number }; end?: { hour: number; minute: number } | null }): string {
  const start = `${pad2(arg.start.hour)}:${pad2(arg.start.minute)}`;
  return arg.end ? `${start}–${pad2(arg.end.hour)}:${pad2(arg.end.minute)}` : start;
}
const TOOLBAR = { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,timeGridDay,listWeek' };
type CalendarView = (typeof VIEWS)[number];
const DAY = 86_400_000;
/** Marks measured by the calendar benchmark (test/bench/calendar.bench.ts). */
export const RENDER_MEASURE = 'spilno:calendar-render';

function hashQuery(): URLSearchParams {
  return new URLSearchParams(window.location.hash.split('?')[1] ?? '');
}

function setHashQuery(changes: Record<string, string | null>): void {
  const [path, query] = window.location.hash.split('?');
  const q = new URLSearchParams(query ?? '');
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  // replaceState: changing a filter is not a page the Back button should walk through.
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}${path}${s ? `?${s}` : ''}`);
}

interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export function CalendarPage() {
  const tr = useT();
  const { t, td, lang } = tr;
  const directory = useAgencies();
  const store = useCalendarData();
  const { reload } = store;
  const showRange = useCalendarStore((s) => s.showRange);
  const lastChange = useCalendarStore((s) => s.lastChange);
  // Events of tasks with open conflicts get the mapper's conflict marking (red border).
  const conflictCounts = useConflictingTaskIds();
  const conflictTaskIds = useMemo(() => new Set(conflictCounts.keys()), [conflictCounts]);
  // Tasks whose time two units changed concurrently: marked until a planner picks (issue 5).
  const syncConflicts = usePlanConflicts(null);
  const syncConflictTaskIds = useMemo(() => new Set(syncConflicts.all
    .filter((c) => c.entity === 'task' && (c.field === 'startsAt' || c.field === 'endsAt')).map((c) => c.rowId)), [syncConflicts]);
  const calendarRef = useRef<FullCalendar>(null);
  const pendingMeasure = useRef(false);

  const initial = useMemo(() => {
    const q = hashQuery();
    const view = q.get('view');
    return {
      date: q.get('date') ?? undefined,
      view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as CalendarView) : 'timeGridWeek',
      operationId: q.get('operation') ?? '',
    };
  }, []);

  // Every operation for the filter (the range's query holds only those in view), by code name.
  const allOperations = useApiQuery('operations', 'list', { limit: 10000 });
  const operationChoices = useMemo(
    () => [...(allOperations.data ?? [])].sort((a, b) => compareText(a.codeName, b.codeName)),
    [allOperations.data],
  );
  // Opened without a date or an operation to show: go to the week of the next work.
  const placed = useRef(initial.date !== undefined || initial.operationId !== '');
  useEffect(() => {
    const cal = calendarRef.current?.getApi();
    if (placed.current || !allOperations.data || !cal) return;
    placed.current = true;
    const target = calendarStartDate(allOperations.data, new Date());
    if (target < cal.view.activeStart || target >= cal.view.activeEnd) cal.gotoDate(target);
  }, [allOperations.data]);

  const [operationId, setOperationId] = useState(initial.operationId);
  const [agencyId, setAgencyId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [personId, setPersonId] = useState('');
  const [status, setStatus] = useState<TaskStatus | ''>('');
  const [zoneChoice, setZoneChoice] = useState<ZoneChoice>('local');
  const [notice, setNotice] = useState<Notice | null>(null);

  const localZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const focusedOperation = store.operations.find((o) => o.id === operationId) ?? null;
  const setup = resolveZoneSetup(zoneChoice, focusedOperation, directory.agencies, localZone);

  const filters: CalendarFilters = useMemo(() => ({
    operationIds: operationId ? [operationId] : [],
    agencyIds: agencyId ? [agencyId] : [],
    unitIds: unitId ? [unitId] : [],
    personIds: personId ? [personId] : [],
    statuses: status ? [status] : [],
  }), [operationId, agencyId, unitId, personId, status]);

  const events = useMemo(() => {
    performance.mark('spilno:calendar-data');
    pendingMeasure.current = true;
    return toCalendarEvents({
      operations: store.operations, tasks: store.tasks,
      agencies: directory.agencies.map((a) => ({ ...a, label: agencyShortName(a, lang) })), filters, wallZone: setup.wallZone,
      conflictTaskIds, syncConflictTaskIds,
    });
  }, [store.operations, store.tasks, directory.agencies, lang, filters, setup.wallZone, conflictTaskIds, syncConflictTaskIds]);
  // The legend names only agencies seen in the visible dates (the loaded range is padded).
  // Wall-clock strings and the view's dates share the calendar's UTC clock, so both parse alike.
  const [visible, setVisible] = useState<{ start: number; end: number } | null>(null);
  const { legend, taskEventCount, hasConflict, hasSyncConflict } = useMemo(() => {
    const at = (s: string) => Date.parse(/Z$|[+-]\d\d:\d\d$/.test(s) ? s : `${s}Z`);
    const shown = visible ? events.filter((e) => at(e.end) > visible.start && at(e.start) < visible.end) : events;
    return {
      legend: legendAgencies(shown, directory.agencies),
      taskEventCount: shown.filter((e) => e.extendedProps.kind === 'task').length,
      hasConflict: shown.some((e) => e.extendedProps.kind === 'task' && e.extendedProps.conflict),
      hasSyncConflict: shown.some((e) => e.classNames.includes('has-sync-conflict')),
    };
  }, [events, directory.agencies, visible]);

  const onDatesSet = useCallback((arg: DatesSetArg) => {
    // Padded by a day each side: in a named zone the view's dates are that zone's wall clock.
    showRange(new Date(arg.start.getTime() - DAY).toISOString(), new Date(arg.end.getTime() + DAY).toISOString());
    setHashQuery({ view: arg.view.type, date: arg.view.calendar.formatIso(arg.view.currentStart, true) });
    setVisible({ start: arg.start.getTime(), end: arg.end.getTime() });
  }, [showRange]);

  const onEventsSet = useCallback(() => {
    if (!pendingMeasure.current) return;
    pendingMeasure.current = false;
    // After the browser has laid out and painted the new events.
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark('spilno:calendar-painted');
      performance.measure(RENDER_MEASURE, 'spilno:calendar-data', 'spilno:calendar-painted');
    }, 0));
  }, []);

  /** The clock a refusal's times are read on: the task's operation's (the time policy). */
  const zoneOf = useCallback((operationId: string) => store.operations.find((o) => o.id === operationId)?.timeZone, [store.operations]);

  const toInstant = useCallback((d: Date) => (
    setup.wallZone ? wallToInstant(d.toISOString().slice(0, 19), setup.wallZone) : d.toISOString()
  ), [setup.wallZone]);

  const onEventChange = useCallback(async (info: EventChangeArg) => {
    const p = info.event.extendedProps as CalendarEventProps;
    const start = info.event.start;
    if (p.kind !== 'task' || !start) {
      info.revert();
      return;
    }
    const end = info.event.end ?? new Date(start.getTime() + Date.parse(p.endsAt) - Date.parse(p.startsAt));
    try {
      const next = await moveTask(p.taskId, toInstant(start), toInstant(end));
      setNotice({ kind: 'ok', text: t('cal.moved', { title: next.title }) });
    } catch (error) {
      info.revert();
      setNotice({ kind: 'error', text: t('cal.rejected', { reason: rejectionReason(error, tr, zoneOf(p.operationId)) }) });
      // Show what main holds now (the task may have been changed or deleted meanwhile).
      void reload();
    }
  }, [toInstant, t, tr, reload, zoneOf]);

  const onEventMoved = useCallback((info: EventChangeArg) => void onEventChange(info), [onEventChange]);

  // Task events carry their task id, so that a key pressed on one knows what to move.
  const onEventDidMount = useCallback((info: EventMountArg) => {
    const p = info.event.extendedProps as CalendarEventProps;
    if (p.kind === 'task') info.el.dataset.taskId = p.taskId;
    // A short event cuts its title off: the whole of it on hover.
    info.el.title = info.event.title;
  }, []);

  /**
   * Arrow keys on a focused task event: the keyboard's drag and resize (shared/planning/calendar-keys.ts).
   * Steps run one after another, each from what the one before saved: a key pressed while a save
   * is still on its way would otherwise step from the window before it and undo it.
   */
  const keySteps = useRef<Promise<void>>(Promise.resolve());
  const stepTask = useCallback(async (taskId: string, step: CalendarStep) => {
    const task = calendarTask(taskId);
    if (!task) return;
    const next = stepWindow(task, step, setup.primaryZone);
    if (!next) {
      setNotice({ kind: 'error', text: t('cal.cannotShorten', { title: task.title }) });
      return;
    }
    try {
      const saved = await moveTask(taskId, next.startsAt, next.endsAt);
      setNotice({ kind: 'ok', text: t('cal.moved', { title: saved.title }) });
      // The event is drawn anew: keep the keyboard on it.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(taskId)}"]`)?.focus());
    } catch (error) {
      setNotice({ kind: 'error', text: t('cal.rejected', { reason: rejectionReason(error, tr, zoneOf(task.operationId)) }) });
      void reload();
    }
  }, [setup.primaryZone, t, tr, reload, zoneOf]);
  const onCalendarKeyDown = useCallback((e: React.KeyboardEvent<HTMLDivElement>) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-task-id]');
    const step = el ? stepForKey(e) : null;
    if (!el || !step) return;
    e.preventDefault();
    const taskId = el.dataset.taskId!;
    keySteps.current = keySteps.current.then(() => stepTask(taskId, step));
  }, [stepTask]);
  const buttonText = useMemo(() => ({
    // Text arrows instead of FullCalendar's icon font: its icons are images without a name.
    prev: '‹', next: '›',
    today: t('cal.today'), month: t('cal.view.month'), week: t('cal.view.week'), day: t('cal.view.day'), list: t('cal.view.list'),
  }), [t]);

  const onUndo = useCallback(async () => {
    try {
      const restored = await undoLastMove();
      if (restored) setNotice({ kind: 'ok', text: t('cal.undone', { title: restored.title }) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('cal.undoFailed', { reason: rejectionReason(error, tr) }) });
    }
  }, [t, tr]);

  const onEventClick = useCallback((info: EventClickArg) => {
    const p = info.event.extendedProps as CalendarEventProps;
    if (p.kind === 'task') openTask(p.operationId, p.taskId);
  }, []);

  const secondaryZone = setup.secondaryZone;
  const eventContent = useMemo(() => {
    if (!secondaryZone) return undefined;
    // Plain DOM nodes, not React portals: thousands of events must stay cheap to render.
    return (arg: EventContentArg) => {
      const p = arg.event.extendedProps as CalendarEventProps;
      const wrap = document.createElement('div');
      wrap.className = 'fc-event-main-frame';
      const time = document.createElement('div');
      time.className = 'fc-event-time';
      time.textContent = p.kind === 'task'
        ? `${arg.timeText} (${formatTimeInZone(p.startsAt, secondaryZone)} ${zoneShortName(secondaryZone)})`
        : arg.timeText;
      const title = document.createElement('div');
      title.className = 'fc-event-title';
      title.textContent = arg.event.title;
      wrap.append(time, title);
      return { domNodes: [wrap] };
    };
  }, [secondaryZone]);

  useEffect(() => {
    setHashQuery({ operation: operationId || null });
  }, [operationId]);

  // A link to another week or plan while the calendar is open (the page stays mounted).
  useEffect(() => {
    const follow = () => {
      const q = hashQuery();
      const cal = calendarRef.current?.getApi();
      const view = q.get('view');
      if (cal && view && (VIEWS as readonly string[]).includes(view) && view !== cal.view.type) cal.changeView(view);
      const date = q.get('date');
      if (cal && date && date !== cal.formatIso(cal.view.currentStart, true)) cal.gotoDate(date);
      const op = q.get('operation');
      if (op !== null) setOperationId(op);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const agencies = directory.agencies;
  const units = store.units.filter((u) => !agencyId || u.agencyId === agencyId);
  const people = store.people.filter((p) => (!agencyId || p.agencyId === agencyId) && (!unitId || p.unitId === unitId));
  const anyFilter = operationId || agencyId || unitId || personId || status;

  return (
    <div className="page calendar-page">
      <div className="calendar-head">
        <h1>{t('cal.title')}</h1>
        <div className="calendar-actions">
          <button type="button" onClick={() => void onUndo()} disabled={!lastChange} data-testid="calendar-undo">
            {t('cal.undo')}
          </button>
        </div>
      </div>

      <fieldset className="calendar-filters">
        <legend className="sr-only">{t('cal.filters')}</legend>
        <label>
          <span>{t('cal.filter.operation')}</span>
          <select value={operationId} onChange={(e) => setOperationId(e.target.value)} data-testid="calendar-filter-operation">
            <option value="">{t('common.all')}</option>
            {operationChoices.map((o) => <option key={o.id} value={o.id}>{o.codeName}</option>)}
            {operationId && !operationChoices.some((o) => o.id === operationId) ? <option value={operationId}>{operationId}</option> : null}
          </select>
        </label>
        <label>
          <span>{t('cal.filter.agency')}</span>
          <select value={agencyId} onChange={(e) => { setAgencyId(e.target.value); setUnitId(''); setPersonId(''); }} data-testid="calendar-filter-agency">
            <option value="">{t('common.all')}</option>
            {agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('cal.filter.unit')}</span>
          <select value={unitId} onChange={(e) => { setUnitId(e.target.value); setPersonId(''); }} data-testid="calendar-filter-unit">
            <option value="">{t('common.all')}</option>
            {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <label>
          <span>{t('cal.filter.person')}</span>
          <select value={personId} onChange={(e) => setPersonId(e.target.value)} data-testid="calendar-filter-person">
            <option value="">{t('common.all')}</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.fullName}</option>)}
          </select>
        </label>
        <label>
          <span>{t('cal.filter.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as TaskStatus | '')} data-testid="calendar-filter-status">
            <option value="">{t('common.all')}</option>
            {TASK_STATUSES.map((s) => <option key={s} value={s}>{td(`taskStatus.${s}`)}</option>)}
          </select>
        </label>
        <label>
          <span>{t('cal.zone')}</span>
          <select value={zoneChoice} onChange={(e) => setZoneChoice(e.target.value as ZoneChoice)} data-testid="calendar-zone">
            <option value="local">{t('cal.zone.local', { zone: zoneShortName(localZone) })}</option>
            <option value="utc">{t('cal.zone.utc')}</option>
            <option value="operation" disabled={!focusedOperation}>
              {focusedOperation ? t('cal.zone.operation', { zone: zoneShortName(focusedOperation.timeZone) }) : t('cal.zone.operationNone')}
            </option>
          </select>
        </label>
        {anyFilter ? (
          <button type="button" className="link" onClick={() => { setOperationId(''); setAgencyId(''); setUnitId(''); setPersonId(''); setStatus(''); }}>
            {t('cal.filter.clear')}
          </button>
        ) : null}
      </fieldset>

      <div className="calendar-legend" aria-label={t('cal.legend')} data-testid="calendar-legend">
        {legend.agencies.map((a) => (
          <span key={a.id} className="legend-item" title={agencyName(a, lang)} data-agency={a.id}>
            <span className="swatch" style={{ background: a.color }} aria-hidden="true" />
            {agencyShortName(a, lang)}
          </span>
        ))}
        {legend.hasUnassigned ? (
          <span className="legend-item"><span className="swatch unassigned" aria-hidden="true" />{t('cal.legend.unassigned')}</span>
        ) : null}
        {hasConflict ? (
          <span className="legend-item"><span className="swatch conflict" aria-hidden="true" />{t('cal.conflict')}</span>
        ) : null}
        {hasSyncConflict ? (
          <span className="legend-item" data-testid="legend-sync-conflict"><span className="swatch sync-conflict" aria-hidden="true">⇄</span>{t('syncMark.taskTime')}</span>
        ) : null}
        <span className="legend-item"><span className="swatch operation" aria-hidden="true" />{t('cal.legend.operation')}</span>
        {secondaryZone ? <span className="legend-item zone-note">{t('cal.zone.secondary', { zone: zoneShortName(secondaryZone) })}</span> : null}
      </div>

      <div className="calendar-notices" aria-live="polite">
        {notice ? (
          <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="calendar-notice">
            {notice.text}
            <button type="button" className="link" onClick={() => setNotice(null)} aria-label={t('common.close')}>×</button>
          </div>
        ) : null}
        {store.error ? <ErrorState error={store.error} onRetry={() => void reload()} /> : null}
        {!store.loading && !store.error && store.range && taskEventCount === 0 ? (
          <p className="muted calendar-empty">{t('cal.empty')}</p>
        ) : null}
      </div>

      <p className="muted small calendar-keys-hint" id="calendar-keys-hint">{t('cal.keyboardHint')}</p>
      <div className={`calendar-frame${store.loading ? ' is-loading' : ''}`} aria-busy={store.loading}
        aria-describedby="calendar-keys-hint" onKeyDown={onCalendarKeyDown}>
        <FullCalendar
          ref={calendarRef}
          plugins={PLUGINS}
          initialView={initial.view}
          {...(initial.date ? { initialDate: initial.date } : {})}
          locale={lang === 'uk' ? ukLocale : enGbLocale}
          timeZone={setup.calendarTimeZone}
          headerToolbar={TOOLBAR}
          buttonText={buttonText}
          buttonIcons={false}
          events={events}
          eventContent={eventContent}
          eventTimeFormat={eventTimeFormat}
          editable
          eventInteractive
          allDaySlot={false}
          nowIndicator
          slotDuration="01:00:00"
          scrollTime="06:00:00"
          dayMaxEvents
          eventMaxStack={4}
          height="auto"
          datesSet={onDatesSet}
          eventsSet={onEventsSet}
          eventDrop={onEventMoved}
          eventResize={onEventMoved}
          eventClick={onEventClick}
          eventDidMount={onEventDidMount}
        />
      </div>
    </div>
  );
}
