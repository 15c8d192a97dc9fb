/**
 * The need-to-know rule as README states it, written out independently of
 * shared/visibility/rule.ts so that tests check the producers against the statement, not
 * against the code under test: the lead agency sees every task of its operation; another
 * agency that takes part sees the tasks it acts in (accountable, or its unit, people or
 * resources are on them) and the tasks nobody is accountable for. Phases: the lead sees every
 * phase; another agency that takes part sees the phases it has a visible task in and the phases
 * nobody has a task in. The legal spine: proceedings, procedural roles, agreement marks and
 * international items go to every agency that takes part; a decision to the lead, the agency
 * holding it, and the agencies that see a task it covers.
 */
import type { Db } from '../../electron/db/connection.js';

export function tasksAgencySees(db: Db, operationId: string, agencyId: string): { id: string; title: string; agencyId: string | null }[] {
  return db.prepare(
    `SELECT t.id, t.title, t.accountable_agency_id AS agencyId FROM tasks t JOIN operations o ON o.id = t.operation_id
     WHERE t.operation_id = @op AND (
       o.lead_agency_id = @agency
       OR (EXISTS (SELECT 1 FROM operation_agencies oa WHERE oa.operation_id = o.id AND oa.agency_id = @agency AND oa.deleted = 0)
         AND (t.accountable_agency_id IS NULL OR t.accountable_agency_id = @agency
           OR EXISTS (SELECT 1 FROM units u WHERE u.id = t.unit_id AND u.agency_id = @agency)
           OR EXISTS (SELECT 1 FROM task_people tp JOIN people p ON p.id = tp.person_id WHERE tp.task_id = t.id AND tp.deleted = 0 AND p.agency_id = @agency)
           OR EXISTS (SELECT 1 FROM task_resources tr JOIN resources r ON r.id = tr.resource_id WHERE tr.task_id = t.id AND tr.deleted = 0 AND r.agency_id = @agency))))
     ORDER BY t.starts_at, t.title`,
  ).all({ op: operationId, agency: agencyId }) as { id: string; title: string; agencyId: string | null }[];
}

export interface ExpectedView {
  operations: Set<string>;
  phases: Set<string>;
  tasks: Set<string>;
  people: Set<string>;
  resources: Set<string>;
  units: Set<string>;
  exchange: Set<string>;
  decisions: Set<string>;
}

/** An agency's view of one operation and of the free exchange entries, per README. */
export function viewOfAgency(db: Db, operationId: string, agencyId: string): ExpectedView {
  const ids = (sql: string, params: Record<string, unknown>) => new Set(db.prepare(sql).pluck().all(params) as string[]);
  const takesPart = db.prepare(
    `SELECT 1 FROM operations o WHERE o.id = @op AND (o.lead_agency_id = @agency
       OR EXISTS (SELECT 1 FROM operation_agencies oa WHERE oa.operation_id = o.id AND oa.agency_id = @agency AND oa.deleted = 0))`,
  ).get({ op: operationId, agency: agencyId }) !== undefined;
  const tasks = new Set(tasksAgencySees(db, operationId, agencyId).map((t) => t.id));
  const json = JSON.stringify([...tasks]);
  const people = ids('SELECT DISTINCT person_id FROM task_people WHERE deleted = 0 AND task_id IN (SELECT value FROM json_each(@t))', { t: json });
  const resources = ids('SELECT DISTINCT resource_id FROM task_resources WHERE deleted = 0 AND task_id IN (SELECT value FROM json_each(@t))', { t: json });
  const units = ids(
    `SELECT unit_id FROM tasks WHERE unit_id IS NOT NULL AND id IN (SELECT value FROM json_each(@t))
     UNION SELECT unit_id FROM people WHERE unit_id IS NOT NULL AND id IN (SELECT value FROM json_each(@p))
     UNION SELECT unit_id FROM resources WHERE unit_id IS NOT NULL AND id IN (SELECT value FROM json_each(@r))`,
    { t: json, p: JSON.stringify([...people]), r: JSON.stringify([...resources]) },
  );
  const exchange = ids(
    `SELECT id FROM exchange_entries WHERE (operation_id IS NULL AND (from_agency_id = @agency OR to_agency_id = @agency))
       OR (operation_id = @op AND @part AND (from_agency_id = @agency OR to_agency_id = @agency OR handling_code IN ('H0', 'H1')))`,
    { agency: agencyId, op: operationId, part: takesPart ? 1 : 0 },
  );
  const lead = db.prepare('SELECT 1 FROM operations WHERE id = @op AND lead_agency_id = @agency').get({ op: operationId, agency: agencyId }) !== undefined;
  const phases = !takesPart ? new Set<string>() : ids(
    `SELECT p.id FROM phases p WHERE p.operation_id = @op AND (@lead
       OR NOT EXISTS (SELECT 1 FROM tasks t WHERE t.phase_id = p.id)
       OR EXISTS (SELECT 1 FROM tasks t WHERE t.phase_id = p.id AND t.id IN (SELECT value FROM json_each(@t))))`,
    { op: operationId, lead: lead ? 1 : 0, t: json },
  );
  const decisions = !takesPart ? new Set<string>() : ids(
    `SELECT d.id FROM decisions d WHERE d.operation_id = @op AND (@lead OR d.holder_agency_id = @agency
       OR EXISTS (SELECT 1 FROM json_each(d.task_ids) c WHERE c.value IN (SELECT value FROM json_each(@t))))`,
    { op: operationId, lead: lead ? 1 : 0, agency: agencyId, t: json },
  );
  return { operations: takesPart ? new Set([operationId]) : new Set(), phases, tasks, people, resources, units, exchange, decisions };
}
