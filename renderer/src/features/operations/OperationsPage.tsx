import type { PageProps } from '../../app/routes.js';

export function OperationsPage(_props: PageProps) {
  return <div className="page" />;
}
