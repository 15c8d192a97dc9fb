/**
 * The change record: every mutation of planning data, one row per field, written in the same
 * transaction as the mutation itself. Sync bundles are slices of this record and merging
 * replays it, so it is designed for merge, not for display:
 * - per-field granularity, so two units editing different fields of one task never collide;
 * - deletes are tombstones (`field = '_deleted'`), never row removals, so a delete syncs;
 * - set membership (participating agencies, task assignments) is its own entity keyed by both
 *   ends, so add/remove of one member is independent of others (add-wins in merge);
 * - `operationId` names the operation the row belongs to (null for directory rows), which is
 *   what need-to-know filtering of bundles keys on.
 */
import { z } from 'zod';

export const SYNCED_ENTITIES = [
  'agency', 'unit', 'person', 'resource',
  'operation', 'operation_agency', 'phase', 'task', 'task_person', 'task_resource',
  'exchange', 'operation_note',
  'proceeding', 'operation_role', 'decision', 'agreement', 'international',
  'consignment', 'seizure', 'evidence', 'custody_transfer', 'detention', 'violation_protocol',
  'operation_outcome', 'task_actual', 'activity_entry',
] as const;
/** The legal spine's rows (shared/domain/legal.ts): scoped to an operation by `operationId`. */
export const LEGAL_ENTITIES = ['proceeding', 'operation_role', 'decision', 'agreement', 'international'] as const;
/** Consignments, results and live execution (shared/domain/results.ts): scoped to an operation
 *  by `operationId`; a task's actuals share the task's id. */
export const RESULT_ENTITIES = [
  'consignment', 'seizure', 'evidence', 'custody_transfer', 'detention', 'violation_protocol',
  'operation_outcome', 'task_actual', 'activity_entry',
] as const;
export const SyncedEntity = z.enum(SYNCED_ENTITIES);
export type SyncedEntity = z.infer<typeof SyncedEntity>;

export const TOMBSTONE_FIELD = '_deleted';
/** Membership rows (`operation_agency`, `task_person`, `task_resource`) use this field. */
export const MEMBER_FIELD = '_member';
/**
 * The agency that recorded a directory row (unit, person, resource), written once in the event
 * that creates it: it owns the record (shared/sync/rights.ts). Metadata, not a column.
 */
export const OWNER_FIELD = '_owner';
export const DIRECTORY_ENTITIES: readonly SyncedEntity[] = ['unit', 'person', 'resource'];

export const ChangeRecord = z.object({
  hlc: z.string(),
  siteId: z.string(),
  entity: SyncedEntity,
  rowId: z.string().min(1).max(200),
  field: z.string().min(1).max(64),
  /** JSON-encoded new value. */
  value: z.string(),
  operationId: z.string().nullable(),
});
export type ChangeRecord = z.infer<typeof ChangeRecord>;

/** Row id of a membership entity: both ends, so concurrent adds of the same pair coincide. */
export function memberRowId(ownerId: string, memberId: string): string {
  return `${ownerId}:${memberId}`;
}
