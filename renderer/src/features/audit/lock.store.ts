/**
 * The app lock as the core last reported it. `status` is null until the core has answered once:
 * nothing of the app renders before it is known whether the store is locked.
 */
import { create } from 'zustand';
import type { LockStatus } from '../../../../shared/api/security.js';

interface LockState {
  status: LockStatus | null;
  setStatus(status: LockStatus): void;
}

export const useLockStore = create<LockState>((set) => ({
  status: null,
  setStatus: (status) => set({ status }),
}));
