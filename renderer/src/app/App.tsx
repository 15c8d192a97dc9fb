/**
 * The application shell: header with the main navigation and the language switch, the page
 * matched from the hash route, and the not-certified notice that must be visible on every
 * screen (Spilno is not accredited for state secrets). Mounted only while the store is unlocked
 * (Root.tsx).
 */
import { useEffect, useMemo } from 'react';
import { LANGS } from '../../../shared/i18n/index.js';
import { StoreGuard } from '../features/audit/StoreGuard.js';
import { FirstRunGate } from '../features/setup/SiteSetupForm.js';
import { useI18nStore, useT } from './i18n.store.js';
import { DEFAULT_PATH, PAGES } from './routes.js';
import { href, matchPath, navigate, usePath } from './router.js';

export function App() {
  const { t } = useT();
  const lang = useI18nStore((s) => s.lang);
  const setLang = useI18nStore((s) => s.setLang);
  const path = usePath();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  useEffect(() => {
    if (path === '/') navigate(DEFAULT_PATH);
  }, [path]);

  const nav = useMemo(
    () => PAGES.filter((p) => p.navKey).sort((a, b) => (a.order ?? 0) - (b.order ?? 0)),
    [],
  );
  let matched: { Page: (typeof PAGES)[number]['component']; params: Record<string, string>; id: string } | null = null;
  for (const p of PAGES) {
    const params = matchPath(p.path, path);
    if (params) {
      matched = { Page: p.component, params, id: p.id };
      break;
    }
  }
  const activeTop = '/' + (path.split('/')[1] ?? '');

  return (
    <div className="shell">
      {/* Keyboard users skip the navigation. Not href="#main": the hash is the route. */}
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>{t('a11y.skipToContent')}</a>
      <header className="shell-header">
        <a className="brand" href={href(DEFAULT_PATH)}>
          <span className="brand-name">{t('app.title')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </a>
        <nav className="main-nav" aria-label={t('nav.main')}>
          {nav.map((p) => (
            <a
              key={p.id}
              href={href(p.path)}
              onClick={p.load}
              className={activeTop === p.path ? 'active' : ''}
              aria-current={activeTop === p.path ? 'page' : undefined}
            >
              {t(p.navKey!)}
            </a>
          ))}
        </nav>
        <label className="lang-switch">
          <span className="sr-only">{t('lang.label')}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as typeof lang)} aria-label={t('lang.label')}>
            {LANGS.map((l) => (
              <option key={l} value={l}>{t(`lang.${l}`)}</option>
            ))}
          </select>
        </label>
      </header>
      <main className="shell-main" id="main" tabIndex={-1}>
        <StoreGuard />
        <FirstRunGate>
          {matched ? <matched.Page key={matched.id + path} params={matched.params} /> : (
            <div className="page"><h1>{t('page.notFound')}</h1></div>
          )}
        </FirstRunGate>
      </main>
      <footer className="shell-footer" role="note">{t('notCertified')}</footer>
    </div>
  );
}
