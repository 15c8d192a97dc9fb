import { useId, type ReactElement, type ReactNode, cloneElement } from 'react';
import { useT } from '../app/i18n.store.js';
import { messageKey } from './form-errors.js';

/**
 * A labelled form control with its validation message underneath. The control gets the id,
 * `aria-invalid` and `aria-describedby` so screen readers announce the error with the field.
 */
export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: string;
  wide?: boolean;
  children: ReactElement<Record<string, unknown>>;
  extra?: ReactNode;
}) {
  const { td } = useT();
  const id = useId();
  const errId = `${id}-err`;
  const key = messageKey(props.error);
  const control = cloneElement(props.children, {
    id,
    'aria-invalid': key ? true : undefined,
    'aria-describedby': key ? errId : undefined,
  });
  return (
    <div className={`field${props.wide ? ' wide' : ''}${key ? ' has-error' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {control}
      {props.extra}
      {props.hint && !key ? <div className="hint">{props.hint}</div> : null}
      {key ? <div className="field-error" id={errId} role="alert">{td(key)}</div> : null}
    </div>
  );
}
