import type { PageProps } from '../../app/routes.js';

export function SettingsPage(_props: PageProps) {
  return <div className="page" />;
}
