/** Files chosen by the user: what can go wrong opening, writing, uploading and downloading them. */
import { defineMessages } from '../catalog.js';

export const fileMessages = defineMessages({
  uk: {
    'file.missing': 'Файл «{file}» не знайдено',
    'file.symlink': '«{file}» — символьне посилання; оберіть сам файл',
    'file.notRegular': '«{file}» — не звичайний файл (тека, пристрій або канал)',
    'file.unreadable': 'Файл «{file}» не вдається прочитати',
    'file.tooLarge': 'Файл «{file}» завеликий: понад {mb} МБ',
    'file.noFolder': 'Теки «{folder}» немає',
    'file.unwritable': 'До теки «{folder}» не можна записати',
    'file.handleUnknown': 'Вибраний файл більше недоступний — оберіть його знову',
    'file.handleKind': 'Цей вибір не підходить для цієї дії — оберіть файл знову',
    'file.uploadIncomplete': 'Файл передано не повністю — спробуйте ще раз',
  },
  en: {
    'file.missing': 'File “{file}” not found',
    'file.symlink': '“{file}” is a symbolic link; choose the file itself',
    'file.notRegular': '“{file}” is not a regular file (a folder, a device or a pipe)',
    'file.unreadable': 'File “{file}” cannot be read',
    'file.tooLarge': 'File “{file}” is too large: over {mb} MB',
    'file.noFolder': 'Folder “{folder}” does not exist',
    'file.unwritable': 'Folder “{folder}” cannot be written to',
    'file.handleUnknown': 'The chosen file is no longer available; choose it again',
    'file.handleKind': 'That choice does not fit this action; choose the file again',
    'file.uploadIncomplete': 'The file did not arrive whole; try again',
  },
});
