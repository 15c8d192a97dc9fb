import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: unknown; data?: T };

/** Runs `load` when `deps` change; `reload()` re-runs it. Stale answers are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ status: 'loading', ...(s.data !== undefined ? { data: s.data } : {}) }) as AsyncState<T>);
    try {
      const data = await run();
      if (mine === seq.current) setState({ status: 'ok', data });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ status: 'error', error, ...(s.data !== undefined ? { data: s.data } : {}) }) as AsyncState<T>);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, reload };
}
