/**
 * The auto-import choice of the last folder exchange, kept for the session. The folders
 * themselves are grants the core keeps (files.folders): the page never holds a path.
 */
import { create } from 'zustand';

interface FolderExchangeState {
  autoImport: boolean;
  setAutoImport(on: boolean): void;
}

export const useFolderExchange = create<FolderExchangeState>((set) => ({
  autoImport: false,
  setAutoImport: (autoImport) => set({ autoImport }),
}));
