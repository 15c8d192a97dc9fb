/**
 * The renderer's one data layer: TanStack Query, every answer cached under
 * `[domain, method, input]`, made stale by the core's change events (the rule is
 * shared/api/invalidation.ts) and refetched while a view shows it. Views never guard against
 * stale answers themselves: the cache keeps the newest answer per key, drops answers of
 * queries nobody watches any more, and refetches when an event says the data moved — an edit
 * in another window, the CLI importing a bundle, a restore.
 *
 * Locking drops the whole cache (nothing loaded stays in memory behind the lock screen): the
 * session's end (app/session.ts, the one place that drops everything on lock) calls
 * `dropAllData`, whoever locked — this window, another, the core's idle timer.
 */
import { QueryClient, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Api, ApiDomain } from '../../../shared/api/index.js';
import { isStaleAfter, type QueryKey } from '../../../shared/api/invalidation.js';
import type { AsyncState } from '../ui/async-state.js';
import { api } from './client.js';
import { subscribeToCoreEvents } from './events.js';

type Method<D extends ApiDomain> = keyof Api[D] & string;
type Call<D extends ApiDomain, M extends Method<D>> = Api[D][M] extends (input: infer I) => Promise<infer O> ? { input: I; output: O } : never;
export type ApiInput<D extends ApiDomain, M extends Method<D>> = Call<D, M>['input'];
export type ApiOutput<D extends ApiDomain, M extends Method<D>> = Call<D, M>['output'];

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Answers change only when the core says so (events), never by age.
      staleTime: Infinity,
      gcTime: 5 * 60_000,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

export function apiQueryKey<D extends ApiDomain, M extends Method<D>>(domain: D, method: M, input: ApiInput<D, M>): QueryKey {
  return [domain, method, input ?? {}];
}

function callApi<D extends ApiDomain, M extends Method<D>>(domain: D, method: M, input: ApiInput<D, M>): Promise<ApiOutput<D, M>> {
  const fn = (api[domain] as Record<string, (i: unknown) => Promise<unknown>>)[method]!;
  return fn(input);
}

/** The answer of `api.<domain>.<method>(input)`, cached and kept fresh; `enabled: false` waits. */
export function useApiQuery<D extends ApiDomain, M extends Method<D>>(
  domain: D, method: M, input: ApiInput<D, M>, options: { enabled?: boolean } = {},
): UseQueryResult<ApiOutput<D, M>> {
  return useQuery({
    queryKey: apiQueryKey(domain, method, input),
    queryFn: () => callApi(domain, method, input),
    enabled: options.enabled ?? true,
  });
}

/** Fetches through the cache (for event handlers that need an answer now). */
export function fetchApi<D extends ApiDomain, M extends Method<D>>(domain: D, method: M, input: ApiInput<D, M>): Promise<ApiOutput<D, M>> {
  return queryClient.fetchQuery({ queryKey: apiQueryKey(domain, method, input), queryFn: () => callApi(domain, method, input) });
}

/** Starts reading an answer now, through the cache (an answer held is not asked again): for a
 *  view whose children set themselves up in their effects, which React runs before the view's
 *  own query asks the core. */
export function prefetchApi<D extends ApiDomain, M extends Method<D>>(domain: D, method: M, input: ApiInput<D, M>): void {
  void queryClient.prefetchQuery({ queryKey: apiQueryKey(domain, method, input), queryFn: () => callApi(domain, method, input) });
}

/**
 * Puts what a save answered into a cached answer. A fetch on its way (a change event's refetch)
 * started before the save and would land after it, putting back what the save replaced — a
 * second keyboard step would then step from where the first one started — so it is cancelled
 * first; the save's own change event fetches afresh. Nothing is put into an answer not loaded.
 */
export async function putQueryData<T>(key: QueryKey, update: (old: T) => T): Promise<void> {
  if (queryClient.getQueryData<T>(key) === undefined) return;
  await queryClient.cancelQueries({ queryKey: key, exact: true });
  queryClient.setQueryData<T>(key, (old) => (old === undefined ? old : update(old)));
}

/** A retry button's action: refetch this query now. */
export function useRefetch(result: UseQueryResult<unknown>): () => void {
  const { refetch } = result;
  return useCallback(() => void refetch(), [refetch]);
}

/**
 * Drops every loaded record: queries no view watches are removed, the watched ones lose their
 * data (and ask again, which a locked core answers with `locked`). `clear()` alone would leave
 * mounted views holding the last answer they were given.
 */
export function dropAllData(): void {
  queryClient.removeQueries({ type: 'inactive' });
  void queryClient.resetQueries();
}

let installed = false;

/** Connects the cache to the core's events; once per page. */
export function connectQueryCache(): void {
  if (installed) return;
  installed = true;
  subscribeToCoreEvents((e) => {
    // A locked store: the session ends (Root.tsx), which drops the cache; nothing to refetch.
    if (e.type !== 'changed' || e.locked) return;
    void queryClient.invalidateQueries({ predicate: (q) => isStaleAfter(q.queryKey as unknown as QueryKey, e) });
  });
}

/** One query as views show it: AsyncState plus a retry. */
export interface ApiState<T> {
  state: AsyncState<T>;
  reload: () => Promise<void>;
}

export function toAsyncState<T>(q: UseQueryResult<T>): AsyncState<T> {
  if (q.isError) return { status: 'error', error: q.error, ...(q.data !== undefined ? { data: q.data } : {}) };
  // A refetch after a change event is quiet: the view keeps what it shows until the answer.
  if (q.data !== undefined) return { status: 'ok', data: q.data };
  return { status: 'loading' };
}

/** `useApiQuery` shaped for views that show loading, error and retry the same way. */
export function useApiState<D extends ApiDomain, M extends Method<D>>(
  domain: D, method: M, input: ApiInput<D, M>, options: { enabled?: boolean } = {},
): ApiState<ApiOutput<D, M>> {
  const q = useApiQuery(domain, method, input, options);
  const { refetch } = q;
  const reload = useCallback(async () => {
    await refetch();
  }, [refetch]);
  return { state: toAsyncState(q), reload };
}
