/** "Verify" for the audit trail: walks the hash chain and says where it breaks. */
import { useState } from 'react';
import type { AuditVerification } from '../../../../shared/api/audit.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';

export function AuditVerifySection() {
  const { t } = useT();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.audit.verify({}));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <strong>{t('audit.verify.title')}</strong>{' '}
      <button onClick={() => void verify()} disabled={busy} data-testid="audit-verify">{t('audit.verify.button')}</button>
      {result ? (
        <div className={`alert ${result.ok ? 'ok' : 'danger'}`} role="status" data-testid="audit-verify-result">
          {result.ok
            ? t('audit.verify.ok', { count: result.entries })
            : t('audit.verify.broken', { seq: result.brokenAt ?? 0, problem: t(`audit.problem.${result.problem ?? 'edited'}`) })}
        </div>
      ) : null}
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
    </div>
  );
}
