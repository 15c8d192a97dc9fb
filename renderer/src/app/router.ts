/**
 * Hash routing (`#/operations/ID`): works the same from browser mode's HTTP origin and from
 * Electron's app:// files, needs no server fallback, and is small enough not to earn a router
 * library. The token fragment (`#token=…`) is consumed by the API client before this runs.
 */
import { useMemo, useSyncExternalStore } from 'react';

export function currentPath(): string {
  const h = window.location.hash;
  return h.startsWith('#/') ? h.slice(1).split('?')[0]! : '/';
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

function currentQuery(): string {
  const h = window.location.hash;
  const i = h.indexOf('?');
  return i < 0 ? '' : h.slice(i + 1);
}

/** The query part of the hash route (`#/operations/ID?tab=tasks&task=T`). */
export function useHashQuery(): URLSearchParams {
  const q = useSyncExternalStore(subscribe, currentQuery);
  return useMemo(() => new URLSearchParams(q), [q]);
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Matches `/operations/:id` against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = path.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const seg = a[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(b[i]!);
    else if (seg !== b[i]) return null;
  }
  return params;
}

export function href(path: string): string {
  return `#${path}`;
}
