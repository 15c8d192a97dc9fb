/**
 * Saving over a blocking conflict: a save refused with `blocking_conflict` opens this dialog,
 * which lists the conflicts the save would create and asks for a reason; confirming repeats the
 * same call with `override: { reason }`, which the service records with who and when.
 * Any view that saves tasks can use it: `const { run, dialog } = useOverrideDialog()`, render
 * `dialog`, and save through `run((override) => api.tasks.update({ id, patch, override }))`.
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { ConflictView } from '../../../../shared/api/conflicts.js';
import { ApiCallError } from '../../api/client.js';
import { useT } from '../../app/i18n.store.js';
import { Dialog } from '../../ui/Dialog.js';
import { ConflictList } from './ConflictList.js';

export type OverrideArg = { reason: string } | undefined;

interface Pending {
  conflicts: ConflictView[];
  retry(reason: string): Promise<void>;
  cancel(): void;
}

export function useOverrideDialog(): {
  run<T>(call: (override: OverrideArg) => Promise<T>): Promise<T | null>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<Pending | null>(null);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const run = useCallback(async <T,>(call: (override: OverrideArg) => Promise<T>): Promise<T | null> => {
    try {
      const value = await call(undefined);
      return value;
    } catch (e) {
      if (!(e instanceof ApiCallError) || e.code !== 'blocking_conflict') throw e;
      const conflicts = (e.error.details?.['conflicts'] ?? []) as ConflictView[];
      return new Promise<T | null>((resolve, reject) => {
        setPending({
          conflicts: conflicts.map((c) => ({ ...c, override: null })),
          retry: async (reason) => {
            try {
              const value = await call({ reason });
              setPending(null);
                      resolve(value);
            } catch (err) {
              setPending(null);
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          },
          cancel: () => {
            setPending(null);
            resolve(null);
          },
        });
      });
    }
  }, []);
  return { run, dialog: pending ? <OverrideDialog pending={pending} /> : null };
}

function OverrideDialog({ pending }: { pending: Pending }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    if (reason.trim() === '') {
      setError(true);
      return;
    }
    setBusy(true);
    void pending.retry(reason.trim()).finally(() => setBusy(false));
  };
  return (
    <Dialog title={t('override.title')} onClose={pending.cancel} onSubmit={submit} submitLabel={t('override.confirm')}
      busy={busy} danger wide testId="override-dialog">
      <p>{t('override.intro')}</p>
      <ConflictList conflicts={pending.conflicts} />
      <label className="field">
        <span>{t('override.reason')}</span>
        <textarea value={reason} rows={3} onChange={(e) => { setReason(e.target.value); setError(false); }}
          aria-invalid={error} data-testid="override-reason" />
        {error ? <span className="field-error">{t('override.reasonRequired')}</span> : null}
      </label>
    </Dialog>
  );
}
