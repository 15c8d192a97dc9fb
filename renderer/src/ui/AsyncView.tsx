import type { ReactNode } from 'react';
import { useT } from '../app/i18n.store.js';
import { ApiCallError } from '../api/client.js';

/** Loading and error states every screen shows the same way. */
export function Loading() {
  const { t } = useT();
  return <div className="state loading" role="status">{t('common.loading')}</div>;
}

export function ErrorState(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useT();
  return (
    <div className="state error" role="alert">
      <strong>{t('common.errorTitle')}</strong>
      <div>{describeError(props.error, t)}</div>
      {props.onRetry ? <button onClick={props.onRetry}>{t('common.retry')}</button> : null}
    </div>
  );
}

export function describeError(error: unknown, t: ReturnType<typeof useT>['t']): ReactNode {
  if (error instanceof ApiCallError) return `${t(`error.${error.code}`)} — ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
