/**
 * Above the app: the lock. Until the core has said whether the store is locked nothing renders;
 * while it is locked only the lock form does (the whole app tree is unmounted and the session's
 * stores emptied — app/session.ts); once unlocked the app mounts again on the route the user
 * was on. The lock follows the core whoever locked it: this window, the core's idle timer,
 * another window (core events), or a call that found the store locked.
 */
import { useEffect } from 'react';
import { onStoreLockedAnswer } from '../api/client.js';
import { subscribeToCoreEvents } from '../api/events.js';
import { LockScreen } from '../features/audit/LockScreen.js';
import { useLockStore } from '../features/audit/lock.store.js';
import { App } from './App.js';
import { clearAfterUnmount, endSession, refreshLockStatus } from './session.js';

export function Root() {
  const status = useLockStore((s) => s.status);
  useEffect(() => {
    const retry = () => void refreshLockStatus().catch(() => setTimeout(retry, 1000));
    retry();
  }, []);
  useEffect(() => subscribeToCoreEvents((e) => {
    if (e.type !== 'changed' || e.source !== 'store') return;
    const locked = useLockStore.getState().status?.locked;
    if (e.locked && !locked) endSession();
    else if (!e.locked && locked) void refreshLockStatus();
  }), []);
  useEffect(() => onStoreLockedAnswer(() => {
    if (!useLockStore.getState().status?.locked) endSession();
  }), []);
  useEffect(() => {
    if (status?.locked) clearAfterUnmount();
  }, [status?.locked]);
  if (!status) return null;
  if (status.locked) return <LockScreen />;
  return <App />;
}
