/**
 * An operation's map as files other tools open: GeoJSON (RFC 7946), KML 2.2 (OGC 07-147r2) and
 * a TAK data package (the zip ATAK and WinTAK import). What goes in is an OperationGeo
 * (shared/geo/operation-geo.ts) already reduced to the recipient's view; nothing here decides
 * visibility.
 *
 * Coordinates are written with every digit JavaScript keeps (`String(n)`: the shortest text
 * that reads back as the same double), so a point exported and read back is the same number.
 *
 * The TAK data package follows what ATAK's own reader checks (AndroidTacticalAssaultKit-CIV,
 * atak/ATAK/app/src/main/java/com/atakmap/android/missionpackage/file/):
 * - MissionPackageExtractorFactory reads `MANIFEST/manifest.xml` from the zip;
 *   MissionPackageExtractor accepts it when it matches `<MissionPackageManifest` with
 *   `version="2"`, and MissionPackageConfiguration.isValid() requires the `uid` and `name`
 *   parameters under <Configuration>;
 * - each <Content zipEntry="…"> names an entry of the zip; MissionPackageContent.isCoT() treats
 *   an entry ending in `.cot` as one CoT event (it must carry an event uid), which ATAK places
 *   on the map as a marker; any other file goes to the import sorters, and KML becomes an
 *   overlay;
 * - `onReceiveImport` true / `onReceiveDelete` false: import on receipt, keep the package.
 * So the points travel as CoT markers (b-m-p-s-m, "spot map", archived so they persist) with
 * their remarks, and the route — which ATAK's CoT route form (b-m-r with waypoint links) would
 * need a device to verify — travels as a KML LineString overlay beside them.
 */
import { createHash } from 'node:crypto';
import { withoutForbiddenChars } from '../../shared/domain/bounds.js';
import type { GeoPlace, OperationGeo } from '../../shared/geo/operation-geo.js';
import { toMgrs } from '../../shared/geo/mgrs.js';
import { zipFiles } from './zip.js';

export interface GeoExportInput {
  geo: OperationGeo;
  /** Agency id → code and colour (`#rrggbb`). */
  agencies: ReadonlyMap<string, { code: string; color: string }>;
  /** The handling marking printed on the file (e.g. «Для службового користування», H2). */
  marking: string;
  /** Who the file is for: an agency code, or `all`. */
  recipient: string;
  /** The recipient as people read it (its short name), null for the coordinator's copy. */
  recipientLabel: string | null;
  generatedAt: Date;
}

const KIND_LABEL: Record<GeoPlace['kind'], string> = { location: 'location', task: 'task', subject: 'subject', lastSeen: 'lastSeen' };

function num(n: number): string {
  return String(n);
}

function agencyCode(input: GeoExportInput, id: string | null): string | null {
  return id === null ? null : input.agencies.get(id)?.code ?? id;
}

export function buildGeoJson(input: GeoExportInput): string {
  const { geo } = input;
  const features: unknown[] = geo.places.map((p) => ({
    type: 'Feature',
    id: p.id,
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    properties: {
      name: p.label,
      kind: KIND_LABEL[p.kind],
      operationId: p.operationId,
      agency: agencyCode(input, p.agencyId),
      taskId: p.taskId,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      order: p.order,
      mgrs: toMgrs(p.lat, p.lon),
      ...(p.kind === 'lastSeen' ? { seenAt: p.seenAt, source: p.source } : {}),
    },
  }));
  if (geo.route) {
    features.push({
      type: 'Feature',
      id: geo.route.id,
      geometry: { type: 'LineString', coordinates: geo.route.waypoints.map((w) => [w.lon, w.lat]) },
      properties: {
        name: geo.route.label, kind: 'route', operationId: geo.operationId, agency: agencyCode(input, geo.route.agencyId),
        waypoints: geo.route.waypoints.map((w) => w.label),
      },
    });
  }
  return `${JSON.stringify({
    type: 'FeatureCollection',
    // Foreign members (RFC 7946 §6.1): what the file is and for whom.
    name: geo.codeName,
    marking: input.marking,
    recipient: input.recipient,
    generatedAt: input.generatedAt.toISOString(),
    features,
  }, null, 2)}\n`;
}

/** XML 1.0 text: the five escapes, and no character the text policy or XML forbids. */
export function xmlText(s: string): string {
  return withoutForbiddenChars(s, true)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** KML colours are aabbggrr. */
function kmlColor(hex: string, alpha = 'ff'): string {
  const h = /^#([0-9a-f]{6})$/i.exec(hex)?.[1] ?? '1f5fbf';
  return `${alpha}${h.slice(4, 6)}${h.slice(2, 4)}${h.slice(0, 2)}`.toLowerCase();
}

function describe(input: GeoExportInput, p: GeoPlace): string {
  const lines = [`${p.kind}`, `MGRS ${toMgrs(p.lat, p.lon)}`];
  const code = agencyCode(input, p.agencyId);
  if (code) lines.push(code);
  if (p.startsAt && p.endsAt) lines.push(`${p.startsAt} – ${p.endsAt}`);
  if (p.kind === 'lastSeen') {
    if (p.seenAt) lines.push(`seen ${p.seenAt}`);
    if (p.source) lines.push(p.source);
  }
  lines.push(input.marking);
  return lines.join('\n');
}

export function buildKml(input: GeoExportInput, options: { points?: boolean } = {}): string {
  const { geo } = input;
  const withPoints = options.points ?? true;
  const styles = [...input.agencies].map(([id, a]) => [
    `    <Style id="agency-${xmlText(id)}">`,
    `      <IconStyle><color>${kmlColor(a.color)}</color></IconStyle>`,
    `      <LineStyle><color>${kmlColor(a.color)}</color><width>4</width></LineStyle>`,
    '    </Style>',
  ].join('\n'));
  const style = (agencyId: string | null) => (agencyId && input.agencies.has(agencyId) ? `<styleUrl>#agency-${xmlText(agencyId)}</styleUrl>` : '');
  const placemarks = withPoints ? geo.places.map((p) => [
    `    <Placemark id="${xmlText(p.id)}">`,
    `      <name>${xmlText(p.label)}</name>`,
    `      <description>${xmlText(describe(input, p))}</description>`,
    // KML's order: the time primitive after the description, before the style.
    ...(p.seenAt ? [`      <TimeStamp><when>${xmlText(p.seenAt)}</when></TimeStamp>`] : []),
    `      ${style(p.agencyId)}`,
    `      <ExtendedData><Data name="kind"><value>${p.kind}</value></Data>${p.taskId ? `<Data name="taskId"><value>${xmlText(p.taskId)}</value></Data>` : ''}${p.seenAt ? `<Data name="seenAt"><value>${xmlText(p.seenAt)}</value></Data>` : ''}</ExtendedData>`,
    `      <Point><coordinates>${num(p.lon)},${num(p.lat)},0</coordinates></Point>`,
    '    </Placemark>',
  ].join('\n')) : [];
  const route = geo.route ? [[
    `    <Placemark id="${xmlText(geo.route.id)}">`,
    `      <name>${xmlText(geo.route.label)}</name>`,
    `      <description>${xmlText([...geo.route.waypoints.map((w, i) => `${i + 1}. ${w.label}`), input.marking].join('\n'))}</description>`,
    `      ${style(geo.route.agencyId)}`,
    '      <LineString><tessellate>1</tessellate><coordinates>',
    ...geo.route.waypoints.map((w) => `        ${num(w.lon)},${num(w.lat)},0`),
    '      </coordinates></LineString>',
    '    </Placemark>',
  ].join('\n')] : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '  <Document>',
    `    <name>${xmlText(geo.codeName)}</name>`,
    `    <description>${xmlText(`${input.marking}\n${input.recipient}\n${input.generatedAt.toISOString()}`)}</description>`,
    ...styles,
    ...placemarks,
    ...route,
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}

/** A stable uid for a point of an operation, so a later package updates the same marker. */
function cotUid(operationId: string, placeId: string): string {
  return `spilno-${createHash('sha256').update(`${operationId}\n${placeId}`).digest('hex').slice(0, 32)}`;
}

/** ARGB as the signed 32-bit integer CoT's <color argb> carries. */
function argb(hex: string): number {
  const h = /^#([0-9a-f]{6})$/i.exec(hex)?.[1] ?? '1f5fbf';
  return (0xff000000 | parseInt(h, 16)) | 0;
}

export function buildCot(input: GeoExportInput, p: GeoPlace, stale: Date): string {
  const time = input.generatedAt.toISOString();
  const color = p.agencyId ? input.agencies.get(p.agencyId)?.color : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<event version="2.0" uid="${cotUid(p.operationId, p.id)}" type="b-m-p-s-m" how="h-g-i-g-o" time="${time}" start="${time}" stale="${stale.toISOString()}">`,
    `  <point lat="${num(p.lat)}" lon="${num(p.lon)}" hae="9999999.0" ce="9999999.0" le="9999999.0"/>`,
    '  <detail>',
    `    <contact callsign="${xmlText(p.label)}"/>`,
    `    <remarks>${xmlText(describe(input, p))}</remarks>`,
    color ? `    <color argb="${argb(color)}"/>` : '',
    '    <archive/>',
    '  </detail>',
    '</event>',
    '',
  ].filter((l) => l !== '').join('\n');
}

/** A file-system-safe stem from a code name (Cyrillic kept; TAK shows it as the package name). */
function stem(name: string): string {
  const s = withoutForbiddenChars(name, false).replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^[._]+/, '').slice(0, 60);
  return s || 'operation';
}

export function buildTakPackage(input: GeoExportInput): Buffer {
  const { geo } = input;
  const packageUid = `spilno-${createHash('sha256').update(`${geo.operationId}\n${input.recipient}`).digest('hex').slice(0, 32)}`;
  // Markers stay a year: ATAK drops a CoT item after its stale time unless archived.
  const stale = new Date(input.generatedAt.getTime() + 365 * 24 * 3_600_000);
  const entries: { name: string; bytes: Buffer; uid?: string }[] = [];
  const kmlName = `${packageUid}/${stem(geo.codeName)}.kml`;
  entries.push({ name: kmlName, bytes: Buffer.from(buildKml(input, { points: false }), 'utf8') });
  for (const p of geo.places) {
    const uid = cotUid(p.operationId, p.id);
    entries.push({ name: `${uid}/${uid}.cot`, bytes: Buffer.from(buildCot(input, p, stale), 'utf8'), uid });
  }
  const manifest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MissionPackageManifest version="2">',
    '  <Configuration>',
    `    <Parameter name="uid" value="${packageUid}"/>`,
    `    <Parameter name="name" value="${xmlText(input.recipientLabel ? `${geo.codeName} — ${input.recipientLabel}` : geo.codeName)}"/>`,
    `    <Parameter name="remarks" value="${xmlText(input.marking)}"/>`,
    '    <Parameter name="onReceiveImport" value="true"/>',
    '    <Parameter name="onReceiveDelete" value="false"/>',
    '  </Configuration>',
    '  <Contents>',
    ...entries.map((e) => (e.uid
      ? `    <Content ignore="false" zipEntry="${xmlText(e.name)}"><Parameter name="uid" value="${e.uid}"/></Content>`
      : `    <Content ignore="false" zipEntry="${xmlText(e.name)}"/>`)),
    '  </Contents>',
    '</MissionPackageManifest>',
    '',
  ].join('\n');
  return zipFiles([
    { name: 'MANIFEST/manifest.xml', bytes: Buffer.from(manifest, 'utf8') },
    ...entries.map((e) => ({ name: e.name, bytes: e.bytes })),
  ], input.generatedAt);
}
