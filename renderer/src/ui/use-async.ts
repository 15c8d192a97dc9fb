import { useCallback, useEffect, useRef, useState } from 'react';
import { subscribeToCoreEvents } from '../api/events.js';

export type AsyncState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: unknown; data?: T };

/**
 * Runs `load` when `deps` change; `reload()` re-runs it. Stale answers are dropped. When the
 * core says data changed (any window, another process, a restore), it runs again quietly:
 * the view keeps what it shows until the fresh answer replaces it.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const run = useCallback(load, deps);
  const fetchInto = useCallback(async (quiet: boolean) => {
    const mine = ++seq.current;
    if (!quiet) setState((s) => ({ status: 'loading', ...(s.data !== undefined ? { data: s.data } : {}) }) as AsyncState<T>);
    try {
      const data = await run();
      if (mine === seq.current) setState({ status: 'ok', data });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ status: 'error', error, ...(s.data !== undefined ? { data: s.data } : {}) }) as AsyncState<T>);
    }
  }, [run]);
  const reload = useCallback(() => fetchInto(false), [fetchInto]);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => subscribeToCoreEvents((e) => {
    if (e.type === 'changed' && !e.locked) void fetchInto(true);
  }), [fetchInto]);
  return { state, reload };
}
