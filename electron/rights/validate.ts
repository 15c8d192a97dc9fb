/**
 * Every incoming change is checked before it is applied, one by one, so a bad change is
 * quarantined with its reason while the good ones in the same bundle still apply:
 * - shape: a known entity and field, a well-formed HLC whose site is the change's site, a value
 *   that the domain schema of that field accepts, not too far in the future;
 * - identity: the same (hlc, row, field) already held with different content is a forgery;
 * - right: `judgeChange` of shared/sync/rights.ts — the same function this unit's own edits pass
 *   — over what this unit knows before each event (a new row: the creating event's own values,
 *   a new operation's participants included); besides, a row never moves to another operation.
 *   A change whose facts are not known here yet is held (`waiting`), not refused: it is judged
 *   again when later bundles bring what it refers to.
 * The change's claimed `operationId` must be the row's real operation: need-to-know filtering
 * keys on it, so a lie there would leak or smuggle data.
 */
import { z } from 'zod';
import { Agency, Person, Resource, Unit } from '../../shared/domain/directory.js';
import { Id, Instant, MultilineText, Text } from '../../shared/domain/common.js';
import { CEILINGS, OperationStatus } from '../../shared/domain/enums.js';
import {
  Agreement, Decision, InternationalItem, OperationRole, Proceeding,
} from '../../shared/domain/legal.js';
import { ExchangePatchFields } from '../../shared/domain/exchange.js';
import {
  ActivityEntry, Consignment, CustodyTransfer, Detention, EvidenceItem, OperationOutcome, Seizure, TaskActual,
  ViolationProtocol,
} from '../../shared/domain/results.js';
import { OperationFields } from '../../shared/domain/operation.js';
import { TaskFields } from '../../shared/domain/task.js';
import {
  ChangeRecord, DIRECTORY_ENTITIES, LEGAL_ENTITIES, RESULT_ENTITIES, SYNCED_ENTITIES, MEMBER_FIELD, OWNER_FIELD, TOMBSTONE_FIELD, type SyncedEntity,
} from '../../shared/sync/change.js';
import { MAX_CLOCK_DRIFT_MS, isHlc, tryDecodeHlc, type Hlc } from '../../shared/sync/hlc.js';
import { BASE_FIELD, REOPEN_FIELD, isMemberEntity, mergeRow } from '../../shared/sync/merge.js';
import {
  judgeChange, refusalReason, type DirectoryRecordFacts, type Participation, type RightsFacts, type RightsRefusal,
} from '../../shared/sync/rights.js';
import type { Db } from '../db/connection.js';
import { ENTITIES } from '../db/entities.js';
import { BoundedCache } from '../../shared/sync/bounded-cache.js';
import {
  findChange, latestFieldChange, latestFieldChangeBefore, listOperationMembershipChanges,
} from '../db/repos/change-log.repo.js';

/**
 * No unit may pass on a marking above what Spilno may hold at all («ДСК»): such a change is
 * refused here like any malformed value, whatever the sender's settings said.
 */
const SPILNO_MARKING = z.enum(CEILINGS);

const fieldSchemas: Record<SyncedEntity, Record<string, z.ZodType>> = {
  agency: Agency.shape,
  unit: Unit.shape,
  person: Person.shape,
  resource: Resource.shape,
  operation: {
    ...OperationFields.shape, status: OperationStatus, createdAt: Instant,
    approvedBy: Text(300), approvedAt: Instant.nullable(), marking: SPILNO_MARKING,
  },
  operation_agency: {},
  phase: {
    operationId: Id, name: Text(200).min(1), ordinal: z.number().int().min(0),
    startsAt: Instant, endsAt: Instant,
  },
  task: TaskFields.shape,
  task_person: {},
  task_resource: {},
  exchange: { ...ExchangePatchFields.shape, createdAt: Instant },
  operation_note: { operationId: Id, authorSiteId: z.string().min(1).max(64), body: MultilineText(8000), createdAt: Instant },
  proceeding: Proceeding.shape,
  operation_role: OperationRole.shape,
  decision: { ...Decision.shape, marking: SPILNO_MARKING },
  agreement: Agreement.shape,
  international: InternationalItem.shape,
  consignment: Consignment.shape,
  seizure: Seizure.shape,
  evidence: EvidenceItem.shape,
  custody_transfer: CustodyTransfer.shape,
  detention: Detention.shape,
  violation_protocol: ViolationProtocol.shape,
  operation_outcome: OperationOutcome.shape,
  task_actual: TaskActual.shape,
  activity_entry: ActivityEntry.shape,
};

const metaSchemas: Record<string, z.ZodType> = {
  [TOMBSTONE_FIELD]: z.boolean(),
  [BASE_FIELD]: z.record(z.string(), z.string().refine(isHlc).nullable()),
  [REOPEN_FIELD]: z.object({ from: OperationStatus, reason: MultilineText(2000).min(1) }),
  [OWNER_FIELD]: Id,
};

/** Operation-scoped entities whose row carries its operation in the `operationId` field. */
const OWNED_BY_FIELD: readonly SyncedEntity[] = ['phase', 'task', 'operation_note', ...LEGAL_ENTITIES, ...RESULT_ENTITIES];

/**
 * `refusal`: set when the author's right failed (the rule's own verdict, for typed errors).
 * `waiting`: the change refers to something not known here yet; it is held and judged again
 * once later bundles bring it, never refused for it.
 */
export type ValidationResult =
  | { ok: true }
  | { ok: false; reason: string; refusal?: RightsRefusal; waiting?: { entity: string; rowId: string } };

function refused(refusal: RightsRefusal): ValidationResult {
  return refusal.rule === 'unknown'
    ? { ok: false, reason: refusalReason(refusal), waiting: { entity: refusal.entity, rowId: refusal.rowId } }
    : { ok: false, reason: refusalReason(refusal), refusal };
}

function parseJson(s: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch {
    return { ok: false };
  }
}

/** Schema-level checks that need no database. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ENTITY_NAMES: ReadonlySet<string> = new Set(SYNCED_ENTITIES);
const RECORD_KEYS = 7;

/** The common case without zod (a bundle carries hundreds of thousands of changes): exactly
 *  the seven keys of a change record, each of its type and size; anything else goes to zod. */
function plainRecord(raw: unknown): raw is ChangeRecord {
  if (raw === null || typeof raw !== 'object') return false;
  const r = raw as Record<string, unknown>;
  return typeof r.hlc === 'string' && typeof r.siteId === 'string' && typeof r.entity === 'string' && ENTITY_NAMES.has(r.entity)
    && typeof r.rowId === 'string' && r.rowId.length >= 1 && r.rowId.length <= 200
    && typeof r.field === 'string' && r.field.length >= 1 && r.field.length <= 64 && typeof r.value === 'string'
    && (r.operationId === null || typeof r.operationId === 'string') && Object.keys(r).length === RECORD_KEYS;
}

/**
 * Verdicts of the field schemas on short values, remembered: most values of a plan repeat
 * (statuses, kinds, flags, empty lists, the same place), and a verdict depends on nothing else.
 */
export class ValueVerdicts {
  /** Per field schema, the verdict on each short text: it depends on nothing else. */
  private readonly seen = new Map<z.ZodType, Map<string, string | null>>();
  private remembered = 0;
  private hlcText = '';
  private hlcDecoded: Hlc | null = null;

  /** The HLC decoded (null: malformed). The last one is remembered: an event's changes, which
   *  come one after another, share it. */
  hlc(text: string): Hlc | null {
    if (text !== this.hlcText) {
      this.hlcDecoded = tryDecodeHlc(text);
      this.hlcText = text;
    }
    return this.hlcDecoded;
  }

  /** The verdict given before on this text (undefined: none yet). */
  known(schema: z.ZodType, text: string): string | null | undefined {
    return this.seen.get(schema)?.get(text);
  }

  /** The schema's verdict on the parsed value of `text` (null: valid), remembered when short. */
  check(schema: z.ZodType, text: string, value: unknown): string | null {
    const v = schema.safeParse(value);
    const verdict = v.success ? null : v.error.issues[0]?.message ?? 'invalid value';
    if (text.length <= VERDICT_TEXT_LIMIT) {
      if (this.remembered >= VERDICTS_REMEMBERED) {
        this.seen.clear();
        this.remembered = 0;
      }
      let ofSchema = this.seen.get(schema);
      if (!ofSchema) this.seen.set(schema, (ofSchema = new Map()));
      ofSchema.set(text, verdict);
      this.remembered++;
    }
    return verdict;
  }
}

/** Verdicts are remembered on texts up to this long, this many at most (then all forgotten). */
const VERDICT_TEXT_LIMIT = 256;
const VERDICTS_REMEMBERED = 20_000;
/** A membership change's value (one schema object: verdicts are remembered per schema). */
const MEMBER_SCHEMA = z.boolean();

/** The schema of a field of a synced entity here, meta fields included; undefined: unknown. */
function fieldSchemaOf(entity: SyncedEntity, field: string): z.ZodType | undefined {
  const member = isMemberEntity(entity);
  if (field === MEMBER_FIELD) return member ? MEMBER_SCHEMA : undefined;
  if (field === REOPEN_FIELD) return entity === 'operation' ? metaSchemas[REOPEN_FIELD] : undefined;
  if (field === OWNER_FIELD) return DIRECTORY_ENTITIES.includes(entity) ? metaSchemas[OWNER_FIELD] : undefined;
  if (field === TOMBSTONE_FIELD) return member ? undefined : metaSchemas[TOMBSTONE_FIELD];
  if (field === BASE_FIELD) return metaSchemas[BASE_FIELD];
  if (!member && Object.hasOwn(ENTITIES[entity].fields, field)) return fieldSchemas[entity][field];
  return undefined;
}

/**
 * What a change from a newer Spilno names that this version does not know: an entity or a
 * field added since (synced tables change additively, and units in the field update at
 * different times). Null when both are known here, or when the record is not even shaped like
 * a change (then it is simply malformed).
 */
export function unknownHere(raw: unknown): { entity: string; field: string } | null {
  if (!raw || typeof raw !== 'object') return null;
  const { entity, field } = raw as { entity?: unknown; field?: unknown };
  if (typeof entity !== 'string' || typeof field !== 'string' || entity.length > 64 || field.length > 64) return null;
  if (!(SYNCED_ENTITIES as readonly string[]).includes(entity)) return { entity, field };
  return fieldSchemaOf(entity as SyncedEntity, field) ? null : { entity, field };
}

/** Schema-level checks that need no database (`verdicts`: one per import, to reuse verdicts). */
export function checkShape(raw: unknown, nowMs: number, verdicts: ValueVerdicts = new ValueVerdicts()): ValidationResult {
  let c: ChangeRecord;
  if (plainRecord(raw)) c = raw;
  else {
    const parsed = ChangeRecord.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: `malformed change record: ${parsed.error.issues[0]?.message ?? ''}` };
    c = parsed.data;
  }
  const hlc = verdicts.hlc(c.hlc);
  if (!hlc) return { ok: false, reason: 'malformed HLC' };
  if (hlc.siteId !== c.siteId) return { ok: false, reason: 'HLC site differs from the change site' };
  if (hlc.wallMs - nowMs > MAX_CLOCK_DRIFT_MS) return { ok: false, reason: 'timestamp too far in the future' };
  // A verdict already given on the same text skips the parse: only text that parsed has one.
  const schema = fieldSchemaOf(c.entity, c.field);
  const known = schema ? verdicts.known(schema, c.value) : undefined;
  const json = known === undefined ? parseJson(c.value) : null;
  if (json && !json.ok) return { ok: false, reason: `${c.entity}.${c.field}: value is not JSON` };
  const member = isMemberEntity(c.entity);
  if (member) {
    const parts = c.rowId.split(':');
    if (parts.length !== 2 || !parts.every((p) => ID.test(p))) {
      return { ok: false, reason: `${c.entity}: row id must be owner:member` };
    }
  } else if (!ID.test(c.rowId)) {
    return { ok: false, reason: `${c.entity}: malformed row id` };
  }
  if (!schema) return { ok: false, reason: `unknown field ${c.entity}.${c.field}` };
  const verdict = known !== undefined ? known : verdicts.check(schema, c.value, json?.ok ? json.value : undefined);
  if (verdict !== null) return { ok: false, reason: `${c.entity}.${c.field}: ${verdict}` };
  if (c.entity === 'operation_note' && c.field === TOMBSTONE_FIELD) {
    return { ok: false, reason: 'operation notes are append-only' };
  }
  return { ok: true };
}

export interface Authority {
  /** Agency of the site that authored a change (null: unknown site, the sender vouches). */
  agencyOfSite(siteId: string): string | null;
  /** Agency of the unit that sent the bundle. */
  readonly senderAgencyId: string;
}

/**
 * The facts `judgeChange` reads, from what this unit holds in its change record, which the
 * apply layer extends change by change as it accepts them (bundles list changes in the sender's
 * arrival order, so a row's creation precedes its edits). For a row unknown here, the other
 * changes of the same event (same HLC and row: a creation records all fields at once) supply
 * its facts, so a bundle can create an operation but never grant itself rights over one that
 * exists here. Local edits are judged by the same checker before they are written.
 */
export class RightsChecker implements RightsFacts {
  private event: readonly ChangeRecord[] = [];
  /** The current event's HLC: facts are read as they stood before it. */
  private eventHlc = '';
  /** Participants as known before the current event: all its changes are judged alike. */
  private readonly eventParticipants = new Map<string, Participation>();
  /** Per operation: its recorded membership changes, the newest HLC among them, and the
   *  participation they make (for events newer than all of them). */
  private readonly participants = new BoundedCache<string, { changes: ChangeRecord[]; newest: string; latest: Participation | null }>(1000);
  /** Operation of task/phase/note rows already looked up (a row never changes operation). */
  private readonly owners = new BoundedCache<string, string>(10_000);
  /** Facts looked up for the current event, by kind, then the row's entity and id: the same for
   *  all its changes (judged as of before it). Nested maps rather than a key string built per
   *  change: an import judges a bundle's changes by the hundred thousand. */
  private readonly eventFacts = new Map<string, Map<string, Map<string, unknown>>>();

  private memo<T>(kind: string, entity: string, rowId: string, compute: () => T): T {
    let ofKind = this.eventFacts.get(kind);
    if (!ofKind) this.eventFacts.set(kind, (ofKind = new Map()));
    let ofEntity = ofKind.get(entity);
    if (!ofEntity) ofKind.set(entity, (ofEntity = new Map()));
    if (ofEntity.has(rowId)) return ofEntity.get(rowId) as T;
    const v = compute();
    ofEntity.set(rowId, v);
    return v;
  }

  constructor(private readonly db: Db, private readonly authority: Authority) {}

  /** A change whose identity is already held must be the very same change, or it is forged. */
  sameAsHeld(c: ChangeRecord): ValidationResult {
    const held = findChange(this.db, c);
    return held && (held.value !== c.value || held.siteId !== c.siteId || held.operationId !== c.operationId)
      ? { ok: false, reason: 'a different change with the same identity is already held' }
      : { ok: true };
  }

  /** Tell the checker a change was accepted (it may change who takes part in an operation). */
  accepted(c: ChangeRecord): void {
    if (c.entity === 'operation' || c.entity === 'operation_agency') this.participants.delete(c.operationId ?? '');
  }

  /**
   * A field's value held here as it stood before the current event (by HLC; undefined if none);
   * `held` says which it was. Judged as of its own time, a change gets the same verdict on every
   * unit whatever else reached it first: an assignment made while nobody was accountable for the
   * task stays valid at a unit that already holds the later hand-over to another agency.
   */
  private heldValue(entity: SyncedEntity, rowId: string, field: string): { held: boolean; value: unknown } {
    const local = latestFieldChangeBefore(this.db, entity, rowId, field, this.eventHlc)?.value ?? null;
    return local !== null ? { held: true, value: JSON.parse(local) } : { held: false, value: undefined };
  }

  /** Newest value of a field: the record held here, else the current event's own value. */
  private fieldValue(entity: SyncedEntity, rowId: string, field: string): unknown {
    const local = this.heldValue(entity, rowId, field);
    if (local.held) return local.value;
    return this.eventValue(entity, rowId, field);
  }

  private eventValue(entity: SyncedEntity, rowId: string, field: string): unknown {
    const own = this.event.find((c) => c.entity === entity && c.rowId === rowId && c.field === field);
    if (!own) return undefined;
    const v = parseJson(own.value);
    return v.ok ? v.value : undefined;
  }

  participation(operationId: string): Participation {
    const atEvent = this.eventParticipants.get(operationId);
    if (atEvent) return atEvent;
    let recorded = this.participants.get(operationId);
    if (!recorded) {
      const changes = listOperationMembershipChanges(this.db, operationId);
      let newest = '';
      for (const c of changes) if (c.hlc > newest) newest = c.hlc;
      recorded = { changes, newest, latest: null };
      if (changes.length > 0) this.participants.set(operationId, recorded);
    }
    // The common case: everything recorded of the operation is older than the event.
    const allOlder = recorded.newest < this.eventHlc;
    if (allOlder && recorded.latest) {
      this.eventParticipants.set(operationId, recorded.latest);
      return recorded.latest;
    }
    // As the operation stood before the event (see heldValue).
    let changes: ChangeRecord[] = allOlder ? recorded.changes : recorded.changes.filter((c) => c.hlc < this.eventHlc);
    // An operation whose lead is not yet recorded here is being created by this very event,
    // together with its participants (one event: a participant may create it, not only the lead).
    const known = changes.some((c) => c.entity === 'operation' && c.field === 'leadAgencyId');
    if (!known) {
      changes = [...changes, ...this.event.filter((c) =>
        (c.entity === 'operation' && c.rowId === operationId)
        || (c.entity === 'operation_agency' && c.rowId.startsWith(`${operationId}:`)))];
    }
    const op = mergeRow('operation', operationId, changes.filter((c) => c.entity === 'operation'));
    const leadJson = op.fields.leadAgencyId?.value;
    const lead = leadJson ? (JSON.parse(leadJson) as string) : null;
    const members = new Set<string>();
    const byRow = new Map<string, ChangeRecord[]>();
    for (const c of changes) {
      if (c.entity !== 'operation_agency') continue;
      let list = byRow.get(c.rowId);
      if (!list) byRow.set(c.rowId, (list = []));
      list.push(c);
    }
    for (const [rowId, list] of byRow) {
      if (mergeRow('operation_agency', rowId, list).member) members.add(rowId.split(':')[1]!);
    }
    const p = { lead, members };
    if (known && allOlder) recorded.latest = p;
    this.eventParticipants.set(operationId, p);
    return p;
  }

  taskAgency(taskId: string): string | null | undefined {
    return this.memo('task-agency', 'task', taskId, () => this.lookUpTaskAgency(taskId));
  }

  private lookUpTaskAgency(taskId: string): string | null | undefined {
    const held = this.heldValue('task', taskId, 'accountableAgencyId');
    if (held.held) return typeof held.value === 'string' ? held.value : null;
    // Being created by this event: its own value; otherwise the task is unknown here.
    const created = this.event.some((c) => c.entity === 'task' && c.rowId === taskId && c.field === 'operationId');
    if (!created) return undefined;
    const v = this.eventValue('task', taskId, 'accountableAgencyId');
    return typeof v === 'string' ? v : null;
  }

  directoryRecord(entity: 'unit' | 'person' | 'resource', rowId: string): DirectoryRecordFacts | null {
    return this.memo('directory', entity, rowId, () => this.lookUpDirectoryRecord(entity, rowId));
  }

  private lookUpDirectoryRecord(entity: 'unit' | 'person' | 'resource', rowId: string): DirectoryRecordFacts | null {
    const agency = this.heldValue(entity, rowId, 'agencyId');
    const agencyId = agency.held ? agency.value : this.eventValue(entity, rowId, 'agencyId');
    if (typeof agencyId !== 'string') return null;
    const owner = this.fieldValue(entity, rowId, OWNER_FIELD);
    return { owner: typeof owner === 'string' ? owner : agencyId, agencyId, held: agency.held };
  }

  exchangeParties(rowId: string): { from: unknown; to: unknown } {
    return this.memo('parties', 'exchange', rowId, () => ({ from: this.fieldValue('exchange', rowId, 'fromAgencyId'), to: this.fieldValue('exchange', rowId, 'toAgencyId') }));
  }

  agreementAgency(rowId: string): unknown {
    return this.memo('agreement', 'agreement', rowId, () => this.fieldValue('agreement', rowId, 'agencyId'));
  }

  /** The operation a task/phase/note row belongs to: cached once recorded here (it never
   *  changes), else what the current event says for a row being created. */
  private ownerOf(entity: SyncedEntity, rowId: string): { op: unknown; recorded: boolean } {
    return this.memo('owner', entity, rowId, () => this.lookUpOwner(entity, rowId));
  }

  private lookUpOwner(entity: SyncedEntity, rowId: string): { op: unknown; recorded: boolean } {
    const key = `${entity}\u0000${rowId}`;
    const known = this.owners.get(key);
    if (known !== undefined) return { op: known, recorded: true };
    const local = latestFieldChange(this.db, entity, rowId, 'operationId')?.value ?? null;
    if (local !== null) {
      const op = JSON.parse(local) as unknown;
      if (typeof op === 'string') this.owners.set(key, op);
      return { op, recorded: true };
    }
    return { op: this.fieldValue(entity, rowId, 'operationId'), recorded: false };
  }

  /** The operation the row really belongs to (null for directory and free exchange rows);
   *  `waiting` when the row it hangs on is not known here yet. */
  private trueOperation(c: ChangeRecord): { ok: true; op: string | null } | { ok: false; reason: string; waiting?: { entity: string; rowId: string } } {
    switch (c.entity) {
      case 'operation': return { ok: true, op: c.rowId };
      case 'operation_agency': return { ok: true, op: c.rowId.split(':')[0]! };
      case 'task_person':
      case 'task_resource': {
        const taskId = c.rowId.split(':')[0]!;
        const { op } = this.ownerOf('task', taskId);
        return typeof op === 'string' ? { ok: true, op } : { ok: false, reason: 'assignment of a task not known here yet', waiting: { entity: 'task', rowId: taskId } };
      }
      case 'exchange': {
        const op = this.memo('exchange-op', 'exchange', c.rowId, () => this.fieldValue('exchange', c.rowId, 'operationId'));
        return { ok: true, op: typeof op === 'string' ? op : null };
      }
      default:
        if (OWNED_BY_FIELD.includes(c.entity)) {
          const { op, recorded } = this.ownerOf(c.entity, c.rowId);
          if (recorded && c.field === 'operationId' && JSON.stringify(op) !== c.value) {
            return { ok: false, reason: `${c.entity} cannot move to another operation` };
          }
          return typeof op === 'string' ? { ok: true, op } : { ok: false, reason: `${c.entity} not known here yet (no operation)`, waiting: { entity: c.entity, rowId: c.rowId } };
        }
        return { ok: true, op: null };
    }
  }

  /** `event`: the changes sharing c's HLC (c included) — one row, or an operation created
   *  with its participants. Each event is judged against the state before it. */
  check(c: ChangeRecord, event: readonly ChangeRecord[]): ValidationResult {
    if (event !== this.event) {
      this.event = event;
      this.eventHlc = event[0]?.hlc ?? c.hlc;
      this.eventParticipants.clear();
      this.eventFacts.clear();
    }
    const truth = this.trueOperation(c);
    if (!truth.ok) return truth;
    if (truth.op !== c.operationId) return { ok: false, reason: "operationId does not match the row's operation" };
    const agency = this.authority.agencyOfSite(c.siteId) ?? this.authority.senderAgencyId;
    const refusal = judgeChange(agency, { entity: c.entity, rowId: c.rowId, field: c.field, value: c.value, operationId: truth.op }, this);
    return refusal ? refused(refusal) : { ok: true };
  }
}
