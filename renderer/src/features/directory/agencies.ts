/**
 * Reference data most screens need: the agencies (names, colours, powers). One cached answer
 * (`directory.listAgencies`), fetched by the first view that asks (in an effect, never during
 * render) and refetched when a change event says the directory moved.
 */
import { useMemo } from 'react';
import { agencyShort, type Agency } from '../../../../shared/domain/directory.js';
import type { Lang } from '../../../../shared/i18n/index.js';
import { apiQueryKey, queryClient, useApiQuery } from '../../api/queries.js';

/** An agency's short name (ДМС, прокуратура…) in the reader's language, else its code. */
export function agencyShortName(a: Agency | undefined, lang: Lang): string {
  return a ? agencyShort(a, lang) : '?';
}

export function agencyName(a: Agency | undefined, lang: Lang): string {
  if (!a) return '?';
  return lang === 'uk' ? a.nameUk : a.nameEn;
}

const NONE: Agency[] = [];

/** The agencies, by id too; `loaded` once the first answer came. */
export function useAgencies() {
  const q = useApiQuery('directory', 'listAgencies', {});
  const agencies = q.data ?? NONE;
  const byId = useMemo(() => new Map(agencies.map((a) => [a.id, a])), [agencies]);
  return {
    agencies,
    byId,
    loaded: q.data !== undefined,
    error: q.isError ? q.error : null,
    refresh: async () => {
      await q.refetch();
    },
  };
}

/** The agencies as last fetched, for code outside a component (error texts). */
export function cachedAgencies(): Agency[] {
  return queryClient.getQueryData<Agency[]>(apiQueryKey('directory', 'listAgencies', {})) ?? NONE;
}
