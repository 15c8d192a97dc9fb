/**
 * The rule of rule.ts applied to one operation's domain objects, for the producers that render
 * them (briefing pack, calendars, contact cards, the tar pack): the same lists, reduced to what
 * the recipient agency may see. A null recipient is the coordinator's copy: everything this
 * unit holds (which is already only what its own agency may see).
 */
import {
  LEAD_ONLY_FIELDS, planView, type DirectoryFacts, type ExchangeFacts, type OperationFacts, type PhaseFacts,
  type PlanView, type TaskFacts, type Viewer,
} from './rule.js';

/** A unit, person or resource: units have no `unitId`. */
export interface DirectoryRecord {
  readonly id: string;
  readonly agencyId: string;
  readonly unitId?: string | null;
}

export interface OperationPlan<
  O extends OperationFacts, T extends TaskFacts, U extends DirectoryRecord,
  P extends DirectoryRecord, R extends DirectoryRecord, E extends ExchangeFacts, H extends PhaseFacts = PhaseFacts,
> {
  readonly operation: O;
  readonly phases: readonly H[];
  readonly tasks: readonly T[];
  readonly units: readonly U[];
  readonly people: readonly P[];
  readonly resources: readonly R[];
  readonly exchange: readonly E[];
}

function directory(records: readonly DirectoryRecord[]): Map<string, DirectoryFacts> {
  return new Map(records.map((r) => [r.id, { agencyId: r.agencyId, unitId: r.unitId ?? null }]));
}

/** The operation without the fields the viewer may not hold (emptied: they are text fields). */
function withoutLeadOnly<O extends OperationFacts>(op: O): O {
  const out = { ...op } as unknown as Record<string, unknown>;
  for (const field of LEAD_ONLY_FIELDS.operation ?? []) if (field in out) out[field] = '';
  return out as unknown as O;
}

/**
 * The plan reduced to the viewer's view, with the view itself (producers that must say that
 * something is hidden — a count, an agency — ask it). A null viewer gets the plan unchanged.
 */
export function viewOfOperationPlan<
  O extends OperationFacts, T extends TaskFacts, U extends DirectoryRecord,
  P extends DirectoryRecord, R extends DirectoryRecord, E extends ExchangeFacts, H extends PhaseFacts,
>(plan: OperationPlan<O, T, U, P, R, E, H>, viewer: Viewer | null): OperationPlan<O, T, U, P, R, E, H> & { readonly view: PlanView | null } {
  if (viewer === null) return { ...plan, view: null };
  const view = planView({
    operations: [plan.operation],
    phases: plan.phases,
    tasks: plan.tasks,
    exchange: plan.exchange,
    units: directory(plan.units),
    people: directory(plan.people),
    resources: directory(plan.resources),
  }, viewer);
  return {
    ...plan,
    operation: view.wholePlan.has(plan.operation.id) ? plan.operation : withoutLeadOnly(plan.operation),
    phases: plan.phases.filter((p) => view.phases.has(p.id)),
    tasks: plan.tasks.filter((t) => view.tasks.has(t.id)),
    units: plan.units.filter((u) => view.units.has(u.id)),
    people: plan.people.filter((p) => view.people.has(p.id)),
    resources: plan.resources.filter((r) => view.resources.has(r.id)),
    exchange: plan.exchange.filter((e) => view.exchange.has(e.id)),
    view,
  };
}
