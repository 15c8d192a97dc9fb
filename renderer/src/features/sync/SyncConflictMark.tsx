/**
 * The marker on a plan field with an open sync conflict: the value shown is the current winner
 * until a planner picks (issue 5). Hover names the competing values and who set them; a click
 * opens them with a pick button each (the existing pick API, so the pick syncs as a change)
 * and a link to the entry in the conflict inbox.
 */
import { useState } from 'react';
import type { PlanConflictView } from '../../../../shared/api/sync.js';
import { TOMBSTONE_FIELD } from '../../../../shared/sync/change.js';
import { useT, type Translator } from '../../app/i18n.store.js';
import { href } from '../../app/router.js';
import { describeError } from '../../ui/AsyncView.js';
import { agencyName, agencyShortName, useAgencies } from '../directory/agencies.js';
import { pickCandidate } from './plan-conflicts.js';
import './sync-marks.css';

type Agencies = ReturnType<typeof useAgencies>['byId'];

export function conflictKey(c: Pick<PlanConflictView, 'entity' | 'rowId' | 'field'>): string {
  return `${c.entity}:${c.rowId}:${c.field}`;
}

/** A candidate's JSON value as the plan would show it. */
export function candidateText(field: string, json: string, tr: Translator, agencies: Agencies): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (field === TOMBSTONE_FIELD) return v === true ? tr.t('syncMark.deleted') : tr.t('syncMark.kept');
  if (v === null || v === '') return tr.t('syncMark.empty');
  if (field === 'startsAt' || field === 'endsAt') return typeof v === 'string' ? tr.fmt(v) : String(v);
  if (field.endsWith('AgencyId') && typeof v === 'string') {
    const a = agencies.get(v);
    return a ? `${agencyShortName(a, tr.lang)} — ${agencyName(a, tr.lang)}` : v;
  }
  const label = (x: unknown) => (x && typeof x === 'object' && 'label' in x ? String((x).label) : JSON.stringify(x));
  if (Array.isArray(v)) return v.length === 0 ? tr.t('syncMark.empty') : v.map(label).join('; ');
  if (typeof v === 'object') return label(v);
  return String(v);
}

export function summaryOf(c: PlanConflictView, tr: Translator): string {
  if (c.kind === 'delete_vs_edit') return tr.t('syncMark.deleteVsEdit');
  const count = c.candidates.length;
  return tr.t('syncMark.summary', { count });
}

/** The unit's name; its agency when the unit has none (a demo or fresh install); else the site. */
export function setByText(v: PlanConflictView['candidates'][number], tr: Translator, agencies: Agencies): string {
  const agency = v.agencyId ? agencies.get(v.agencyId) : undefined;
  const unit = v.unitName || (agency ? agencyName(agency, tr.lang) : tr.t('syncMark.unknownUnit', { site: v.siteId }));
  return tr.t('syncMark.setBy', { unit });
}

/** "Start: 5 Dec 08:00 (set by Customs) / 09:00 (set by Police)" for the hover title. */
export function conflictTitle(c: PlanConflictView, tr: Translator, agencies: Agencies): string {
  const values = c.candidates.map((v) => `${candidateText(c.field, v.value, tr, agencies)} (${setByText(v, tr, agencies)})`).join(' / ');
  return `${summaryOf(c, tr)}\n${tr.td(`syncMark.field.${c.field}`)}: ${values}`;
}

export function SyncConflictMark(props: {
  conflict: PlanConflictView | undefined;
  /** Icon and the field's name (task cards, the page header); the full sentence otherwise. */
  compact?: boolean;
  /** Pick buttons in the expanded view (off inside forms, whose fields would go stale). */
  allowPick?: boolean;
  onPicked?: () => void | Promise<void>;
}) {
  const tr = useT();
  const { t, td } = tr;
  const { byId } = useAgencies();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const c = props.conflict;
  if (!c) return null;
  const choose = async (i: number) => {
    setBusy(true);
    setFailure(null);
    try {
      await pickCandidate(c, i);
      setOpen(false);
      await props.onPicked?.();
    } catch (e) {
      setFailure(String(describeError(e, t)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className={`sync-mark${props.compact ? ' compact' : ''}`} data-testid="sync-conflict-mark" data-field={c.field} data-entity={c.entity}>
      <button type="button" className="sync-mark-toggle" aria-expanded={open} title={conflictTitle(c, tr, byId)}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(!open);
        }}>
        <span aria-hidden="true">⇄</span>{' '}
        {props.compact ? <><span aria-hidden="true">{td(`syncMark.field.${c.field}`)}</span><span className="sr-only">{summaryOf(c, tr)}</span></> : summaryOf(c, tr)}
      </button>
      {open ? (
        <div className="sync-mark-details" role="group" aria-label={summaryOf(c, tr)} data-testid="sync-conflict-details">
          <div className="sync-mark-field">{td(`syncMark.field.${c.field}`)}</div>
          <ol>
            {c.candidates.map((v, i) => (
              <li key={`${v.hlc}-${i}`}>
                <span className="sync-mark-value">{candidateText(c.field, v.value, tr, byId)}</span>{' '}
                <span className="small muted">{setByText(v, tr, byId)}</span>{' '}
                {i === 0 ? <span className="badge">{t('syncMark.shownNow')}</span> : null}{' '}
                {props.allowPick ? <button type="button" className="small" disabled={busy} onClick={() => void choose(i)}>{t('syncMark.pick')}</button> : null}
              </li>
            ))}
          </ol>
          <a href={href(`/sync?conflict=${encodeURIComponent(conflictKey(c))}`)}>{t('syncMark.openInbox')}</a>
          {failure ? <div className="form-failure" role="alert">{failure}</div> : null}
        </div>
      ) : null}
    </span>
  );
}
