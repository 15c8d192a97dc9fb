/**
 * A modal dialog on the native <dialog> element: the browser gives focus trapping, Escape to
 * close and the backdrop. Forms inside submit on Enter as usual.
 *
 * Once the user has typed or picked anything in it, closing by Escape, × or Cancel asks first
 * (a planner's half-typed task is minutes of work); closing after a save is the owner's
 * unmount and never asks.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useT } from '../app/i18n.store.js';

export function Dialog(props: {
  title: string;
  onClose(): void;
  /** When set, the body is a form and Enter submits it. */
  onSubmit?: () => void;
  submitLabel?: string;
  busy?: boolean;
  wide?: boolean;
  danger?: boolean;
  children: ReactNode;
  footerExtra?: ReactNode;
  testId?: string;
  /** The dialog's work is done (a partial import went in): closing asks nothing, Cancel reads Close. */
  settled?: boolean;
}) {
  const { t } = useT();
  const { onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const changed = useRef(false);
  const [asking, setAsking] = useState(false);
  const requestClose = useRef(() => {});
  requestClose.current = () => {
    if (changed.current && !props.settled) setAsking(true);
    else onClose();
  };
  // Keyboard users land back where they were when the dialog goes away.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    return () => opener?.focus?.();
  }, []);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) {
      d.showModal();
      // showModal focuses the first focusable element (the close button); start at the field
      // marked `data-autofocus`, else the first field.
      (d.querySelector<HTMLElement>('.dialog-body [data-autofocus]')
        ?? d.querySelector<HTMLElement>('.dialog-body :is(input, select, textarea, button):not(:disabled)'))?.focus();
    }
    const onCancel = (e: Event) => {
      e.preventDefault();
      requestClose.current();
    };
    const onEdit = (e: Event) => {
      // Only the dialog's own fields count, not the question's buttons.
      if ((e.target as HTMLElement | null)?.closest('.dialog-body')) changed.current = true;
    };
    d.addEventListener('cancel', onCancel);
    d.addEventListener('input', onEdit);
    d.addEventListener('change', onEdit);
    return () => {
      d.removeEventListener('cancel', onCancel);
      d.removeEventListener('input', onEdit);
      d.removeEventListener('change', onEdit);
    };
  }, [onClose]);
  const keepEditing = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keepEditing.current?.focus();
  }, [asking]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit?.();
  };
  return (
    <dialog ref={ref} className={`dialog${props.wide ? ' wide' : ''}`} aria-label={props.title} data-testid={props.testId}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-header">
          <h2>{props.title}</h2>
          <button type="button" className="icon" onClick={() => requestClose.current()} aria-label={t('common.close')}>×</button>
        </header>
        <div className="dialog-body">{props.children}</div>
        {asking ? (
          <footer className="dialog-footer dialog-unsaved" role="alertdialog" aria-label={t('dialog.unsaved')} data-testid="dialog-unsaved">
            <span>{t('dialog.unsaved')}</span>
            <span className="spacer" />
            <button type="button" ref={keepEditing} onClick={() => setAsking(false)}>{t('dialog.keepEditing')}</button>
            <button type="button" className="danger" onClick={onClose}>{t('dialog.discard')}</button>
          </footer>
        ) : (
          <footer className="dialog-footer">
            {props.footerExtra}
            <span className="spacer" />
            <button type="button" onClick={() => requestClose.current()}>{t(props.settled ? 'common.close' : 'common.cancel')}</button>
            {props.onSubmit ? (
              <button type="submit" className={props.danger ? 'danger' : 'primary'} disabled={props.busy}>
                {props.submitLabel ?? t('common.save')}
              </button>
            ) : null}
          </footer>
        )}
      </form>
    </dialog>
  );
}

export function ConfirmDialog(props: { title: string; body: string; confirmLabel: string; onConfirm(): void; onClose(): void }) {
  return (
    <Dialog title={props.title} onClose={props.onClose} onSubmit={props.onConfirm} submitLabel={props.confirmLabel} danger testId="confirm-dialog">
      <p>{props.body}</p>
    </Dialog>
  );
}
