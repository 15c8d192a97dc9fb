/**
 * Buttons that act on the server and then refresh what the section shows: the last failure and
 * the last confirmation are kept for display, and the section reloads whatever the outcome (a
 * failed restore or unlock may still have changed the state the server reports).
 */
import { useState } from 'react';

export function useAction(reload: () => Promise<unknown>) {
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    setNote(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    }
    await reload();
  };
  return { act, error, setError, note, setNote };
}
