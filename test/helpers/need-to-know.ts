/**
 * The need-to-know rule as README states it, written out independently of
 * shared/visibility/rule.ts so that tests check the producers against the statement, not
 * against the code under test: the lead agency sees every task of its operation; another
 * agency that takes part sees the tasks it acts in (accountable, or its unit, people or
 * resources are on them) and the tasks nobody is accountable for.
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
