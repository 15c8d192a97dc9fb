import { LANGS } from '../../../../shared/i18n/index.js';
import { useI18nStore, useT } from '../../app/i18n.store.js';
import { ErrorState, Loading } from '../../ui/AsyncView.js';
import { useApiState } from '../../api/queries.js';

export function GeneralSettings() {
  const { t } = useT();
  const lang = useI18nStore((s) => s.lang);
  const setLang = useI18nStore((s) => s.setLang);
  return (
    <div className="checks" role="radiogroup" aria-label={t('set.language')}>
      {LANGS.map((l) => (
        <label key={l} className="check">
          <input type="radio" name="lang" checked={lang === l} onChange={() => setLang(l)} />
          {t(`lang.${l}`)}
        </label>
      ))}
    </div>
  );
}

export function SystemInfoSection() {
  const { t } = useT();
  const { state, reload } = useApiState('system', 'info', {});
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const i = state.data;
  return (
    <div className="overview" style={{ display: 'block' }}>
      <dl>
        <dt>{t('set.version')}</dt><dd>{i.appVersion}</dd>
        <dt>{t('set.schema')}</dt><dd>{i.schemaVersion}</dd>
        <dt>{t('set.site')}</dt><dd><code>{i.siteId}</code></dd>
        <dt>{t('set.mode')}</dt><dd>{i.mode}</dd>
        <dt>{t('set.dataDir')}</dt><dd><code>{i.dataDir}</code></dd>
        <dt>{t('set.readOnly')}</dt><dd>{i.readOnly ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('set.classification')}</dt><dd>{t('notCertified')}</dd>
      </dl>
    </div>
  );
}
