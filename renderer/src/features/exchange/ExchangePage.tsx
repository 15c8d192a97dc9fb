import type { PageProps } from '../../app/routes.js';

export function ExchangePage(_props: PageProps) {
  return <div className="page" />;
}
