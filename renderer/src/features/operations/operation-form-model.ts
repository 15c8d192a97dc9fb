/**
 * The operation form's editable model and its conversion to the API draft. The form holds
 * strings (what inputs give); `toDraftInput` builds exactly what the contract's schema parses,
 * so the client-side check and the service's check are the same zod schema.
 */
import type { Operation, OperationDraftInput } from '../../../../shared/domain/operation.js';
import type { SubjectInput } from '../../../../shared/domain/subject.js';
import type { SubjectKind } from '../../../../shared/domain/enums.js';
import { HOME_ZONE, isoToWall, isoToWallOrEmpty, tomorrowAt, wallToIso } from '../../ui/zoned-time.js';

export interface LocationRow { id?: string; label: string; lat: string; lon: string }
export interface RiskRow { id?: string; threat: string; likelihood: 'low' | 'medium' | 'high'; impact: 'low' | 'medium' | 'high'; mitigation: string; owner: string }
export interface CommsRow {
  id?: string; channel: string; frequencyOrTalkGroup: string; callsign: string; agencyId: string; phone: string; notes: string;
  function: string; encryption: string; assignment: string;
}
export interface CodeWordRow { id?: string; word: string; meaning: string }
/** '' is the file copy (the whole plan), otherwise an agency id. */
export interface DistributionRow { id?: string; agencyId: string; addressee: string }

/** The order's text paragraphs (command, coordinating instructions, sustainment, marking). */
export const ORDER_TEXT_FIELDS = [
  'commandHead', 'commandDeputy', 'commandSuccession', 'goNoGoCriteria', 'abortCriteria', 'onCompromise',
  'onLostContact', 'useOfForce', 'reportingSchedule', 'evidenceHandling', 'pressLine', 'medical',
  'detaineeTransport', 'evidenceStorage', 'interpreters', 'registrationNumber', 'restrictedListItem',
  'approverPosition', 'approverName', 'restrictedSources', 'restrictedDetails',
] as const;
export type OrderTextField = typeof ORDER_TEXT_FIELDS[number];

export function emptyComms(): CommsRow {
  return { channel: '', frequencyOrTalkGroup: '', callsign: '', agencyId: '', phone: '', notes: '', function: '', encryption: '', assignment: '' };
}
export interface SubjectRow {
  id?: string; kind: SubjectKind; notes: string;
  fullName: string; dateOfBirth: string; citizenship: string; passport: string; nameLatin: string; plate: string; vin: string; description: string;
  number: string; name: string; edrpou: string; address: string; lat: string; lon: string;
  /** A person's or vehicle's last known place: the point, when (wall time in the operation's
   *  zone) and how it is known. */
  seenLat: string; seenLon: string; seenWall: string; seenSource: string;
}

export interface OperationFormModel extends Record<OrderTextField, string> {
  codeName: string;
  type: Operation['type'];
  handlingCode: Operation['handlingCode'];
  handlingNote: string;
  form: Operation['form'];
  formality: Operation['formality'];
  legalBasis: string;
  leadAgencyId: string;
  participatingAgencyIds: string[];
  startsWall: string;
  endsWall: string;
  timeZone: string;
  area: string;
  locations: LocationRow[];
  objectives: string;
  situation: string;
  execution: string;
  sustainment: string;
  commandPost: string;
  risks: RiskRow[];
  comms: CommsRow[];
  subjects: SubjectRow[];
  codeWords: CodeWordRow[];
  distribution: DistributionRow[];
}

function emptyOrderText(): Record<OrderTextField, string> {
  return Object.fromEntries(ORDER_TEXT_FIELDS.map((f) => [f, ''])) as Record<OrderTextField, string>;
}

export function emptySubject(kind: SubjectKind = 'person'): SubjectRow {
  return {
    kind, notes: '', fullName: '', dateOfBirth: '', citizenship: '', passport: '', nameLatin: '', plate: '', vin: '', description: '', number: '',
    name: '', edrpou: '', address: '', lat: '', lon: '', seenLat: '', seenLon: '', seenWall: '', seenSource: '',
  };
}

/** Tomorrow at `hour`:00 on the zone's wall clock: the usual start of a planned operation. */
export function newOperationModel(leadAgencyId: string, now: Date): OperationFormModel {
  const tz = HOME_ZONE;
  return {
    codeName: '', type: 'controlled_delivery', handlingCode: 'H2', handlingNote: '', form: 'coordination',
    formality: 'formal', legalBasis: '', leadAgencyId, participatingAgencyIds: [],
    startsWall: tomorrowAt(8, tz, now), endsWall: tomorrowAt(20, tz, now), timeZone: tz,
    area: '', locations: [], objectives: '', situation: '', execution: '', sustainment: '', commandPost: '',
    risks: [], comms: [], subjects: [], codeWords: [], distribution: [], ...emptyOrderText(),
  };
}

const numOrText = (s: string) => s.trim();

export function modelFromOperation(op: Operation): OperationFormModel {
  return {
    codeName: op.codeName, type: op.type, handlingCode: op.handlingCode, handlingNote: op.handlingNote,
    form: op.form, formality: op.formality, legalBasis: op.legalBasis, leadAgencyId: op.leadAgencyId,
    participatingAgencyIds: [...op.participatingAgencyIds],
    startsWall: isoToWall(op.startsAt, op.timeZone), endsWall: isoToWall(op.endsAt, op.timeZone),
    timeZone: op.timeZone, area: op.area,
    locations: op.locations.map((l) => ({ ...(l.id ? { id: l.id } : {}), label: l.label, lat: l.point ? String(l.point.lat) : '', lon: l.point ? String(l.point.lon) : '' })),
    objectives: op.objectives, situation: op.situation, execution: op.execution, sustainment: op.sustainment,
    commandPost: op.commandPost,
    risks: op.risks.map((r) => ({ ...(r.id ? { id: r.id } : {}), threat: r.threat, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation, owner: r.owner })),
    comms: op.comms.map((c) => ({
      ...(c.id ? { id: c.id } : {}), channel: c.channel, frequencyOrTalkGroup: c.frequencyOrTalkGroup, callsign: c.callsign,
      agencyId: c.agencyId ?? '', phone: c.phone, notes: c.notes, function: c.function, encryption: c.encryption, assignment: c.assignment,
    })),
    ...(Object.fromEntries(ORDER_TEXT_FIELDS.map((f) => [f, op[f]])) as Record<OrderTextField, string>),
    codeWords: op.codeWords.map((w) => ({ ...(w.id ? { id: w.id } : {}), word: w.word, meaning: w.meaning })),
    distribution: op.distribution.map((d) => ({ ...(d.id ? { id: d.id } : {}), agencyId: d.agencyId ?? '', addressee: d.addressee })),
    subjects: op.subjects.map((s) => {
      const row = { ...emptySubject(s.kind), ...(s.id ? { id: s.id } : {}), notes: s.notes };
      const seen = (s.kind === 'person' || s.kind === 'vehicle') && s.lastSeen ? {
        seenLat: String(s.lastSeen.point.lat), seenLon: String(s.lastSeen.point.lon),
        seenWall: isoToWallOrEmpty(s.lastSeen.at || null, op.timeZone), seenSource: s.lastSeen.source,
      } : {};
      switch (s.kind) {
        case 'person': return { ...row, ...seen, fullName: s.fullName, dateOfBirth: s.dateOfBirth, citizenship: s.citizenship, passport: s.passport, nameLatin: s.nameLatin };
        case 'vehicle': return { ...row, ...seen, plate: s.plate, vin: s.vin, description: s.description };
        case 'container': return { ...row, number: s.number };
        case 'company': return { ...row, name: s.name, edrpou: s.edrpou };
        case 'address': return { ...row, address: s.address, lat: s.point ? String(s.point.lat) : '', lon: s.point ? String(s.point.lon) : '' };
      }
    }),
  };
}

/** Empty stays null; anything else must parse as a number (NaN fails the schema's check). */
function point(lat: string, lon: string): { lat: number; lon: number } | null {
  if (numOrText(lat) === '' && numOrText(lon) === '') return null;
  return { lat: Number(lat.replace(',', '.')), lon: Number(lon.replace(',', '.')) };
}

/**
 * A last known place as typed: none when all four fields are empty; a time or source without
 * coordinates is sent as it is, so the schema says the point is missing instead of the form
 * dropping what was typed.
 */
function lastSeenInput(s: SubjectRow, zone: string): { lastSeen?: unknown } {
  if ([s.seenLat, s.seenLon, s.seenWall, s.seenSource].every((v) => v.trim() === '')) return {};
  return { lastSeen: { point: point(s.seenLat, s.seenLon), at: s.seenWall ? wallToIso(s.seenWall, zone) : '', source: s.seenSource } };
}

function subjectInput(s: SubjectRow, zone: string): SubjectInput {
  const base = { ...(s.id ? { id: s.id } : {}), notes: s.notes };
  switch (s.kind) {
    case 'person': return { ...base, ...lastSeenInput(s, zone), kind: 'person', fullName: s.fullName, dateOfBirth: s.dateOfBirth, citizenship: s.citizenship.trim().toUpperCase(), passport: s.passport, nameLatin: s.nameLatin } as SubjectInput;
    case 'vehicle': return { ...base, ...lastSeenInput(s, zone), kind: 'vehicle', plate: s.plate, vin: s.vin, description: s.description } as SubjectInput;
    case 'container': return { ...base, kind: 'container', number: s.number };
    case 'company': return { ...base, kind: 'company', name: s.name, edrpou: s.edrpou };
    case 'address': return { ...base, kind: 'address', address: s.address, point: point(s.lat, s.lon) };
  }
}

export function toDraftInput(m: OperationFormModel): OperationDraftInput {
  return {
    codeName: m.codeName, type: m.type, handlingCode: m.handlingCode, handlingNote: m.handlingNote,
    form: m.form, formality: m.formality, legalBasis: m.legalBasis, leadAgencyId: m.leadAgencyId,
    participatingAgencyIds: m.participatingAgencyIds.filter((a) => a !== m.leadAgencyId),
    startsAt: wallToIso(m.startsWall, m.timeZone),
    endsAt: wallToIso(m.endsWall, m.timeZone),
    timeZone: m.timeZone, area: m.area,
    locations: m.locations.map((l) => ({ ...(l.id ? { id: l.id } : {}), label: l.label, point: point(l.lat, l.lon) })),
    objectives: m.objectives, situation: m.situation, execution: m.execution, sustainment: m.sustainment,
    commandPost: m.commandPost,
    risks: m.risks.map((r) => ({ ...r })),
    comms: m.comms.map((c) => ({ ...c, agencyId: c.agencyId || null })),
    subjects: m.subjects.map((s) => subjectInput(s, m.timeZone)),
    ...(Object.fromEntries(ORDER_TEXT_FIELDS.map((f) => [f, m[f]])) as Record<OrderTextField, string>),
    codeWords: m.codeWords.map((w) => ({ ...w })),
    distribution: m.distribution.map((d) => ({ ...d, agencyId: d.agencyId || null })),
  };
}

export const COMMON_TIME_ZONES = [
  'Europe/Kyiv', 'UTC', 'Europe/Warsaw', 'Europe/Bratislava', 'Europe/Budapest', 'Europe/Bucharest',
  'Europe/Chisinau', 'Europe/Berlin', 'Europe/Brussels', 'Europe/Vilnius', 'Europe/Istanbul',
];
