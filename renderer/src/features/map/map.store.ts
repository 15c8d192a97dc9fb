/**
 * The map's UI state for the session: the offline map file opened (a handle the core issued and
 * what the file holds — never a path) and whether the deconfliction radius is drawn.
 */
import { create } from 'zustand';
import type { OpenedTiles } from './GeoMap.js';

interface MapUiState {
  tiles: OpenedTiles | null;
  showRadius: boolean;
  setTiles(tiles: OpenedTiles | null): void;
  setShowRadius(on: boolean): void;
}

export const useMapUi = create<MapUiState>((set) => ({
  tiles: null,
  showRadius: false,
  setTiles: (tiles) => set({ tiles }),
  setShowRadius: (showRadius) => set({ showRadius }),
}));
