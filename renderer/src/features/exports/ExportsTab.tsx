/** The operation page's export tab: the export dialog and this site's export log. */
import { useCallback, useEffect, useState } from 'react';
import type { ExportLogEntry } from '../../../../shared/api/exports.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { ErrorState } from '../../ui/AsyncView.js';
import type { OperationTabProps } from '../operations/operation-tabs.js';
import { agencyShortName } from '../directory/directory.store.js';
import { ExportDialog } from './ExportDialog.js';

export function ExportsTab({ operationId, plan, agencies }: OperationTabProps) {
  const { t, td, lang } = useT();
  const formatDateTime = (iso: string) => new Date(iso).toLocaleString(lang === 'uk' ? 'uk-UA' : 'en-GB');
  const [open, setOpen] = useState(false);
  const [log, setLog] = useState<ExportLogEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api.exports.log({ operationId, limit: 50 }).then(setLog, setError);
  }, [operationId]);
  useEffect(load, [load]);
  const code = (id: string | null) => (id === null ? t('brief.allAgencies') : agencyShortName(agencies.find((a) => a.id === id), lang));

  return (
    <div className="page" data-testid="exports-tab">
      <div className="page-header">
        <button className="primary" onClick={() => setOpen(true)} data-testid="open-export">{t('exports.open')}</button>
      </div>
      <h3>{t('exports.history')}</h3>
      {error ? <ErrorState error={error} onRetry={load} /> : (
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
                <td>{formatDateTime(e.createdAt)}</td>
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
