/**
 * Reference data most screens need: the agencies (names, colours, powers). Cached here after
 * the first load; views call `refresh()` after they change the directory.
 */
import { create } from 'zustand';
import { agencyShort, type Agency } from '../../../../shared/domain/directory.js';
import type { Lang } from '../../../../shared/i18n/index.js';
import { api } from '../../api/client.js';

interface DirectoryState {
  agencies: Agency[];
  byId: Map<string, Agency>;
  loaded: boolean;
  error: unknown;
  load(): Promise<void>;
  refresh(): Promise<void>;
}

export const useDirectoryStore = create<DirectoryState>((set, get) => ({
  agencies: [],
  byId: new Map(),
  loaded: false,
  error: null,
  load: async () => {
    if (!get().loaded) await get().refresh();
  },
  refresh: async () => {
    try {
      const agencies = await api.directory.listAgencies({});
      set({ agencies, byId: new Map(agencies.map((a) => [a.id, a])), loaded: true, error: null });
    } catch (error) {
      set({ error });
    }
  },
}));

/** An agency's short name (ДМС, прокуратура…) in the reader's language, else its code. */
export function agencyShortName(a: Agency | undefined, lang: Lang): string {
  return a ? agencyShort(a, lang) : '?';
}

export function agencyName(a: Agency | undefined, lang: Lang): string {
  if (!a) return '?';
  return lang === 'uk' ? a.nameUk : a.nameEn;
}

/** Loads the agencies on first use and returns them. */
export function useAgencies() {
  const s = useDirectoryStore();
  if (!s.loaded && !s.error) void s.load();
  return s;
}
