/** The planning workspace: app shell, operations, tasks, directory and exchange-log screens. */
import { defineMessages } from '../catalog.js';

export const workspaceMessages = defineMessages({
  uk: {
    'app.title': 'Спільно',
    'app.tagline': 'Планування спільних операцій',
    'nav.operations': 'Операції', 'nav.calendar': 'Календар', 'nav.directory': 'Довідник',
    'nav.exchange': 'Журнал обміну', 'nav.sync': 'Синхронізація', 'nav.settings': 'Налаштування',
    'nav.main': 'Головне меню',
    'lang.label': 'Мова', 'lang.uk': 'Українська', 'lang.en': 'English',
    'page.notFound': 'Сторінку не знайдено',
    'page.notAvailable': 'Цей розділ ще не підключено.',
    'opTab.overview': 'Огляд', 'opTab.tasks': 'Завдання',
  },
  en: {
    'app.title': 'Spilno',
    'app.tagline': 'Joint operation planning',
    'nav.operations': 'Operations', 'nav.calendar': 'Calendar', 'nav.directory': 'Directory',
    'nav.exchange': 'Exchange log', 'nav.sync': 'Sync', 'nav.settings': 'Settings',
    'nav.main': 'Main navigation',
    'lang.label': 'Language', 'lang.uk': 'Українська', 'lang.en': 'English',
    'page.notFound': 'Page not found',
    'page.notAvailable': 'This section is not connected yet.',
    'opTab.overview': 'Overview', 'opTab.tasks': 'Tasks',
  },
});
