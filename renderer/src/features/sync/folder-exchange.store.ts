/**
 * The folder pair and auto-import choice of the last folder exchange, kept for the session so a
 * team running it after each courier trip or USB swap does not retype long paths every time the
 * Sync page is opened. Deliberately not persisted: a path names a stick that may not be there
 * tomorrow, and nothing here is truth from main that would need caching.
 */
import { create } from 'zustand';

interface FolderExchangeState {
  outbox: string;
  inbox: string;
  autoImport: boolean;
  setOutbox(path: string): void;
  setInbox(path: string): void;
  setAutoImport(on: boolean): void;
}

export const useFolderExchange = create<FolderExchangeState>((set) => ({
  outbox: '',
  inbox: '',
  autoImport: false,
  setOutbox: (outbox) => set({ outbox }),
  setInbox: (inbox) => set({ inbox }),
  setAutoImport: (autoImport) => set({ autoImport }),
}));
