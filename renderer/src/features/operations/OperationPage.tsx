/**
 * One operation: its header (status through allowed transitions only, edit, duplicate, delete),
 * overdue mandatory notifications, and the tabs registered in operation-tabs.tsx.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { exchangeState, isMandatoryExchange } from '../../../../shared/domain/exchange.js';
import { allowedNextStatuses, nextForwardStatus, tasksLeftOpenBy, transitionKind } from '../../../../shared/domain/lifecycle.js';
import type { Operation } from '../../../../shared/domain/operation.js';
import type { Task } from '../../../../shared/domain/task.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { href, navigate, useHashQuery } from '../../app/router.js';
import { AgencyBadge } from '../../ui/AgencyBadge.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';
import { ConfirmDialog, Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { errorsFromApi, type FieldErrors } from '../../ui/form-errors.js';
import { useApiState } from '../../api/queries.js';
import { useOverrideDialog } from '../conflicts/OverrideDialog.js';
import { useAgencies } from '../directory/agencies.js';
import { usePlanConflicts } from '../sync/plan-conflicts.js';
import { SyncConflictMark } from '../sync/SyncConflictMark.js';
import { OperationFormDialog } from './OperationFormDialog.js';
import { OPERATION_TABS } from './operation-tabs.js';

type DialogKind = 'edit' | 'status' | 'duplicate' | 'delete' | null;

export function OperationPage({ params }: PageProps) {
  const id = params.id!;
  const { t, td, fmt } = useT();
  const dir = useAgencies();
  const { state, reload } = useApiState('operations', 'getPlan', { id });
  const exchange = useApiState('exchange', 'list', { operationId: id });
  const tabs = useMemo(() => [...OPERATION_TABS].sort((a, b) => a.order - b.order), []);
  const query = useHashQuery();
  const [tab, setTab] = useState(tabs[0]!.id);
  // Other screens link to a tab (and a task) through the hash query: `?tab=tasks&task=ID`.
  const queryTab = query.get('tab');
  useEffect(() => {
    if (queryTab && tabs.some((x) => x.id === queryTab)) setTab(queryTab);
  }, [queryTab, tabs, query]);
  const [dialog, setDialog] = useState<DialogKind>(null);
  // Fields with an open sync conflict show the current winner with a marker (issue 5).
  const sync = usePlanConflicts(id);

  if (state.status === 'error' && !state.data) return <div className="page"><ErrorState error={state.error} onRetry={reload} /></div>;
  if (!state.data) return <div className="page"><Loading /></div>;
  const plan = state.data;
  const op = plan.operation;
  const now = new Date();
  const overdue = (exchange.state.data ?? []).filter((e) => isMandatoryExchange(e.kind) && exchangeState(e, now) === 'overdue');
  const reloadAll = async () => {
    await Promise.all([reload(), exchange.reload()]);
  };
  const Active = tabs.find((x) => x.id === tab)?.component ?? tabs[0]!.component;

  return (
    <div className="page operation-page">
      <a href={href('/operations')} className="small">{t('opp.back')}</a>
      <section className="op-header" aria-labelledby="op-title">
        <div className="op-title">
          <h1 id="op-title">{op.codeName}</h1>
          <span className={`status status-${op.status}`} data-testid="op-status">{td(`status.${op.status}`)}</span>
          <span className={`handling handling-${op.handlingCode}`} title={td(`handling.${op.handlingCode}`)}>{op.handlingCode}</span>
          <span className="muted">{td(`opType.${op.type}`)}</span>
          <span className="spacer" />
          <button onClick={() => setDialog('status')}>{t('opp.changeStatus')}</button>
          {/* A completed operation is a record: only its results and lessons change (issue 17). */}
          <button onClick={() => setDialog('edit')} disabled={op.status === 'completed'} title={op.status === 'completed' ? t('error.operation_completed') : undefined}>{t('common.edit')}</button>
          <button onClick={() => setDialog('duplicate')}>{t('opp.duplicate')}</button>
          <button className="link" onClick={() => setDialog('delete')}>{t('common.delete')}</button>
        </div>
        <div className="op-meta">
          <span><b>{t('opp.window')}:</b> {fmt(op.startsAt)}{' '}
            <SyncConflictMark conflict={sync.field('operation', op.id, 'startsAt')} compact allowPick onPicked={reload} />
            {' '}– {fmt(op.endsAt)}{' '}
            <SyncConflictMark conflict={sync.field('operation', op.id, 'endsAt')} compact allowPick onPicked={reload} />
            {' '}({op.timeZone})</span>
          <span className="agencies">
            <AgencyBadge agency={dir.byId.get(op.leadAgencyId)} lead full />
            <SyncConflictMark conflict={sync.field('operation', op.id, 'leadAgencyId')} compact allowPick onPicked={reload} />
            {op.participatingAgencyIds.map((a) => <AgencyBadge key={a} agency={dir.byId.get(a)} />)}
          </span>
        </div>
        {sync.all.length > 0 ? (
          <div className="alert warn sync-plan-alert" role="status" data-testid="op-sync-conflicts">
            <span aria-hidden="true">⇄</span>
            <span>{t('syncMark.planSummary', { count: sync.all.length })}</span>
            <a href={href('/sync')}>{t('syncMark.openInbox')}</a>
          </div>
        ) : null}
        {overdue.length > 0 ? (
          <div className="alert danger" role="alert" data-testid="op-overdue">
            <strong>{t('opp.overdueAlert', { count: overdue.length })}</strong>{' '}
            {overdue.map((e) => e.subject).join('; ')} — <a href={href('/exchange')}>{t('opp.openExchange')}</a>
          </div>
        ) : null}
      </section>

      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <button key={x.id} role="tab" aria-selected={x.id === tab} onClick={() => setTab(x.id)} id={`tab-${x.id}`}>
            {td(x.labelKey)}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <Active operationId={id} plan={plan} agencies={dir.agencies} reload={reloadAll} />
      </div>

      {dialog === 'edit' ? <OperationFormDialog operation={op} tasks={plan.tasks} onClose={() => setDialog(null)} onSaved={() => void reload()} /> : null}
      {dialog === 'status' ? <StatusDialog op={op} tasks={plan.tasks} onClose={() => setDialog(null)} onChanged={() => void reload()} /> : null}
      {dialog === 'duplicate' ? <DuplicateDialog op={op} onClose={() => setDialog(null)} /> : null}
      {dialog === 'delete' ? (
        <ConfirmDialog
          title={t('opp.delete')}
          body={t('common.confirmDeleteBody', { name: op.codeName })}
          confirmLabel={t('common.delete')}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await api.operations.remove({ id: op.id });
            navigate('/operations');
          }}
        />
      ) : null}
    </div>
  );
}

function StatusDialog(props: { op: Operation; tasks: readonly Task[]; onClose(): void; onChanged(): void }) {
  const { t, td } = useT();
  const options = allowedNextStatuses(props.op.status);
  // The next step forward is what a planner changes status for; going back or aborting is chosen.
  const [to, setTo] = useState(nextForwardStatus(props.op.status) ?? options[0]);
  const [reason, setReason] = useState('');
  const [approvedBy, setApprovedBy] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ReactNode>(null);
  const kind = to ? transitionKind(props.op.status, to) : null;
  const needsReason = kind === 'reopen';
  const leftOpen = to ? tasksLeftOpenBy(to, props.tasks) : [];
  const submit = async () => {
    if (!to) return props.onClose();
    if (needsReason && reason.trim() === '') {
      setErrors({ reason: 'v.reopenReasonRequired' });
      return;
    }
    if (leftOpen.length > 0 && reason.trim() === '') {
      setErrors({ reason: 'v.completeReasonRequired' });
      return;
    }
    try {
      await api.operations.changeStatus({ id: props.op.id, to, reason, approvedBy });
      props.onChanged();
      props.onClose();
    } catch (e) {
      setErrors(errorsFromApi(e) ?? {});
      setFailure(describeError(e, t));
    }
  };
  return (
    <Dialog title={t('opp.statusTitle')} onClose={props.onClose} onSubmit={submit} testId="status-dialog"
      submitLabel={leftOpen.length > 0 ? t('opp.completeAnyway') : undefined}
      footerExtra={failure ? <span className="form-failure" role="alert">{failure}</span> : null}>
      {options.length === 0 ? <p>{t('opp.noNextStatus')}</p> : (
        <>
          <Field label={t('opp.newStatus')}>
            <select value={to} onChange={(e) => setTo(e.target.value as typeof to)} data-autofocus name="status">
              {options.map((s) => <option key={s} value={s}>{td(`status.${s}`)}</option>)}
            </select>
          </Field>
          {leftOpen.length > 0 ? (
            <div className="alert warn" role="alert" data-testid="status-open-tasks">
              <p>{t('opp.openTasksOnComplete', { count: leftOpen.length })}</p>
              <ul className="small">
                {leftOpen.slice(0, 8).map((task) => <li key={task.id}>{task.title} — {td(`taskStatus.${task.status}`)}</li>)}
              </ul>
              {leftOpen.length > 8 ? <p className="small">{t('opp.andMore', { count: leftOpen.length - 8 })}</p> : null}
            </div>
          ) : null}
          {to === 'approved' ? (
            <Field label={t('legal.approver')} error={errors.approvedBy}>
              <input value={approvedBy} onChange={(e) => setApprovedBy(e.target.value)} name="approvedBy" />
            </Field>
          ) : null}
          {needsReason || kind === 'abort' || leftOpen.length > 0 ? (
            <Field label={leftOpen.length > 0 ? t('res.completionReason') : t('opp.reason')} error={errors.reason} hint={leftOpen.length > 0 ? undefined : t('opp.reopenHint')}>
              <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} name="reason" />
            </Field>
          ) : null}
        </>
      )}
    </Dialog>
  );
}

function DuplicateDialog(props: { op: Operation; onClose(): void }) {
  const { t } = useT();
  const [codeName, setCodeName] = useState(`${props.op.codeName} ${t('opp.copySuffix')}`);
  const [days, setDays] = useState('0');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ReactNode>(null);
  // The copies book the same people: overlapping the original needs an override with a reason.
  const override = useOverrideDialog();
  const submit = async () => {
    try {
      const shiftMinutes = Math.round(Number(days) * 1440);
      const copy = await override.run((o) => api.operations.duplicate({ id: props.op.id, codeName, shiftMinutes, ...(o ? { override: o } : {}) }));
      if (!copy) return;
      props.onClose();
      navigate(`/operations/${copy.id}`);
    } catch (e) {
      setErrors(errorsFromApi(e) ?? {});
      setFailure(describeError(e, t));
    }
  };
  return (
    <>
      <Dialog title={t('opp.duplicateTitle')} onClose={props.onClose} onSubmit={submit} submitLabel={t('opp.duplicate')} testId="duplicate-dialog"
        footerExtra={failure ? <span className="form-failure" role="alert">{failure}</span> : null}>
        <div className="grid">
          <Field label={t('op.codeName')} error={errors.codeName}>
            <input value={codeName} onChange={(e) => setCodeName(e.target.value)} data-autofocus />
          </Field>
          <Field label={t('opp.shiftDays')} error={errors.shiftMinutes}>
            <input type="number" value={days} onChange={(e) => setDays(e.target.value)} step="1" />
          </Field>
        </div>
      </Dialog>
      {override.dialog}
    </>
  );
}
