/**
 * The progress bar of a bundle export or import, of a folder run (step by step, naming the
 * step under way), or of a briefing PDF or pack (pages drawn so far, then encryption): the call carries a fresh progress id and the core publishes every report as
 * a progress event on the same channel as change events (IPC or the server's event stream), so
 * the bar moves even while the core's apply transaction runs. Validation and apply report in
 * coarse steps, so that stretch shows a moving bar and "applying…" rather than a percentage.
 */
import { useCallback, useState } from 'react';
import type { FolderStep, SyncProgress } from '../../../../shared/api/sync.js';
import { api } from '../../api/client.js';
import { subscribeToCoreEvents } from '../../api/events.js';
import { useT, type Translator } from '../../app/i18n.store.js';
import './sync-marks.css';

export function useJobProgress() {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  /** Runs `call` with a new progress id, following its progress events until it answers. */
  const track = useCallback(async <T,>(call: (progressId: string) => Promise<T>): Promise<T> => {
    const id = crypto.randomUUID();
    setProgress(null);
    const unsubscribe = subscribeToCoreEvents((e) => {
      if (e.type === 'progress' && e.jobId === id) setProgress(e.progress);
    });
    try {
      return await call(id);
    } finally {
      unsubscribe();
      // The last word, whichever arrived first: the finished state (full bar, or where it stopped).
      const p = await api.sync.jobProgress({ id }).catch(() => null);
      if (p) setProgress(p);
    }
  }, []);
  const clear = useCallback(() => setProgress(null), []);
  return { progress, track, clear };
}

const MB = 1024 * 1024;

function stepLabel(step: FolderStep, { t, td }: Translator): string {
  return step.kind === 'export'
    ? t('syncProgress.folder.export', { unit: step.peerUnit })
    : td(`syncProgress.folder.${step.kind}`, { file: step.file });
}

export function JobProgress(props: { progress: SyncProgress | null }) {
  const tr = useT();
  const { t, td, lang } = tr;
  const p = props.progress;
  if (!p) return null;
  const synchronous = !p.finished && (p.phase === 'validate' || p.phase === 'apply');
  const complete = p.finished && !p.failed;
  // A replayed bundle stops after its header: done, though not every byte was read.
  const max = Math.max(p.total, 1);
  const value = complete ? max : p.done;
  // A call that stopped stands still where it stopped (at 0 before anything was counted).
  const known = p.finished || (p.total > 0 && !synchronous);
  const label = p.finished ? t(p.failed ? 'syncProgress.failed' : 'syncProgress.done') : p.step ? stepLabel(p.step, tr) : td(`syncProgress.${p.phase}`);
  const percent = known ? Math.floor((value * 100) / max) : null;
  const number = (n: number, digits = 0) => n.toLocaleString(lang === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  // A folder run counts steps: the one under way is done + 1 (where it stopped, if it failed).
  // A pack's pages are counted as drawn; how many there will be is known only at the end.
  const detail = p.phase === 'render' ? t('syncProgress.pages', { done: p.done })
    : p.total === 0 ? null : p.phase === 'folder'
    ? complete ? null : t('syncProgress.step', { current: number(Math.min(p.done + 1, p.total)), total: number(p.total) })
    : p.phase === 'decrypt'
    ? t('syncProgress.bytes', { done: number(p.done / MB, 1), total: number(p.total / MB, 1) })
    : p.phase === 'verify' ? null : t('syncProgress.changes', { done: number(p.done), total: number(p.total) });
  return (
    <div className="sync-job" role="status" data-testid="sync-progress" data-phase={p.phase} data-step={p.step?.kind} data-done={p.done}
      data-total={p.total} data-finished={p.finished} data-failed={p.failed}>
      <span className="sync-job-phase">{label}</span>
      {known ? <progress value={value} max={max} /> : <progress />}
      <span className="sync-job-percent">{percent === null ? '' : t('syncProgress.percent', { percent })}</span>
      {detail && !synchronous && !(complete && p.done < p.total) ? <span className="sync-job-detail">{detail}</span> : null}
    </div>
  );
}
