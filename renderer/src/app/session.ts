/**
 * The renderer's session with the unlocked store, and the one place that ends it.
 *
 * Locked means nothing to see or reach (issue 14: the operation page stayed rendered under the
 * lock screen, and Tab + Enter opened its edit dialog on top of it). So the lock is not a layer
 * over the app: `Root` unmounts the whole app tree — pages, dialogs, every component's state —
 * and renders only the lock form, and `endSession` drops the query cache (every loaded answer)
 * and resets every zustand store that holds data of the store or typed by the user. Such a store
 * is listed in SESSION_STORES (test/renderer/app/session.test.ts fails on a store that is in
 * neither list). The route (the hash) is left alone: after unlock the user is back where they
 * were.
 */
import { api } from '../api/client.js';
import { useLockStore } from '../features/audit/lock.store.js';
import { dropAllData, queryClient } from '../api/queries.js';
import { useCalendarStore } from '../features/calendar/calendar.store.js';
import { useMapUi } from '../features/map/map.store.js';
import { useFolderExchange } from '../features/sync/folder-exchange.store.js';
import type { LockStatus } from '../../../shared/api/security.js';

interface ResettableStore {
  setState(state: never, replace: true): void;
  getInitialState(): unknown;
}

/** Stores holding data read from the store, files the user chose (the map's tiles handle and
 *  what the file covers) or paths the user typed: emptied on lock. */
export const SESSION_STORES: readonly ResettableStore[] = [useCalendarStore, useFolderExchange, useMapUi];
/** Stores holding no data of the store: the language, the lock itself. */
export const NON_SESSION_STORES = ['useI18nStore', 'useLockStore'] as const;

function dropSessionData(): void {
  dropAllData();
  for (const s of SESSION_STORES) s.setState(s.getInitialState() as never, true);
}

/** After the app tree is gone: no query is watched any more, so the cache empties entirely. */
export function clearAfterUnmount(): void {
  queryClient.clear();
}

/** The store is locked (here, by the idle timer, in another window, or found so by a call). */
export function endSession(): void {
  dropSessionData();
  const { status, setStatus } = useLockStore.getState();
  // A store locked is an encrypted one (this window may not have heard that it became one);
  // the core's own answer follows (after a wipe it is locked over nothing).
  setStatus({ ...(status ?? { autoLockMinutes: 0, retryAfterMs: 0, keychain: 'unavailable' }), encrypted: true, locked: true });
  void refreshLockStatus().catch(() => undefined);
}

/** Takes the core's answer; a locked answer ends the session. */
export function applyLockStatus(status: LockStatus): void {
  if (status.locked) {
    dropSessionData();
  }
  useLockStore.getState().setStatus(status);
}

export async function refreshLockStatus(): Promise<void> {
  applyLockStatus(await api.security.status({}));
}
