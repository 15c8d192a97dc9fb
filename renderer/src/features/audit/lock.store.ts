/** Whether the store is locked, as last seen; the lock screen covers the app while it is. */
import { create } from 'zustand';

interface LockState {
  locked: boolean;
  setLocked(locked: boolean): void;
}

export const useLockStore = create<LockState>((set) => ({
  locked: false,
  setLocked: (locked) => set({ locked }),
}));
