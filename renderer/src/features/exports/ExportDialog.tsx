/**
 * The export dialog: for whom (all agencies or one), language, which files, and optional age
 * encryption; then runs the planned steps one by one with a progress bar and downloads each
 * file as it arrives. Need-to-know is enforced on the main side, not here.
 */
import { useState } from 'react';
import type { ExportedFile } from '../../../../shared/api/exports.js';
import { distributionOf } from '../../../../shared/domain/distribution.js';
import { operationAgencyIds } from '../../../../shared/domain/operation.js';
import type { Lang } from '../../../../shared/i18n/index.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { JobProgress, useJobProgress } from '../sync/JobProgress.js';
import { agencyName, agencyShortName } from '../directory/agencies.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { downloadExportedFile } from './download.js';
import { planExport, type ExportChoices, type ExportStep } from './export-steps.js';

const STEP_LABEL = { pdf: 'exports.step.pdf', ics: 'exports.step.ics', vcard: 'exports.step.vcard', pack: 'exports.step.pack' } as const;

/** Runs one step; a PDF or pack, the long ones, reports its pages under `progressId`. */
function runStep(step: ExportStep, progressId: string): Promise<ExportedFile> {
  switch (step.kind) {
    case 'pdf': return api.exports.briefing({ ...step.request, progressId });
    case 'ics': return api.exports.ics(step.request);
    case 'vcard': return api.exports.vcard(step.request);
    case 'pack': return api.exports.pack({ ...step.request, progressId });
  }
}

type Progress =
  | { state: 'idle' }
  | { state: 'running'; index: number; total: number; step: ExportStep['kind'] }
  | { state: 'done'; files: ExportedFile[] }
  | { state: 'failed'; error: unknown };

export function ExportDialog(props: Pick<OperationTabProps, 'operationId' | 'plan' | 'agencies'> & { onClose(): void; onDone(): void }) {
  const { t, lang } = useT();
  const [choices, setChoices] = useState<ExportChoices>({
    operationId: props.operationId, agencyId: null, copy: null, lang, pdf: true, ics: true,
    vcard: true, encrypt: false, recipients: '',
  });
  const [progress, setProgress] = useState<Progress>({ state: 'idle' });
  const job = useJobProgress();
  const set = <K extends keyof ExportChoices>(k: K, v: ExportChoices[K]) => setChoices((c) => ({ ...c, [k]: v }));
  const steps = planExport(choices);
  const running = progress.state === 'running';

  const run = async () => {
    const files: ExportedFile[] = [];
    try {
      for (const [index, step] of steps.entries()) {
        setProgress({ state: 'running', index, total: steps.length, step: step.kind });
        const file = await job.track((progressId) => runStep(step, progressId));
        downloadExportedFile(file);
        files.push(file);
      }
      setProgress({ state: 'done', files });
      props.onDone();
    } catch (error) {
      setProgress({ state: 'failed', error });
    }
  };

  const agencyIds = operationAgencyIds(props.plan.operation);
  // Every pack is one numbered copy for one recipient: the copies on the list for this scope.
  const copies = distributionOf(props.plan.operation).filter((c) => c.agencyId === choices.agencyId);
  return (
    <Dialog
      title={t('exports.title')}
      onClose={props.onClose}
      onSubmit={() => void run()}
      submitLabel={t('exports.run')}
      busy={running || steps.length === 0 || (choices.encrypt && choices.recipients.trim() === '')}
      testId="export-dialog"
      // Options cost nothing to pick again; only recipient keys typed and not yet used are worth a question.
      settled={progress.state === 'done' || choices.recipients.trim() === ''}
    >
      <div className="grid">
        <Field label={t('exports.scope')}>
          <select value={choices.agencyId ?? ''} onChange={(e) => setChoices((c) => ({ ...c, agencyId: e.target.value === '' ? null : e.target.value, copy: null }))} data-testid="export-agency">
            <option value="">{t('exports.scope.all')}</option>
            {agencyIds.map((id) => (
              <option key={id} value={id}>{agencyShortName(props.agencies.find((a) => a.id === id), lang)} — {agencyName(props.agencies.find((a) => a.id === id), lang)}</option>
            ))}
          </select>
        </Field>
        {copies.length > 0 ? (
          <Field label={t('exports.copy')}>
            <select value={choices.copy ?? copies[0]!.number} onChange={(e) => set('copy', Number(e.target.value))} data-testid="export-copy">
              {copies.map((c) => (
                <option key={c.number} value={c.number}>{c.addressee ? t('exports.copyTo', { n: c.number, addressee: c.addressee }) : t('exports.copyOption', { n: c.number })}</option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('exports.lang')}>
          <select value={choices.lang} onChange={(e) => set('lang', e.target.value as Lang)} data-testid="export-lang">
            <option value="uk">Українська</option>
            <option value="en">English</option>
          </select>
        </Field>
      </div>
      <div className="group-label">{t('exports.include')}</div>
      <label><input type="checkbox" checked={choices.pdf || choices.encrypt} disabled={choices.encrypt} onChange={(e) => set('pdf', e.target.checked)} /> {t('exports.pdf')}</label>
      <label><input type="checkbox" checked={choices.ics} onChange={(e) => set('ics', e.target.checked)} data-testid="export-ics" /> {t('exports.ics')}</label>
      <label><input type="checkbox" checked={choices.vcard} onChange={(e) => set('vcard', e.target.checked)} data-testid="export-vcard" /> {t('exports.vcard')}</label>
      <label><input type="checkbox" checked={choices.encrypt} onChange={(e) => set('encrypt', e.target.checked)} data-testid="export-encrypt" /> {t('exports.encrypt')}</label>
      {choices.encrypt ? (
        <Field label={t('exports.recipients')} wide>
          <textarea rows={3} value={choices.recipients} onChange={(e) => set('recipients', e.target.value)} spellCheck={false} data-testid="export-recipients" />
        </Field>
      ) : null}
      <div aria-live="polite" data-testid="export-progress">
        {progress.state === 'running' ? (
          <>
            <progress value={progress.index} max={progress.total} />
            <div className="muted small">{t('exports.progress', { x: progress.index + 1, y: progress.total, step: t(STEP_LABEL[progress.step]) })}</div>
            {job.progress && !job.progress.finished ? <JobProgress progress={job.progress} /> : null}
          </>
        ) : progress.state === 'done' ? (
          <div>
            <progress value={1} max={1} />
            <div>{t('exports.done', { n: progress.files.length })}</div>
            <ul className="small">{progress.files.map((f) => <li key={f.exportId}>{f.fileName} · {f.byteSize} B · sha256 {f.sha256.slice(0, 16)}…</li>)}</ul>
          </div>
        ) : progress.state === 'failed' ? (
          <div className="form-failure" role="alert">{t('exports.failed')}: {describeError(progress.error, t)}</div>
        ) : null}
      </div>
    </Dialog>
  );
}
