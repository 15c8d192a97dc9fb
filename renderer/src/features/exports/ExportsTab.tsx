/** The operation page's export tab: the export dialog, the after-action report and this site's export log. */
import { useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { ErrorState } from '../../ui/AsyncView.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { agencyShortName } from '../directory/agencies.js';
import { ReportButton } from '../report/ReportButton.js';
import { ExportDialog } from './ExportDialog.js';

export function ExportsTab({ operationId, plan, agencies }: OperationTabProps) {
  const { t, td, lang, fmt } = useT();
  const [open, setOpen] = useState(false);
  // Every export is logged; the change event after it refreshes this list.
  const logQuery = useApiQuery('exports', 'log', { operationId, limit: 50 });
  const log = logQuery.data ?? [];
  const load = () => void logQuery.refetch();
  const code = (id: string | null) => (id === null ? t('brief.allAgencies') : agencyShortName(agencies.find((a) => a.id === id), lang));

  return (
    <div className="page" data-testid="exports-tab">
      <div className="page-header">
        <button className="primary" onClick={() => setOpen(true)} data-testid="open-export">{t('exports.open')}</button>
        <ReportButton operation={plan.operation} agencies={agencies} />
      </div>
      <h3>{t('exports.history')}</h3>
      {logQuery.isError ? <ErrorState error={logQuery.error} onRetry={load} /> : (
        <table className="plain" data-testid="export-log">
          <thead>
            <tr>
              <th>{t('brief.generatedAt')}</th><th>{t('brief.col.kind')}</th><th>{t('brief.recipient')}</th>
              <th>{t('exports.lang')}</th><th>sha256</th>
            </tr>
          </thead>
          <tbody>
            {log.map((e) => (
              <tr key={e.id}>
                <td>{fmt(e.createdAt, 'd MMM yyyy, HH:mm:ss')}</td>
                <td>{td(`exports.kind.${e.kind}`)}{e.encryptedTo > 0 ? ` · ${t('exports.encrypted', { n: e.encryptedTo })}` : ''}</td>
                <td>{code(e.recipientAgencyId)}</td>
                <td>{e.lang}</td>
                <td><code>{e.sha256.slice(0, 16)}…</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open ? <ExportDialog operationId={operationId} plan={plan} agencies={agencies} onClose={() => setOpen(false)} onDone={load} /> : null}
    </div>
  );
}
