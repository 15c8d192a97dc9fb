/** "Verify" for the audit trail: walks the hash chain and says where it breaks. */
import { useEffect, useState } from 'react';
import type { AuditVerification } from '../../../../shared/api/audit.js';
import { api } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';

/** The person entries are recorded under; a shared OS account otherwise names nobody. */
function OperatorField() {
  const { t } = useT();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.audit.operator({}).then((o) => setName((n) => n ?? o.name), setError);
  }, []);
  return (
    <form onSubmit={(e) => {
      e.preventDefault();
      setError(null);
      if (name) api.audit.setOperator({ name }).catch(setError);
    }}>
      <label className="field"><span>{t('audit.operator')}</span>
        <input value={name ?? ''} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="audit-operator" />
      </label>
      <button type="submit">{t('audit.operator.save')}</button>
      {error ? <div className="alert danger" role="alert">{describeError(error, t)}</div> : null}
    </form>
  );
}

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
      <OperatorField />
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
