/**
 * The registry of top-level pages. A feature registers its page by adding ONE entry here
 * (import + array item); the shell builds the navigation from entries that have `navKey`,
 * ordered by `order`, and renders the first entry whose `path` matches.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { AuditPage } from '../features/audit/AuditPage.js';
import { CalendarPage } from '../features/calendar/CalendarPage.js';
import { ConflictsPage } from '../features/conflicts/ConflictsPage.js';
import { DirectoryPage } from '../features/directory/DirectoryPage.js';
import { ExchangePage } from '../features/exchange/ExchangePage.js';
import { askForMap, MapPage } from '../features/map/MapPage.js';
import { OperationPage } from '../features/operations/OperationPage.js';
import { OperationsPage } from '../features/operations/OperationsPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { StatsPage } from '../features/stats/StatsPage.js';
import { SyncPage } from '../features/sync/SyncPage.js';

export interface PageProps {
  /** Values of `:name` segments of the matched path. */
  params: Record<string, string>;
}

export interface PageRoute {
  id: string;
  /** Hash path pattern, e.g. `/operations/:id`. */
  path: string;
  /** Shown in the main navigation when set. */
  navKey?: MessageKey;
  /** Position in the navigation (lower first). */
  order?: number;
  component: ComponentType<PageProps>;
  /** Asks for what the page shows first, from the click on its navigation link: the question
   *  then goes before the page is rendered and the one before it taken down (a list of a
   *  thousand operations), not after. Only what the click asked for; the page asks again
   *  through the same cache when entered another way. */
  load?(): void;
}

export const PAGES: PageRoute[] = [
  { id: 'operations', path: '/operations', navKey: 'nav.operations', order: 10, component: OperationsPage },
  { id: 'operation', path: '/operations/:id', component: OperationPage },
  { id: 'calendar', path: '/calendar', navKey: 'nav.calendar', order: 20, component: CalendarPage },
  { id: 'conflicts', path: '/conflicts', navKey: 'nav.conflicts', order: 25, component: ConflictsPage },
  { id: 'map', path: '/map', navKey: 'nav.map', order: 27, component: MapPage, load: askForMap },
  { id: 'directory', path: '/directory', navKey: 'nav.directory', order: 30, component: DirectoryPage },
  { id: 'exchange', path: '/exchange', navKey: 'nav.exchange', order: 40, component: ExchangePage },
  { id: 'stats', path: '/stats', navKey: 'nav.stats', order: 45, component: StatsPage },
  { id: 'sync', path: '/sync', navKey: 'nav.sync', order: 50, component: SyncPage },
  { id: 'audit', path: '/audit', navKey: 'nav.audit', order: 55, component: AuditPage },
  { id: 'settings', path: '/settings', navKey: 'nav.settings', order: 60, component: SettingsPage },
];

export const DEFAULT_PATH = '/operations';
