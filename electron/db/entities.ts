/**
 * The synced tables, declared once: which table each change-record entity lives in, and how
 * each domain field maps to a column and is encoded. The change writer, the generic entity
 * repository and the sync merge all read this table, so a field added here is written,
 * recorded and merged the same way everywhere.
 *
 * Identifiers in generated SQL come only from this compile-time constant; values are always
 * bound parameters.
 */
import type { SyncedEntity } from '../../shared/sync/change.js';

export type Codec = 'text' | 'nullable' | 'json' | 'bool' | 'int' | 'number';

export interface FieldDef {
  readonly column: string;
  readonly codec: Codec;
  /**
   * The value a row received from another unit takes when no change names the field: a field
   * added after units were in the field (an older unit never writes it) or a need-to-know field
   * (only the lead's units receive it). Without one, the row waits until the field arrives.
   */
  readonly fallback?: unknown;
}

export interface EntityDef {
  readonly table: string;
  /** Key columns; a membership entity has two and its row id is `a:b`. */
  readonly key: readonly string[];
  readonly fields: Readonly<Record<string, FieldDef>>;
  /** Column holding the owning operation, for need-to-know (null: not operation data). */
  readonly operationColumn: string | null;
  /** Maintained locally on every write; never synced. */
  readonly touchColumn?: string;
}

const f = (column: string, codec: Codec = 'text'): FieldDef => ({ column, codec });
/** A field added with migration 0011 or later: see FieldDef.fallback. */
const later = (column: string, fallback: unknown, codec: Codec = 'text'): FieldDef => ({ column, codec, fallback });

export const ENTITIES: Readonly<Record<SyncedEntity, EntityDef>> = {
  agency: {
    table: 'agencies', key: ['id'], operationColumn: null,
    fields: {
      code: f('code'), nameUk: f('name_uk'), nameEn: f('name_en'), shortUk: f('short_uk'),
      shortEn: f('short_en'), kind: f('kind'),
      country: f('country'), color: f('color'), powers: f('powers', 'json'),
    },
  },
  unit: {
    table: 'units', key: ['id'], operationColumn: null,
    fields: {
      agencyId: f('agency_id'), name: f('name'), kind: f('kind'), place: f('place', 'json'),
      phone: f('phone'),
    },
  },
  person: {
    table: 'people', key: ['id'], operationColumn: null,
    fields: {
      agencyId: f('agency_id'), unitId: f('unit_id', 'nullable'), fullName: f('full_name'),
      position: f('position'), rank: f('rank'), phone: f('phone'), email: f('email'),
      callsign: f('callsign'), skills: f('skills', 'json'), clearance: f('clearance'),
    },
  },
  resource: {
    table: 'resources', key: ['id'], operationColumn: null,
    fields: {
      agencyId: f('agency_id'), unitId: f('unit_id', 'nullable'), name: f('name'),
      kind: f('kind'), capacity: f('capacity', 'int'), identifier: f('identifier'),
      notes: f('notes'),
    },
  },
  operation: {
    table: 'operations', key: ['id'], operationColumn: 'id', touchColumn: 'updated_at',
    fields: {
      codeName: f('code_name'), type: f('type'), status: f('status'),
      handlingCode: f('handling_code'), handlingNote: f('handling_note'), form: f('form'),
      formality: f('formality'), legalBasis: f('legal_basis'), leadAgencyId: f('lead_agency_id'),
      startsAt: f('starts_at'), endsAt: f('ends_at'), timeZone: f('time_zone'), area: f('area'),
      locations: f('locations', 'json'), objectives: f('objectives'), situation: f('situation'),
      execution: f('execution'), sustainment: f('sustainment'), commandPost: f('command_post'),
      risks: f('risks', 'json'), comms: f('comms', 'json'), subjects: f('subjects', 'json'),
      commandHead: later('command_head', ''), commandDeputy: later('command_deputy', ''),
      commandSuccession: later('command_succession', ''), goNoGoCriteria: later('go_no_go_criteria', ''),
      abortCriteria: later('abort_criteria', ''), onCompromise: later('on_compromise', ''),
      onLostContact: later('on_lost_contact', ''), useOfForce: later('use_of_force', ''),
      reportingSchedule: later('reporting_schedule', ''), evidenceHandling: later('evidence_handling', ''),
      pressLine: later('press_line', ''), codeWords: later('code_words', [], 'json'), medical: later('medical', ''),
      detaineeTransport: later('detainee_transport', ''), evidenceStorage: later('evidence_storage', ''),
      interpreters: later('interpreters', ''), registrationNumber: later('registration_number', ''),
      restrictedListItem: later('restricted_list_item', ''), approverPosition: later('approver_position', ''),
      approverName: later('approver_name', ''), distribution: later('distribution', [], 'json'),
      restrictedSources: later('restricted_sources', ''), restrictedDetails: later('restricted_details', ''),
      createdAt: f('created_at'),
      marking: f('marking'), classifiedFileRef: f('classified_file_ref'),
      approvedBy: f('approved_by'), approvedAt: f('approved_at', 'nullable'),
    },
  },
  operation_agency: {
    table: 'operation_agencies', key: ['operation_id', 'agency_id'], operationColumn: 'operation_id',
    fields: {},
  },
  phase: {
    table: 'phases', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), name: f('name'), ordinal: f('ordinal', 'int'),
      startsAt: f('starts_at'), endsAt: f('ends_at'),
    },
  },
  task: {
    table: 'tasks', key: ['id'], operationColumn: 'operation_id', touchColumn: 'updated_at',
    fields: {
      operationId: f('operation_id'), phaseId: f('phase_id', 'nullable'), title: f('title'),
      type: f('type'), status: f('status'),
      accountableAgencyId: f('accountable_agency_id', 'nullable'), unitId: f('unit_id', 'nullable'),
      startsAt: f('starts_at'), endsAt: f('ends_at'), place: f('place', 'json'),
      dependencies: f('dependencies', 'json'), checklist: f('checklist', 'json'),
      notes: f('notes'), isKeyEvent: f('is_key_event', 'bool'),
      isDecisionPoint: f('is_decision_point', 'bool'),
    },
  },
  task_person: {
    table: 'task_people', key: ['task_id', 'person_id'], operationColumn: null, fields: {},
  },
  task_resource: {
    table: 'task_resources', key: ['task_id', 'resource_id'], operationColumn: null, fields: {},
  },
  exchange: {
    table: 'exchange_entries', key: ['id'], operationColumn: 'operation_id',
    fields: {
      kind: f('kind'), form: f('form'), formality: f('formality'), legalBasis: f('legal_basis'),
      fromAgencyId: f('from_agency_id'), toAgencyId: f('to_agency_id'),
      operationId: f('operation_id', 'nullable'), subject: f('subject'), body: f('body'),
      handlingCode: f('handling_code'), handlingNote: f('handling_note'),
      sourceReliability: f('source_reliability'), infoAccuracy: f('info_accuracy'),
      sentAt: f('sent_at', 'nullable'), dueAt: f('due_at', 'nullable'),
      acknowledgedAt: f('acknowledged_at', 'nullable'), createdAt: f('created_at'),
    },
  },
  proceeding: {
    table: 'proceedings', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), erdrNumber: f('erdr_number'), registeredOn: f('registered_on'),
      qualification: f('qualification'), investigatingAgencyId: f('investigating_agency_id'),
      investigatingUnit: f('investigating_unit'), notes: f('notes'),
      result: later('result', ''),
    },
  },
  operation_role: {
    table: 'operation_roles', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), role: f('role'), agencyId: f('agency_id', 'nullable'),
      personId: f('person_id', 'nullable'), name: f('name'), position: f('position'), unit: f('unit'),
      phone: f('phone'), country: f('country'), proceedingId: f('proceeding_id', 'nullable'),
    },
  },
  decision: {
    table: 'decisions', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), proceedingId: f('proceeding_id', 'nullable'), kind: f('kind'),
      number: f('number'), issuedOn: f('issued_on'), issuer: f('issuer'),
      holderAgencyId: f('holder_agency_id'), validFrom: f('valid_from'), validUntil: f('valid_until'),
      taskIds: f('task_ids', 'json'), handlingCode: f('handling_code'), marking: f('marking'),
      classifiedFileRef: f('classified_file_ref'), notes: f('notes'),
    },
  },
  agreement: {
    table: 'agreements', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), agencyId: f('agency_id'), signedBy: f('signed_by'),
      agreedAt: f('agreed_at'), note: f('note'),
    },
  },
  international: {
    table: 'international_items', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), kind: f('kind'), instrument: f('instrument'),
      counterpartAuthority: f('counterpart_authority'), country: f('country'), reference: f('reference'),
      sentAt: f('sent_at', 'nullable'), dueAt: f('due_at', 'nullable'), answeredAt: f('answered_at', 'nullable'),
      place: f('place', 'json'), at: f('at', 'nullable'), handlingCode: f('handling_code'), notes: f('notes'),
    },
  },
  consignment: {
    table: 'consignments', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), declarationNumber: f('declaration_number'), mrn: f('mrn'),
      cmrNumber: f('cmr_number'), invoiceNumber: f('invoice_number'), commodity: f('commodity'),
      hsCode: f('hs_code'), quantity: f('quantity', 'number'), quantityUnit: f('quantity_unit'),
      declaredValue: f('declared_value', 'number'), currency: f('currency'), seals: f('seals', 'json'),
      consignor: f('consignor'), consignee: f('consignee'), consigneeEdrpou: f('consignee_edrpou'),
      truckPlate: f('truck_plate'), trailerPlate: f('trailer_plate'), containerNumber: f('container_number'),
      wagonNumber: f('wagon_number'), vesselImo: f('vessel_imo'), vesselName: f('vessel_name'), notes: f('notes'),
    },
  },
  seizure: {
    table: 'seizures', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), consignmentId: f('consignment_id', 'nullable'),
      proceedingId: f('proceeding_id', 'nullable'), category: f('category'), description: f('description'),
      quantity: f('quantity', 'number'), quantityUnit: f('quantity_unit'), hsCode: f('hs_code'),
      estimatedValue: f('estimated_value', 'number'), currency: f('currency'), seizedAt: f('seized_at'),
      seizedByAgencyId: f('seized_by_agency_id'), storagePlace: f('storage_place'), notes: f('notes'),
    },
  },
  evidence: {
    table: 'evidence_items', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), seizureId: f('seizure_id', 'nullable'), number: f('number'),
      description: f('description'), packaging: f('packaging'), sealNumber: f('seal_number'),
      packedAt: f('packed_at'), packedBy: f('packed_by'), packedByAgencyId: f('packed_by_agency_id'), notes: f('notes'),
    },
  },
  custody_transfer: {
    table: 'custody_transfers', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), evidenceId: f('evidence_id'), fromPerson: f('from_person'),
      toPerson: f('to_person'), toAgencyId: f('to_agency_id'), at: f('at'), place: f('place'),
      sealNumber: f('seal_number'), sealIntact: f('seal_intact', 'bool'), resealedAs: f('resealed_as'),
      purpose: f('purpose'), recordedBy: f('recorded_by'), recordedAt: f('recorded_at'),
    },
  },
  detention: {
    table: 'detentions', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), proceedingId: f('proceeding_id', 'nullable'), basis: f('basis'),
      fullName: f('full_name'), nameLatin: f('name_latin'), dateOfBirth: f('date_of_birth'),
      citizenship: f('citizenship'), passport: f('passport'), detainedAt: f('detained_at'),
      detainedBy: f('detained_by'), detainedByAgencyId: f('detained_by_agency_id'), place: f('place'),
      takenTo: f('taken_to'), notes: f('notes'),
    },
  },
  violation_protocol: {
    table: 'violation_protocols', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), number: f('number'), drawnOn: f('drawn_on'), drawnBy: f('drawn_by'),
      drawnByAgencyId: f('drawn_by_agency_id'), article: f('article'), offender: f('offender'),
      seizureId: f('seizure_id', 'nullable'), notes: f('notes'),
    },
  },
  operation_outcome: {
    table: 'operation_outcomes', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), outcome: f('outcome'), completionReason: f('completion_reason'),
      lessons: f('lessons'),
    },
  },
  task_actual: {
    table: 'task_actuals', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), startedAt: f('started_at', 'nullable'),
      startRecordedBy: f('start_recorded_by'), startRecordedAt: f('start_recorded_at', 'nullable'),
      finishedAt: f('finished_at', 'nullable'), finishRecordedBy: f('finish_recorded_by'),
      finishRecordedAt: f('finish_recorded_at', 'nullable'),
    },
  },
  activity_entry: {
    table: 'activity_log', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), at: f('at'), agencyId: f('agency_id'), unit: f('unit'),
      author: f('author'), taskId: f('task_id', 'nullable'), entry: f('entry'), recordedAt: f('recorded_at'),
    },
  },
  operation_note: {
    table: 'operation_notes', key: ['id'], operationColumn: 'operation_id',
    fields: {
      operationId: f('operation_id'), authorSiteId: f('author_site_id'), body: f('body'),
      createdAt: f('created_at'),
    },
  },
};

/** Domain value → SQLite value. */
export function encodeValue(codec: Codec, value: unknown): string | number | null {
  switch (codec) {
    case 'text': return String(value);
    case 'nullable': return value === null || value === undefined ? null : String(value);
    case 'json': return JSON.stringify(value);
    case 'bool': return value ? 1 : 0;
    case 'int': return Number(value);
    case 'number': return Number(value);
  }
}

/** SQLite value → domain value. */
export function decodeValue(codec: Codec, value: unknown): unknown {
  switch (codec) {
    case 'text': return value;
    case 'nullable': return value ?? null;
    case 'json': return JSON.parse(String(value));
    case 'bool': return value === 1;
    case 'int': return Number(value);
    case 'number': return Number(value);
  }
}
