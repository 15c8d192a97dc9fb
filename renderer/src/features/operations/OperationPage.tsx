import type { PageProps } from '../../app/routes.js';

export function OperationPage(_props: PageProps) {
  return <div className="page" />;
}
