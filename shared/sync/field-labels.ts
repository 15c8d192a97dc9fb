/**
 * The label a planner knows a synced field by (the form's own label where the form has one),
 * so that sync lists — the inbox, the quarantine, the CLI — say «Початок», not `startsAt`.
 * Keys of the catalogs; `syncField.*` covers fields no form shows.
 */
import type { SyncedEntity } from './change.js';

const COMMON: Readonly<Record<string, string>> = {
  startsAt: 'op.startsAt', endsAt: 'op.endsAt', operationId: 'syncField.operationId', createdAt: 'syncField.createdAt',
  agencyId: 'syncField.agencyId', unitId: 'brief.col.unit', _deleted: 'syncMark.field._deleted',
  _member: 'syncField._member', _owner: 'syncField._owner', _base: 'syncField._base', _reopen: 'syncField._reopen',
};

const BY_ENTITY: Readonly<Partial<Record<SyncedEntity, Readonly<Record<string, string>>>>> = {
  operation: {
    codeName: 'op.codeName', type: 'op.type', status: 'op.status', handlingCode: 'op.handlingCode',
    handlingNote: 'op.handlingNote', form: 'op.form', formality: 'op.formality', legalBasis: 'op.legalBasis',
    leadAgencyId: 'op.leadAgency', timeZone: 'op.timeZone', area: 'op.area', locations: 'op.locations',
    objectives: 'op.objectives', situation: 'op.situation', execution: 'op.execution', sustainment: 'op.sustainment',
    commandPost: 'op.commandPost', risks: 'ov.risks', comms: 'ov.comms', subjects: 'ov.subjects',
  },
  phase: { name: 'common.name', ordinal: 'syncField.ordinal' },
  task: {
    phaseId: 'task.phase', title: 'task.title', type: 'task.type', status: 'task.status',
    accountableAgencyId: 'task.agency', unitId: 'task.unit', place: 'task.place', dependencies: 'task.dependencies',
    checklist: 'task.checklist', notes: 'task.notes', isKeyEvent: 'task.keyEvent', isDecisionPoint: 'task.decisionPoint',
  },
  unit: { name: 'dir.unitName', kind: 'dir.unitKind', place: 'dir.place', phone: 'dir.phone' },
  person: {
    fullName: 'dir.fullName', position: 'dir.position', rank: 'dir.rank', phone: 'dir.phone', email: 'dir.email',
    callsign: 'dir.callsign', skills: 'dir.skills', clearance: 'dir.clearance',
  },
  resource: { name: 'dir.resName', kind: 'dir.resKind', capacity: 'dir.capacity', identifier: 'dir.identifier', notes: 'task.notes' },
  exchange: {
    kind: 'ex.kind', form: 'ex.form', formality: 'ex.formality', legalBasis: 'ex.legalBasis', fromAgencyId: 'ex.from',
    toAgencyId: 'ex.to', subject: 'ex.subject', body: 'ex.body', handlingCode: 'ex.handlingCode',
    handlingNote: 'ex.handlingNote', sourceReliability: 'ex.reliability', infoAccuracy: 'ex.accuracy',
    sentAt: 'ex.sentAt', dueAt: 'ex.dueAt', acknowledgedAt: 'ex.acknowledgedAt',
  },
  operation_note: { body: 'syncField.noteBody', authorSiteId: 'syncField.authorSite' },
  agency: { code: 'dir.code', nameUk: 'dir.nameUk', nameEn: 'dir.nameEn', kind: 'dir.kind', country: 'dir.country', color: 'dir.color', powers: 'dir.powers' },
};

/** The catalog key of a field's label, or null for a field Spilno does not know. */
export function fieldLabelKey(entity: string, field: string): string | null {
  return BY_ENTITY[entity as SyncedEntity]?.[field] ?? COMMON[field] ?? null;
}
