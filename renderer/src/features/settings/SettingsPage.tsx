import { useT } from '../../app/i18n.store.js';
import type { PageProps } from '../../app/routes.js';
import { SETTINGS_SECTIONS } from './settings-sections.js';

export function SettingsPage(_props: PageProps) {
  const { t } = useT();
  const sections = [...SETTINGS_SECTIONS].sort((a, b) => a.order - b.order);
  return (
    <div className="page settings-page">
      <div className="page-header"><h1>{t('set.title')}</h1></div>
      {sections.map((s) => (
        <section key={s.id} className="panel" aria-labelledby={`set-${s.id}`}>
          <h3 id={`set-${s.id}`}>{t(s.titleKey)}</h3>
          <s.component />
        </section>
      ))}
    </div>
  );
}
