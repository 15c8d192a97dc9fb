/**
 * The geo domain (issue 18): what the map draws, the operation's map as GeoJSON, KML or a TAK
 * data package, points read from KML, GPX or GeoJSON into the operation's locations, and tiles
 * of an offline map file (MBTiles) the user chose. No method takes a path: a map file arrives
 * as a handle (shared/api/files.ts), an imported file as its text.
 */
import { z } from 'zod';
import { LIMITS, List, MultilineText, RequiredText } from '../domain/bounds.js';
import { Id, Latitude, Longitude } from '../domain/common.js';
import { Operation } from '../domain/operation.js';
import { defineDomain } from './contract.js';
import { ExportedFile, ExportLang } from './exports.js';
import { FileHandle } from './files.js';

export const GEO_FORMATS = ['geojson', 'kml', 'tak'] as const;
export const GeoFormat = z.enum(GEO_FORMATS);
export type GeoFormat = z.infer<typeof GeoFormat>;

export const GeoExportRequest = z.object({
  operationId: Id,
  /** The agency the file is for (its view under the need-to-know rule); null = the coordinator's. */
  agencyId: Id.nullable().default(null),
  format: GeoFormat,
  /** The language of the marking and descriptions written into the file. */
  lang: ExportLang.default('uk'),
});
export type GeoExportRequest = z.input<typeof GeoExportRequest>;

/**
 * The places of one kind as flat degree pairs (WGS 84): latitude, longitude, latitude, … — where
 * they are, nothing else; what a place is called comes on demand (`place`). Pairs, not an object
 * per place: 12,000 objects were built and written by the core and parsed and collected by the
 * page on a first visit of the map of 1,000 operations; numbers in one array each cost a third of
 * that (the answer's text 1.21 → 0.97 MB).
 */
export const MapPoints = z.array(z.number()).refine((a) => a.length % 2 === 0, { error: 'Latitude and longitude pairs' });
export type MapPoints = z.infer<typeof MapPoints>;

/**
 * One operation on the map (shared/geo/operation-geo.ts says what it puts there), shaped for the
 * wire: the map of 1,000 operations holds 12,000 places, and every field repeated per place is
 * paid in the core's answer, its transfer and the page's decoding (4.7 MB when each place
 * repeated its operation, kind, times and nulls). So places are grouped under their operation
 * and by kind; the lead's colour, the ids of places and the route are not repeated (a place's
 * id is its kind and position, a task's its task; the route runs through `locations`); what the
 * map does not draw is not sent: tasks' times, and the words — labels, the code name, when and
 * how a last known place was learnt — which the hover text and the selected place read with
 * `place` when the user points at one. The words were 28% of the answer and all of its
 * Cyrillic, and Chromium decodes UTF-8 with any Cyrillic in it several times slower than ASCII
 * on the page's thread: in one page, the 1.76 MB answer with words took 29–34 ms to decode, the
 * same answer with its Cyrillic escaped as ASCII (2.3 MB) 7–8 ms; without them it is ASCII.
 */
export const MapOperation = z.object({
  id: Id,
  /** Whose colour the operation's locations, subjects and route take. */
  leadAgencyId: Id,
  /** The located locations in the planner's order: the route, when there are two or more. */
  locations: MapPoints,
  /** The places of the tasks shown, with coordinates; each one's task and the agency whose colour
   *  it takes (its accountable agency, else the lead) at the same position in the lists below. */
  tasks: MapPoints,
  taskIds: z.array(Id),
  taskAgencyIds: z.array(Id),
  /** Address subjects' points. */
  addresses: MapPoints,
  /** Last known places of people and vehicles. */
  lastSeen: MapPoints,
}).refine((o) => o.taskIds.length * 2 === o.tasks.length && o.taskAgencyIds.length === o.taskIds.length, {
  error: 'A task and its agency for every task place',
});
export type MapOperation = z.infer<typeof MapOperation>;

export const MAP_PLACE_KINDS = ['location', 'task', 'subject', 'lastSeen'] as const;

/** A place of the map by what stays true in a newer answer: a task by its task, any other place
 *  by its kind and position among its operation's places of that kind (MapOperation's pairs). */
export const MapPlaceRef = z.object({
  operationId: Id,
  kind: z.enum(MAP_PLACE_KINDS),
  at: z.union([Id, z.number().int().min(0).max(100_000)]),
});
export type MapPlaceRef = z.infer<typeof MapPlaceRef>;

/** What a place is called and whose it is: the hover text and the selected place's panel. */
export const MapPlaceDetails = z.object({
  label: z.string(),
  codeName: z.string(),
  /** The zone the operation's times are read in (a last known place's time). */
  timeZone: z.string(),
  /** A last known place: when it was seen and how it was learnt, when known. */
  seenAt: z.string().optional(),
  source: z.string().optional(),
});
export type MapPlaceDetails = z.infer<typeof MapPlaceDetails>;

export const MapData = z.object({
  operations: z.array(MapOperation),
  /** The deconfliction radius: places closer than this, in overlapping windows, raise an alert. */
  radiusMeters: z.number(),
});
export type MapData = z.infer<typeof MapData>;

const GeoFileText = z.object({
  operationId: Id,
  fileName: RequiredText(255),
  /** The file's text, under the text policy like any text that comes in (a character
   *  reference such as `&#x202E;` inside XML is decoded and then dropped by the reader). */
  text: MultilineText(LIMITS.geoFileChars),
});

export const GeoImportPoint = z.object({ label: z.string(), lat: Latitude, lon: Longitude });
export type GeoImportPoint = z.infer<typeof GeoImportPoint>;

export const GeoImportPreview = z.object({
  format: z.enum(['kml', 'gpx', 'geojson']),
  /** The points that would become locations, in file order. */
  points: z.array(GeoImportPoint),
  /** What is left out and why (a catalog key), by position in the file. */
  skipped: z.array(z.object({ index: z.number().int(), label: z.string(), reasonKey: z.string() })),
  /** Room left in the operation's locations (LIMITS.operationLocations). */
  room: z.number().int(),
});
export type GeoImportPreview = z.infer<typeof GeoImportPreview>;

export const TilesetInfo = z.object({
  name: z.string(),
  format: z.enum(['png', 'jpg', 'webp', 'pbf']),
  minZoom: z.number().int(),
  maxZoom: z.number().int(),
  /** [west, south, east, north], when the file says. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  attribution: z.string(),
});
export type TilesetInfo = z.infer<typeof TilesetInfo>;

export const geoApi = defineDomain({
  /** Places and routes of one operation, or of every operation held here (null). */
  map: { input: z.object({ operationId: Id.nullable().default(null) }).default({ operationId: null }), output: MapData },
  /** What a place of the map is called, as the data holds it now; null when it is gone. */
  place: { input: MapPlaceRef, output: MapPlaceDetails.nullable() },
  export: { input: GeoExportRequest, output: ExportedFile },
  previewImport: { input: GeoFileText, output: GeoImportPreview },
  /** Adds the file's points (all of them, or those at `pick`) to the operation's locations, in one save. */
  importLocations: {
    input: GeoFileText.extend({ pick: List(z.number().int().min(0).max(LIMITS.geoFilePoints), LIMITS.operationLocations).nullable().default(null) }),
    output: z.object({ operation: Operation, added: z.number().int() }),
  },
  /** What an offline map file holds (it is opened read-only, never changed). */
  openTiles: { input: z.object({ file: FileHandle }), output: TilesetInfo },
  /** One tile (XYZ numbering, as web maps count); null where the file has none. */
  tile: {
    input: z.object({
      file: FileHandle,
      z: z.number().int().min(0).max(24),
      x: z.number().int().min(0).max(2 ** 24),
      y: z.number().int().min(0).max(2 ** 24),
    }),
    output: z.object({ mimeType: z.string(), base64: z.string().nullable() }),
  },
});
