/** SQL of the scheduling engine: plan reads for scans, overrides and deconfliction alerts. */
import type { Phase } from '../../../shared/domain/operation.js';
import type { ScheduleOperation } from '../../../shared/scheduling/model.js';
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';
import { decodeEntityRow } from './entity.repo.js';

type Row = Record<string, unknown>;

export function listLiveOperationIds(db: Db): string[] {
  return (stmt(db, 'SELECT id FROM operations WHERE deleted = 0 ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

/**
 * Every live operation as the scheduling scan reads it (ScheduleOperation), ordered by id, in two
 * reads: a full read per operation decodes its every JSON column and asks for its agencies on its
 * own, 75–170 ms of the whole plan's scan over 1,000 operations, against 3–5 here.
 */
export function listScheduleOperations(db: Db): ScheduleOperation[] {
  const agencies = new Map<string, string[]>();
  for (const r of stmt(db, 'SELECT operation_id AS operationId, agency_id AS agencyId FROM operation_agencies WHERE deleted = 0 ORDER BY agency_id')
    .all() as { operationId: string; agencyId: string }[]) {
    const list = agencies.get(r.operationId);
    if (list) list.push(r.agencyId);
    else agencies.set(r.operationId, [r.agencyId]);
  }
  const rows = stmt(
    db,
    `SELECT id, code_name AS codeName, type, status, lead_agency_id AS leadAgencyId, starts_at AS startsAt, ends_at AS endsAt
       FROM operations WHERE deleted = 0 ORDER BY id`,
  ).all() as Omit<ScheduleOperation, 'participatingAgencyIds'>[];
  return rows.map((r) => ({ ...r, participatingAgencyIds: agencies.get(r.id) ?? [] }));
}

/** The places of one operation's live tasks that have a point: all deconfliction needs of tasks
 *  (a full task read parses every JSON column of every task). */
export function listTaskPointsOf(db: Db, operationId: string): { place: { label: string; point: { lat: number; lon: number } } }[] {
  return (
    stmt(
      db,
      `SELECT place FROM tasks
        WHERE operation_id = @operationId AND deleted = 0 AND json_extract(place, '$.point') IS NOT NULL
        ORDER BY starts_at, id`,
    ).all({ operationId }) as { place: string }[]
  ).map((r) => ({ place: JSON.parse(r.place) }));
}

export function listAllPhases(db: Db): Phase[] {
  return (stmt(db, 'SELECT * FROM phases WHERE deleted = 0 ORDER BY operation_id, ordinal').all() as Row[])
    .map((r) => ({ id: String(r.id), ...decodeEntityRow('phase', r) }) as Phase);
}

/**
 * Ids of live tasks that share a person, a resource or a unit with the given sets: the tasks an
 * edit can collide with, found through the assignment indexes instead of a full scan.
 */
export function listTaskIdsSharingAssignments(
  db: Db,
  p: { peopleJson: string; resourcesJson: string; unitsJson: string },
): string[] {
  return (
    stmt(
      db,
      `SELECT tp.task_id AS id FROM task_people tp
         WHERE tp.deleted = 0 AND tp.person_id IN (SELECT value FROM json_each(@peopleJson))
       UNION
       SELECT tr.task_id FROM task_resources tr
         WHERE tr.deleted = 0 AND tr.resource_id IN (SELECT value FROM json_each(@resourcesJson))
       UNION
       SELECT t.id FROM tasks t
         WHERE t.deleted = 0 AND t.unit_id IN (SELECT value FROM json_each(@unitsJson))`,
    ).all(p) as { id: string }[]
  ).map((r) => r.id);
}

export interface OverrideRow {
  id: string;
  conflict_key: string;
  rule: string;
  operation_id: string | null;
  task_ids: string;
  action: string;
  reason: string;
  site_id: string;
  agency_id: string;
  unit_name: string;
  /** Who accepted it ('' on overrides from before migration 0013). */
  operator: string;
  created_at: string;
}

export function insertOverride(db: Db, row: OverrideRow): void {
  stmt(
    db,
    `INSERT INTO conflict_overrides (id, conflict_key, rule, operation_id, task_ids, action, reason,
       site_id, agency_id, unit_name, operator, created_at)
     VALUES (@id, @conflict_key, @rule, @operation_id, @task_ids, @action, @reason,
       @site_id, @agency_id, @unit_name, @operator, @created_at)`,
  ).run(row);
}

/** The latest override per conflict key. */
export function listLatestOverrides(db: Db): OverrideRow[] {
  return stmt(
    db,
    `SELECT o.* FROM conflict_overrides o
      WHERE o.created_at = (SELECT max(created_at) FROM conflict_overrides i WHERE i.conflict_key = o.conflict_key)
      ORDER BY o.created_at`,
  ).all() as OverrideRow[];
}

export function listOverridesForOperation(db: Db, operationId: string): OverrideRow[] {
  return stmt(db, 'SELECT * FROM conflict_overrides WHERE operation_id = @operationId ORDER BY created_at DESC')
    .all({ operationId }) as OverrideRow[];
}

export interface AlertRow {
  key: string;
  kind: string;
  operation_a: string;
  operation_b: string;
  match_key: string;
  label: string;
  distance_m: number | null;
  windows_overlap: number;
  first_seen_at: string;
  last_seen_at: string;
  cleared_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  ack_note: string;
}

/**
 * Records a hit seen now; a hit that had cleared and came back is open again. An unchanged open
 * alert is left as it is: reading the alerts re-runs the scan, and a write on every read would
 * announce a change to every open window, which reloads and reads again, without end.
 * `last_seen_at` is therefore when the alert last opened or changed.
 */
export function upsertAlertSeen(
  db: Db,
  a: Pick<AlertRow, 'key' | 'kind' | 'operation_a' | 'operation_b' | 'match_key' | 'label' | 'distance_m' | 'windows_overlap'> & { now: string },
): void {
  stmt(
    db,
    `INSERT INTO deconfliction_alerts (key, kind, operation_a, operation_b, match_key, label, distance_m,
       windows_overlap, first_seen_at, last_seen_at)
     VALUES (@key, @kind, @operation_a, @operation_b, @match_key, @label, @distance_m, @windows_overlap, @now, @now)
     ON CONFLICT(key) DO UPDATE SET label = excluded.label, distance_m = excluded.distance_m,
       windows_overlap = excluded.windows_overlap, last_seen_at = excluded.last_seen_at, cleared_at = NULL
     WHERE cleared_at IS NOT NULL OR label IS NOT excluded.label OR distance_m IS NOT excluded.distance_m
        OR windows_overlap IS NOT excluded.windows_overlap`,
  ).run(a);
}

/** Marks as cleared every open alert of the scanned operations whose key was not seen now. */
export function markAlertsCleared(db: Db, p: { seenJson: string; operationsJson: string; now: string }): void {
  stmt(
    db,
    `UPDATE deconfliction_alerts SET cleared_at = @now
      WHERE cleared_at IS NULL
        AND key NOT IN (SELECT value FROM json_each(@seenJson))
        AND (operation_a IN (SELECT value FROM json_each(@operationsJson))
             OR operation_b IN (SELECT value FROM json_each(@operationsJson)))`,
  ).run(p);
}

export function listAlerts(db: Db, operationId: string | null): AlertRow[] {
  return stmt(
    db,
    `SELECT * FROM deconfliction_alerts
      WHERE @operationId IS NULL OR operation_a = @operationId OR operation_b = @operationId
      ORDER BY (acknowledged_at IS NOT NULL), first_seen_at DESC, key`,
  ).all({ operationId }) as AlertRow[];
}

export function getAlert(db: Db, key: string): AlertRow | null {
  return (stmt(db, 'SELECT * FROM deconfliction_alerts WHERE key = @key').get({ key }) as AlertRow | undefined) ?? null;
}

export function acknowledgeAlertRow(db: Db, p: { key: string; at: string; by: string; note: string }): void {
  stmt(db, 'UPDATE deconfliction_alerts SET acknowledged_at = @at, acknowledged_by = @by, ack_note = @note WHERE key = @key')
    .run(p);
}


