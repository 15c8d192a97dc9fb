/** The map, geo exports and imports, offline map files (issue 18). */
import { defineMessages } from '../catalog.js';

export const geoMessages = defineMessages({
  uk: {
    'exports.kind.geojson': 'Карта (GeoJSON)',
    'exports.kind.kml': 'Карта (KML)',
    'exports.kind.tak': 'Пакет даних TAK',
    'geo.unreadable': 'Файл не вдалося прочитати як KML, GPX чи GeoJSON',
    'geo.unknownFormat': 'Це не файл KML, GPX чи GeoJSON',
    'geo.fileTooLarge': 'Файл завеликий, щоб прочитати з нього точки',
    'geo.noPoints': 'У файлі немає точок, які можна додати',
    'geo.noRoom': 'До операції можна додати ще лише {room} місць',
    'geo.pickMissing': 'Обраної точки у файлі немає',
    'geo.tilesUnreadable': 'Це не файл MBTiles, який можна прочитати',
    'geo.skip.tooMany': 'У файлі забагато об’єктів; решту не прочитано',
    'geo.skip.badCoordinates': 'Немає дійсних координат',
    'geo.skip.noGeometry': 'Об’єкт без координат',
    'geo.skip.notPoint': 'Лінія чи ділянка, не точка',
  },
  en: {
    'exports.kind.geojson': 'Map (GeoJSON)',
    'exports.kind.kml': 'Map (KML)',
    'exports.kind.tak': 'TAK data package',
    'geo.unreadable': 'The file could not be read as KML, GPX or GeoJSON',
    'geo.unknownFormat': 'This is not a KML, GPX or GeoJSON file',
    'geo.fileTooLarge': 'The file is too large to read its points',
    'geo.noPoints': 'The file has no point that can be added',
    'geo.noRoom': 'Only {room} more locations fit in the operation',
    'geo.pickMissing': 'The chosen point is not in the file',
    'geo.tilesUnreadable': 'This is not a readable MBTiles file',
    'geo.skip.tooMany': 'The file holds too many features; the rest was not read',
    'geo.skip.badCoordinates': 'No valid coordinates',
    'geo.skip.noGeometry': 'A feature without coordinates',
    'geo.skip.notPoint': 'A line or an area, not a point',
  },
});
