import type { PageProps } from '../../app/routes.js';

export function DirectoryPage(_props: PageProps) {
  return <div className="page" />;
}
