/** Conflicts as the planner reads them: severity, what is wrong, how to fix it, and any override. */
import type { ConflictView } from '../../../../shared/api/conflicts.js';
import { agencyNamer } from '../../../../shared/domain/directory.js';
import { describeConflict } from '../../../../shared/scheduling/describe.js';
import { HOME_ZONE } from '../../../../shared/i18n/time-format.js';
import { useT } from '../../app/i18n.store.js';
import { href } from '../../app/router.js';
import { taskPath } from '../calendar/open-task.js';
import { useAgencies } from '../directory/agencies.js';
import type { TaskConflictCount } from './conflict-counts.js';
import './conflicts.css';

export function ConflictList({ conflicts, operationNames, zones }: {
  conflicts: readonly ConflictView[];
  operationNames?: ReadonlyMap<string, string>;
  /** Each operation's zone: a conflict's times are read on its operation's clock (Kyiv when unknown). */
  zones?: ReadonlyMap<string, string>;
}) {
  const { t, lang } = useT();
  const { agencies } = useAgencies();
  if (conflicts.length === 0) return <p className="muted" data-testid="conflicts-none">{t('conflicts.none')}</p>;
  return (
    <ul className="conflict-list" data-testid="conflict-list">
      {conflicts.map((c) => {
        const opId = c.operationIds[0];
        const d = describeConflict(lang, c, agencyNamer(agencies, lang), (opId ? zones?.get(opId) : undefined) ?? HOME_ZONE);
        const taskId = c.taskIds[0];
        return (
          <li key={c.key} className={`conflict conflict-${c.severity}${c.override ? ' conflict-overridden' : ''}`} data-rule={c.rule}>
            <div className="conflict-head">
              <span className={`badge sev-${c.severity}`}>{d.severity}</span>
              <strong>{d.rule}</strong>
              {operationNames && c.operationIds.length ? (
                <span className="muted small">{c.operationIds.map((id) => operationNames.get(id) ?? id).join(' · ')}</span>
              ) : null}
            </div>
            <p className="conflict-message">{d.message}</p>
            <p className="conflict-fix"><span className="muted">{t('conflicts.fix')}:</span> {d.fix}</p>
            {opId ? (
              <p className="conflict-links small">
                {taskId
                  ? <a href={href(taskPath(opId, taskId))} data-testid="conflict-open-task">{t('conflicts.openTask')}</a>
                  : <a href={href(`/operations/${encodeURIComponent(opId)}`)} data-testid="conflict-open-operation">{t('conflicts.openOperation')}</a>}
              </p>
            ) : null}
            {c.override ? (
              <p className="conflict-override small">✓ {t('conflicts.overridden', { reason: c.override.reason })} — {c.override.by}</p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** A small count for a task card or calendar event; nothing when the task has no open conflict. */
export function ConflictBadge({ count }: { count: TaskConflictCount | undefined }) {
  const { t } = useT();
  if (!count || count.blocking + count.warning === 0) return null;
  const severity = count.blocking ? 'blocking' : 'warning';
  return (
    <span className={`badge sev-${severity}`} title={t('conflicts.count', { blocking: count.blocking, warning: count.warning })}
      data-testid="conflict-badge">
      ⚠ {count.blocking + count.warning}
    </span>
  );
}
