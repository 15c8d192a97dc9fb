/**
 * Settings → the highest marking this installation lets anyone enter. Nothing above «ДСК» ever:
 * Spilno is not a certified system for state secrets. The core enforces the ceiling on every
 * write (electron/services/legal.ts); this section only chooses it.
 */
import { useState } from 'react';
import { CEILINGS, type Ceiling } from '../../../../shared/domain/enums.js';
import { api } from '../../api/client.js';
import { useApiState } from '../../api/queries.js';
import { useT } from '../../app/i18n.store.js';
import { describeError, ErrorState, Loading } from '../../ui/AsyncView.js';

export function CeilingSection() {
  const { t, td } = useT();
  const { state, reload } = useApiState('legal', 'getSettings', {});
  const [saving, setSaving] = useState<Ceiling | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const current = saving ?? state.data.ceiling;
  const choose = async (ceiling: Ceiling) => {
    setSaving(ceiling);
    setFailure(null);
    try {
      await api.legal.setSettings({ ceiling });
      await reload();
    } catch (e) {
      setFailure(describeError(e, t));
    } finally {
      setSaving(null);
    }
  };
  return (
    <div data-testid="ceiling-settings">
      <div className="checks" role="radiogroup" aria-label={t('legal.ceiling')}>
        {CEILINGS.map((c) => (
          <label key={c} className="check">
            <input type="radio" name="ceiling" checked={current === c} disabled={saving !== null} onChange={() => void choose(c)} />
            {td(`marking.${c}`)}
          </label>
        ))}
      </div>
      <p className="muted small">{t('legal.ceilingHint')}</p>
      {failure ? <p className="form-failure" role="alert">{failure}</p> : null}
    </div>
  );
}
