import { useT } from '../app/i18n.store.js';
import { hasMessage, type MessageKey } from '../../../shared/i18n/index.js';
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

/** A service may name an i18n message for its refusal (details.messageKey + params); else
 *  the server's own text follows the translated error code. */
export function describeError(error: unknown, t: ReturnType<typeof useT>['t']): string {
  if (error instanceof ApiCallError) {
    const key = error.error.details?.['messageKey'];
    const params = (error.error.details?.['params'] ?? {}) as Record<string, string | number>;
    const text = typeof key === 'string' && hasMessage(key) ? t(key as MessageKey, params) : error.message;
    return `${t(`error.${error.code}`)} — ${text}`;
  }
  return error instanceof Error ? error.message : String(error);
}
