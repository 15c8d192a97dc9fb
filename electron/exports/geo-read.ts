/**
 * Points read from the files field teams and other tools hand over: KML (Google Earth, ATAK,
 * WinTAK), GPX (GPS receivers) and GeoJSON. The policy for a file from outside:
 * - bounded before anything is parsed: its length (LIMITS.geoFileChars) and the points looked
 *   at (LIMITS.geoFilePoints); GeoJSON nesting is walked with a depth limit, never recursively
 *   without one;
 * - XML is read by @xmldom/xmldom, which does not expand entities declared in a DTD (a
 *   "billion laughs" file fails as unreadable instead of growing), and converted to GeoJSON by
 *   @tmcw/togeojson, so all three formats share one walker;
 * - a malformed file is a typed error (`geo.unreadable`), never a partial import; a feature that
 *   is not a point (a line, an area) or has no valid coordinates is listed as skipped, with its
 *   reason, so the preview says what is left out;
 * - labels follow the text policy (shared/domain/bounds.ts) and the locations' 300-character
 *   bound; a point without a name is named after the file and its position.
 */
import { gpx, kml } from '@tmcw/togeojson';
import { DOMParser, type Document as XmlDocument } from '@xmldom/xmldom';
import type { GeoImportPoint, GeoImportPreview } from '../../shared/api/geo.js';
import { DomainError } from '../../shared/api/errors.js';
import { LIMITS, withoutForbiddenChars } from '../../shared/domain/bounds.js';

export type GeoFileFormat = GeoImportPreview['format'];

export interface GeoReadResult {
  format: GeoFileFormat;
  points: GeoImportPoint[];
  skipped: GeoImportPreview['skipped'];
}

const LABEL_CHARS = 300;
const MAX_DEPTH = 16;

function unreadable(detail: string): DomainError {
  return new DomainError('invalid_input', `The file could not be read as KML, GPX or GeoJSON: ${detail.slice(0, 200)}`, { messageKey: 'geo.unreadable' });
}

export function detectGeoFormat(fileName: string, text: string): GeoFileFormat {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'kml') return 'kml';
  if (ext === 'gpx') return 'gpx';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  const head = text.slice(0, 4096).trimStart();
  if (head.startsWith('{')) return 'geojson';
  if (/<gpx[\s>]/.test(head)) return 'gpx';
  if (/<kml[\s>]/.test(head)) return 'kml';
  throw new DomainError('invalid_input', 'Not a KML, GPX or GeoJSON file', { messageKey: 'geo.unknownFormat' });
}

function parseXml(text: string): XmlDocument {
  let failure: string | null = null;
  let doc: XmlDocument;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning' && failure === null) failure = message;
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    // xmldom throws its ParseError on a fatal error after reporting it.
    throw unreadable(failure ?? (e instanceof Error ? e.message : 'not XML'));
  }
  if (failure !== null || !doc.documentElement) throw unreadable(failure ?? 'no root element');
  return doc;
}

function cleanLabel(raw: unknown, fallback: string): string {
  const s = typeof raw === 'string' ? withoutForbiddenChars(raw, false).replace(/\s+/g, ' ').trim() : '';
  return (s || fallback).slice(0, LABEL_CHARS);
}

function nameOf(props: unknown): unknown {
  if (!props || typeof props !== 'object') return undefined;
  const p = props as Record<string, unknown>;
  return p['name'] ?? p['title'] ?? p['label'] ?? p['Name'] ?? p['NAME'];
}

function validPosition(c: unknown): { lat: number; lon: number } | null {
  if (!Array.isArray(c) || c.length < 2) return null;
  const [lon, lat] = c as unknown[];
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

/** Walks a GeoJSON object (RFC 7946): points become points, everything else is listed as skipped. */
function walk(root: unknown, fileStem: string): Omit<GeoReadResult, 'format'> {
  const points: GeoImportPoint[] = [];
  const skipped: GeoImportPreview['skipped'] = [];
  let index = 0;
  const stack: { node: unknown; name: unknown; depth: number }[] = [{ node: root, name: undefined, depth: 0 }];
  const take = (label: string, pos: { lat: number; lon: number } | null) => {
    const i = index++;
    if (i >= LIMITS.geoFilePoints) {
      if (i === LIMITS.geoFilePoints) skipped.push({ index: i, label, reasonKey: 'geo.skip.tooMany' });
      return;
    }
    if (pos) points.push({ label, ...pos });
    else skipped.push({ index: i, label, reasonKey: 'geo.skip.badCoordinates' });
  };
  // Depth-first in document order: children are pushed in reverse.
  while (stack.length > 0) {
    const { node, name, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) throw unreadable('nested too deep');
    if (!node || typeof node !== 'object') throw unreadable('not a GeoJSON object');
    const o = node as Record<string, unknown>;
    switch (o['type']) {
      case 'FeatureCollection': {
        const features = o['features'];
        if (!Array.isArray(features)) throw unreadable('features is not a list');
        for (let i = features.length - 1; i >= 0; i--) stack.push({ node: features[i], name: undefined, depth: depth + 1 });
        break;
      }
      case 'Feature': {
        const label = nameOf(o['properties']);
        if (o['geometry'] === null || o['geometry'] === undefined) {
          skipped.push({ index: index++, label: cleanLabel(label, `${fileStem} #${index}`), reasonKey: 'geo.skip.noGeometry' });
        } else {
          stack.push({ node: o['geometry'], name: label, depth: depth + 1 });
        }
        break;
      }
      case 'GeometryCollection': {
        const geometries = o['geometries'];
        if (!Array.isArray(geometries)) throw unreadable('geometries is not a list');
        for (let i = geometries.length - 1; i >= 0; i--) stack.push({ node: geometries[i], name, depth: depth + 1 });
        break;
      }
      case 'Point':
        take(cleanLabel(name, `${fileStem} #${index + 1}`), validPosition(o['coordinates']));
        break;
      case 'MultiPoint': {
        const cs = o['coordinates'];
        if (!Array.isArray(cs)) throw unreadable('coordinates is not a list');
        const label = cleanLabel(name, `${fileStem} #${index + 1}`).slice(0, LABEL_CHARS - 8);
        cs.forEach((c, k) => take(cs.length > 1 ? `${label} (${k + 1})` : label, validPosition(c)));
        break;
      }
      case 'LineString': case 'MultiLineString': case 'Polygon': case 'MultiPolygon':
        skipped.push({ index: index++, label: cleanLabel(name, `${fileStem} #${index}`), reasonKey: 'geo.skip.notPoint' });
        break;
      default:
        throw unreadable(`unknown GeoJSON type ${String(o['type']).slice(0, 40)}`);
    }
  }
  return { points, skipped };
}

export function readGeoFile(fileName: string, text: string): GeoReadResult {
  if (text.length > LIMITS.geoFileChars) {
    throw new DomainError('too_large', 'The file is too large to read its points', { messageKey: 'geo.fileTooLarge' });
  }
  const format = detectGeoFormat(fileName, text);
  const fileStem = cleanLabel(fileName.replace(/\.[a-z]+$/i, ''), 'point').slice(0, 200);
  let root: unknown;
  if (format === 'geojson') {
    try {
      root = JSON.parse(text);
    } catch (e) {
      throw unreadable(e instanceof Error ? e.message : 'invalid JSON');
    }
  } else {
    const doc = parseXml(text);
    const rootName = doc.documentElement?.localName ?? '';
    if (rootName !== format) throw unreadable(`root element is <${rootName}>, expected <${format}>`);
    try {
      // togeojson reads any W3C DOM; its types name the browser's Document.
      const dom = doc as unknown as Parameters<typeof kml>[0];
      root = format === 'kml' ? kml(dom) : gpx(dom);
    } catch (e) {
      throw unreadable(e instanceof Error ? e.message : 'conversion failed');
    }
  }
  return { format, ...walk(root, fileStem) };
}
