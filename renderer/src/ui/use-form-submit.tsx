/**
 * The one way a form dialog saves. The value is checked with the contract's own schema first
 * (issues land next to their fields, a line at the foot asks to fix them); only then is the
 * call made, and a refused call's field issues land next to the same fields — an update's
 * `patch.` prefix removed, since update inputs are `{ id, patch }` — with its message at the
 * foot. `busy` holds while the call runs.
 */
import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { useT } from '../app/i18n.store.js';
import { describeError } from './AsyncView.js';
import { errorsFromApi, validateWith, type FieldErrors } from './form-errors.js';

/**
 * After a refused submit the keyboard lands on the first field marked invalid (in the open
 * dialog, else the page), once React has marked it: a screen-reader user hears what to fix, a
 * sighted one sees it even when it scrolled out of view.
 */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const scope = document.querySelector('dialog[open]') ?? document;
    scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}

export function useFormSubmit() {
  const { t } = useT();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  /**
   * Validates `value` with `schema` and, when it passes, runs `call` with the parsed value.
   * Callers that send a patch pass their own unparsed input inside `call`: parsing fills
   * defaults, which a patch must not carry.
   */
  const submit = async <S extends z.ZodType>(schema: S, value: unknown, call: (data: z.output<S>) => Promise<unknown>) => {
    setFailure(null);
    const check = validateWith(schema, value);
    if (!check.ok) {
      setErrors(check.errors);
      setFailure(t('common.fixErrors'));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await call(check.data);
    } catch (e) {
      const fromApi = errorsFromApi(e);
      if (fromApi) {
        setErrors(Object.fromEntries(Object.entries(fromApi).map(([k, v]) => [k.replace(/^patch\./, ''), v])));
        focusFirstInvalid();
      }
      setFailure(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  /** For the dialog's other actions (a delete): their failure shows at the same foot. */
  const fail = (e: unknown) => setFailure(describeError(e, t));

  const footer = failure ? <span className="form-failure" role="alert">{failure}</span> : null;
  return { errors, busy, footer, submit, fail };
}
