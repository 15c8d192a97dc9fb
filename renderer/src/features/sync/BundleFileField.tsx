/**
 * Choosing a bundle to import: the desktop shell's own open dialog, or in browser mode the
 * browser's file picker, whose file is then sent to the core in pieces. Either way the page
 * ends up with a handle and a name, never a path.
 */
import { useId, useState } from 'react';
import type { FileChoice } from '../../../../shared/api/files.js';
import { chooseInShell, shellDialogs, uploadFile } from '../../api/files.js';
import { useT } from '../../app/i18n.store.js';
import { describeError } from '../../ui/AsyncView.js';

export function BundleFileField(props: { label: string; chosen: FileChoice | null; onChosen(choice: FileChoice | null): void; disabled?: boolean }) {
  const { t } = useT();
  const [sending, setSending] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const id = useId();
  const pick = async (get: () => Promise<FileChoice | null>) => {
    setFailure(null);
    try {
      const choice = await get();
      if (choice) props.onChosen(choice);
    } catch (e) {
      setFailure(e);
    } finally {
      setSending(null);
    }
  };
  return (
    <div className="field" data-testid="bundle-file">
      {shellDialogs() ? <span id={`${id}-label`}>{props.label}</span> : <label htmlFor={id}>{props.label}</label>}
      {shellDialogs() ? (
        <button type="button" aria-labelledby={`${id}-label ${id}-chosen`} disabled={props.disabled} onClick={() => void pick(() => chooseInShell({ mode: 'open', purpose: 'bundle' }))}>
          {t('files.choose')}
        </button>
      ) : (
        <input type="file" id={id} aria-describedby={`${id}-chosen`} accept=".spilno" name="bundle" disabled={props.disabled || sending !== null} onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setSending(0);
          void pick(() => uploadFile(file, setSending));
        }} />
      )}
      <div className="small" id={`${id}-chosen`} data-testid="bundle-chosen">
        {sending !== null ? t('files.sending', { percent: Math.round(sending * 100) })
          : props.chosen ? t('files.chosen', { name: props.chosen.name }) : t('files.noneChosen')}
      </div>
      {failure ? <div className="alert danger" role="alert">{describeError(failure, t)}</div> : null}
    </div>
  );
}
