/**
 * All catalogs merged. A feature adds its module here; `MessageKey` then includes its keys, and
 * `t(lang, key)` is checked at compile time in the renderer, the CLI and the PDF exports alike.
 */
import { format, type Lang } from './catalog.js';
import { briefingMessages } from './messages/briefing.js';
import { calendarMessages } from './messages/calendar.js';
import { coreMessages } from './messages/core.js';
import { durabilityMessages } from './messages/durability.js';
import { fileMessages } from './messages/files.js';
import { geoMessages } from './messages/geo.js';
import { legalMessages } from './messages/legal.js';
import { plannerMessages } from './messages/planner.js';
import { resultsMessages } from './messages/results.js';
import { schedulingMessages } from './messages/scheduling.js';
import { auditActionMessages } from './messages/audit-actions.js';
import { setupMessages } from './messages/setup.js';
import { shellMessages } from './messages/shell.js';
import { statsMessages } from './messages/stats.js';
import { reportMessages } from './messages/report.js';
import { syncMessages } from './messages/sync.js';
import { syncMarkMessages } from './messages/sync-marks.js';
import { workspaceMessages } from './messages/workspace.js';

const modules = [coreMessages, workspaceMessages, briefingMessages, shellMessages, schedulingMessages, calendarMessages, durabilityMessages, syncMessages, syncMarkMessages, fileMessages, plannerMessages, setupMessages, geoMessages, auditActionMessages, legalMessages, statsMessages, resultsMessages, reportMessages] as const;

type KeysOf<M> = M extends { uk: infer T } ? keyof T & string : never;
export type MessageKey = KeysOf<(typeof modules)[number]>;

const tables: Record<Lang, Record<string, string>> = { uk: {}, en: {} };
for (const m of modules) {
  Object.assign(tables.uk, m.uk);
  Object.assign(tables.en, m.en);
}

export function t(lang: Lang, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  return format(tables[lang][key] ?? key, params, lang);
}

/** For keys built at run time (enum labels, i18n keys carried in validation issues). */
export function tDynamic(lang: Lang, key: string, params?: Readonly<Record<string, string | number>>): string {
  return format(tables[lang][key] ?? key, params, lang);
}

/** Every (key, text) of one language: what the glossary check scans. */
export function catalogEntries(lang: Lang): [string, string][] {
  return Object.entries(tables[lang]);
}

export function hasMessage(key: string): boolean {
  return Object.hasOwn(tables.uk, key);
}

export { LANGS, type Lang } from './catalog.js';
