import { useT } from './i18n.store.js';

/** Stands in for a page whose feature has not registered its component yet. */
export function PlaceholderPage() {
  const { t } = useT();
  return <div className="page"><p className="muted">{t('page.notAvailable')}</p></div>;
}
