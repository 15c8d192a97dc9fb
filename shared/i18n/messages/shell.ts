/** The desktop shell's own messages (shown by the main process before any UI exists). */
import { defineMessages } from '../catalog.js';

export const shellMessages = defineMessages({
  uk: {
    'shell.startFailed.title': 'Spilno не вдалося запустити',
    'shell.startFailed.body': 'Не вдалося відкрити базу даних у {dataDir}.\n\n{reason}\n\nЯкщо це нова збірка, перевірте, що нативний модуль SQLite зібрано для цієї версії Electron (scripts/build-native-electron.sh).',
  },
  en: {
    'shell.startFailed.title': 'Spilno could not start',
    'shell.startFailed.body': 'The database in {dataDir} could not be opened.\n\n{reason}\n\nIf this is a new build, check that the SQLite native module was built for this Electron version (scripts/build-native-electron.sh).',
  },
});
