/**
 * Who may change what: ONE rule for both directions. Incoming changes are judged by it before
 * they are applied (electron/sync/validate.ts), and this unit's own planning edits before they
 * are written (electron/sync/local-rights.ts). Were the two to differ, a unit could make an
 * edit that every peer then quarantines, and the units would stop converging.
 *
 * - A change to an operation or anything scoped to it: the author's agency must be the lead or
 *   a participant, as known before the change (for a new operation, as its creating event says,
 *   participants included).
 * - Approving an operation: the lead agency only.
 * - An exchange entry outside any operation: its sender or recipient agency only.
 * - Directory rows (units, people, resources): their own agency only, and they never move.
 */
export interface Participation {
  readonly lead: string | null;
  readonly members: ReadonlySet<string>;
}

export type RightsRefusal =
  | { readonly rule: 'not_participant'; readonly agencyId: string; readonly operationId: string }
  | { readonly rule: 'approve_not_lead'; readonly agencyId: string; readonly operationId: string }
  | { readonly rule: 'exchange_party'; readonly agencyId: string }
  | { readonly rule: 'directory_owner'; readonly entity: string; readonly ownerAgencyId: string; readonly agencyId: string }
  | { readonly rule: 'directory_move'; readonly entity: string };

/** The part of a change the rule reads (`value` is its JSON text). */
export interface ChangeSubject {
  readonly entity: string;
  readonly field: string;
  readonly value: string;
}

export function operationRight(agencyId: string, operationId: string, p: Participation, c: ChangeSubject): RightsRefusal | null {
  if (p.lead !== agencyId && !p.members.has(agencyId)) return { rule: 'not_participant', agencyId, operationId };
  if (c.entity === 'operation' && c.field === 'status' && c.value === '"approved"' && p.lead !== agencyId) {
    return { rule: 'approve_not_lead', agencyId, operationId };
  }
  return null;
}

export function exchangeRight(agencyId: string, fromAgencyId: unknown, toAgencyId: unknown): RightsRefusal | null {
  return fromAgencyId === agencyId || toAgencyId === agencyId ? null : { rule: 'exchange_party', agencyId };
}

export function directoryRight(agencyId: string, ownerAgencyId: unknown, c: ChangeSubject): RightsRefusal | null {
  if (ownerAgencyId !== agencyId) return { rule: 'directory_owner', entity: c.entity, ownerAgencyId: String(ownerAgencyId), agencyId };
  if (c.field === 'agencyId' && c.value !== JSON.stringify(ownerAgencyId)) return { rule: 'directory_move', entity: c.entity };
  return null;
}

/** The reason as stored with a quarantined change and shown in logs (English, stable). */
export function refusalReason(r: RightsRefusal): string {
  switch (r.rule) {
    case 'not_participant': return `agency ${r.agencyId} does not take part in operation ${r.operationId}`;
    case 'approve_not_lead': return `only the lead agency may approve (author agency ${r.agencyId})`;
    case 'exchange_party': return `agency ${r.agencyId} is neither sender nor recipient of the exchange entry`;
    case 'directory_owner': return `${r.entity} of agency ${r.ownerAgencyId} changed by agency ${r.agencyId}`;
    case 'directory_move': return `${r.entity} cannot move to another agency`;
  }
}
