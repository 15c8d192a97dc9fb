/**
 * The after-action report from the operation page: for all agencies (the coordinator's copy) or
 * one taking part (its view under the need-to-know rule, made by the core), in the app's
 * language, downloaded as the PDF the core drew (exports.report).
 */
import { useState } from 'react';
import type { Agency } from '../../../../shared/domain/directory.js';
import { operationAgencyIds, type Operation } from '../../../../shared/domain/operation.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';
import { agencyShortName } from '../directory/agencies.js';
import { downloadExportedFile } from '../exports/download.js';

export function ReportButton(props: { operation: Operation; agencies: Agency[] }) {
  const { t, lang } = useT();
  const [agencyId, setAgencyId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      downloadExportedFile(await api.exports.report({ operationId: props.operation.id, agencyId: agencyId || null, lang }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="report-button" data-testid="report-button">
      <label className="filter">
        <span>{t('report.agency')}</span>
        <select value={agencyId} onChange={(e) => setAgencyId(e.target.value)} data-testid="report-agency">
          <option value="">{t('brief.allAgencies')}</option>
          {operationAgencyIds(props.operation).map((id) => (
            <option key={id} value={id}>{agencyShortName(props.agencies.find((a) => a.id === id), lang)}</option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void run()} disabled={busy} aria-busy={busy} data-testid="export-report">
        {busy ? t('report.exporting') : t('report.button')}
      </button>
      {error ? <div className="state error" role="alert">{describeError(error, t)}</div> : null}
    </div>
  );
}
