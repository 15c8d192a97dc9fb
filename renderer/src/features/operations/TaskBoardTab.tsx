/**
 * The operation's task board, grouped by phase or by accountable agency, with selection for
 * bulk reassignment and bulk shifts in time (one API call, one transaction each).
 */
import { useEffect, useMemo, useState } from 'react';
import { TASK_STATUSES } from '../../../../shared/domain/enums.js';
import type { Task } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { navigate, useHashQuery } from '../../app/router.js';
import { AgencyBadge } from '../../ui/AgencyBadge.js';
import { describeError } from '../../ui/AsyncView.js';
import { ConflictBadge } from '../conflicts/ConflictList.js';
import { useConflictingTaskIds } from '../conflicts/conflict-counts.js';
import { agencyName, agencyShortName } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import { SyncConflictMark } from '../sync/SyncConflictMark.js';
import type { OperationTabProps } from './operation-tabs.js';
import { TaskFormDialog } from './TaskFormDialog.js';

type GroupBy = 'phase' | 'agency';

interface Column { key: string; title: string; color?: string; tasks: Task[] }

export function TaskBoardTab({ plan, agencies, reload, operationId }: OperationTabProps) {
  const { t, td, fmt, lang } = useT();
  const byId = useMemo(() => new Map(agencies.map((a) => [a.id, a])), [agencies]);
  const conflictCounts = useConflictingTaskIds();
  const sync = usePlanConflicts(operationId);
  const [groupBy, setGroupBy] = useState<GroupBy>('phase');
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const [reassignTo, setReassignTo] = useState('');
  const [reassignUnit, setReassignUnit] = useState('');
  const [shiftHours, setShiftHours] = useState('1');
  const [bulkError, setBulkError] = useState<string | null>(null);
  const query = useHashQuery();
  const queryTask = query.get('task');

  // `?task=ID` (from the calendar or the matrix) opens that task.
  useEffect(() => {
    if (!queryTask) return;
    const task = plan.tasks.find((x) => x.id === queryTask);
    if (task) setEditing(task);
  }, [queryTask, plan.tasks]);

  const reassignUnits = useApiQuery('directory', 'listUnits', { agencyId: reassignTo }, { enabled: reassignTo !== '' });
  const units = reassignTo ? reassignUnits.data ?? [] : [];

  const tasks = useMemo(
    () => plan.tasks.filter((x) => !status || x.status === status).sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0)),
    [plan.tasks, status],
  );

  const columns: Column[] = useMemo(() => {
    if (groupBy === 'phase') {
      const phases = [...plan.phases].sort((a, b) => a.ordinal - b.ordinal);
      const cols: Column[] = phases.map((p) => ({ key: p.id, title: p.name, tasks: tasks.filter((x) => x.phaseId === p.id) }));
      const loose = tasks.filter((x) => !x.phaseId || !phases.some((p) => p.id === x.phaseId));
      if (loose.length > 0 || cols.length === 0) cols.push({ key: '-', title: t('task.noPhase'), tasks: loose });
      return cols;
    }
    const op = plan.operation;
    const ids = [op.leadAgencyId, ...op.participatingAgencyIds];
    for (const x of tasks) if (x.accountableAgencyId && !ids.includes(x.accountableAgencyId)) ids.push(x.accountableAgencyId);
    const cols: Column[] = ids.map((id) => {
      const a = byId.get(id);
      return { key: id, title: a ? `${agencyShortName(a, lang)} — ${agencyName(a, lang)}` : id, ...(a ? { color: a.color } : {}), tasks: tasks.filter((x) => x.accountableAgencyId === id) };
    });
    const none = tasks.filter((x) => !x.accountableAgencyId);
    if (none.length > 0) cols.push({ key: '-', title: t('board.unassigned'), tasks: none });
    return cols;
  }, [groupBy, plan, tasks, byId, lang, t]);

  const titleOf = new Map(plan.tasks.map((x) => [x.id, x.title]));
  const toggle = (id: string) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });

  const bulk = async (fn: () => Promise<unknown>) => {
    setBulkError(null);
    try {
      await fn();
      await reload();
    } catch (e) {
      setBulkError(String(describeError(e, t)));
    }
  };

  const closeEditor = () => {
    setEditing(null);
    if (queryTask) navigate(`/operations/${operationId}?tab=tasks`);
  };

  return (
    <div className="task-board">
      <div className="board-toolbar">
        <button className="primary" onClick={() => setEditing('new')}>{t('task.new')}</button>
        <label className="filter">
          <span>{t('board.groupBy')}</span>
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)} name="groupBy">
            <option value="phase">{t('board.byPhase')}</option>
            <option value="agency">{t('board.byAgency')}</option>
          </select>
        </label>
        <label className="filter">
          <span>{t('board.filterStatus')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('common.all')}</option>
            {TASK_STATUSES.map((s) => <option key={s} value={s}>{td(`taskStatus.${s}`)}</option>)}
          </select>
        </label>
        <button className="link" onClick={() => setSelected(new Set(tasks.map((x) => x.id)))} disabled={tasks.length === 0}>{t('board.selectAll')}</button>
      </div>

      {selected.size > 0 ? (
        <div className="bulk-bar" role="region" aria-label={t('common.selected', { count: selected.size })}>
          <strong>{t('common.selected', { count: selected.size })}</strong>
          <label className="filter">
            <span>{t('board.reassignTo')}</span>
            <select value={reassignTo} onChange={(e) => { setReassignTo(e.target.value); setReassignUnit(''); }} name="reassignTo">
              <option value="">—</option>
              {agencies.map((a) => <option key={a.id} value={a.id}>{agencyShortName(a, lang)} — {agencyName(a, lang)}</option>)}
            </select>
          </label>
          <label className="filter">
            <span>{t('task.unit')}</span>
            <select value={reassignUnit} onChange={(e) => setReassignUnit(e.target.value)} disabled={!reassignTo}>
              <option value="">{t('common.none')}</option>
              {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
          <button disabled={!reassignTo} onClick={() => bulk(() => api.tasks.bulkReassign({ taskIds: [...selected], accountableAgencyId: reassignTo, unitId: reassignUnit || null }))}>
            {t('board.reassign')}
          </button>
          <label className="filter">
            <span>{t('board.shiftBy')}</span>
            <input type="number" step="0.25" value={shiftHours} onChange={(e) => setShiftHours(e.target.value)} style={{ width: 80 }} name="shiftHours" />
          </label>
          <button onClick={() => bulk(() => api.tasks.bulkShift({ taskIds: [...selected], minutes: Math.round(Number(shiftHours) * 60) }))}>{t('board.shift')}</button>
          <button className="link" onClick={() => setSelected(new Set())}>{t('board.clearSelection')}</button>
          {bulkError ? <span className="form-failure" role="alert">{bulkError}</span> : null}
        </div>
      ) : null}

      {plan.tasks.length === 0 ? (
        <div className="empty-state"><p>{t('board.empty')}</p><button className="primary" onClick={() => setEditing('new')}>{t('task.new')}</button></div>
      ) : (
        <div className="board" data-testid="task-board">
          {columns.map((col) => (
            <section key={col.key} className="board-col" aria-label={col.title} style={col.color ? { ['--col' as string]: col.color } : undefined}>
              <header><span>{col.title}</span><span className="spacer" /><span className="badge">{col.tasks.length}</span></header>
              {col.tasks.map((task) => {
                const a = task.accountableAgencyId ? byId.get(task.accountableAgencyId) : undefined;
                const done = task.checklist.filter((c) => c.done).length;
                return (
                  <article key={task.id} className={`task-card${selected.has(task.id) ? ' selected' : ''}`} style={{ ['--agency' as string]: a?.color ?? '#999' }} data-testid="task-card">
                    <div className="title">
                      <input type="checkbox" checked={selected.has(task.id)} onChange={() => toggle(task.id)} aria-label={t('board.select', { title: task.title })} />
                      <button onClick={() => setEditing(task)}>{task.title}</button>
                    </div>
                    <div className="meta">
                      {a ? <AgencyBadge agency={a} /> : <span className="badge warn">{t('board.unassigned')}</span>}
                      <span>{fmt(task.startsAt, 'd MMM HH:mm')} – {fmt(task.endsAt, 'HH:mm')}</span>
                      {sync.row('task', task.id).map((c) => <SyncConflictMark key={c.field} conflict={c} compact allowPick onPicked={reload} />)}
                    </div>
                    <div className="meta">
                      <span className="badge">{td(`taskStatus.${task.status}`)}</span>
                      <ConflictBadge count={conflictCounts.get(task.id)} />
                      <span>{td(`taskType.${task.type}`)}</span>
                      {task.isKeyEvent ? <span className="badge key">{t('task.keyEvent')}</span> : null}
                      {task.isDecisionPoint ? <span className="badge decision">{t('task.decisionPoint')}</span> : null}
                    </div>
                    {task.checklist.length > 0 || task.dependencies.length > 0 ? (
                      <div className="meta progress">
                        {task.checklist.length > 0 ? <span>☑ {done}/{task.checklist.length}</span> : null}
                        {task.dependencies.length > 0 ? (
                          <span title={task.dependencies.map((d) => titleOf.get(d.predecessorId) ?? '?').join(', ')}>{t('task.deps', { count: task.dependencies.length })}</span>
                        ) : null}
                      </div>
                    ) : null}
                  </article>
                );
              })}
            </section>
          ))}
        </div>
      )}

      {editing ? (
        <TaskFormDialog plan={plan} {...(editing === 'new' ? {} : { task: editing })} onClose={closeEditor} onSaved={reload} />
      ) : null}
    </div>
  );
}
