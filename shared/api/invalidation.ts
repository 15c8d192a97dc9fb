/**
 * Which cached answers a change event makes stale. The renderer's query cache keys every answer
 * by `[domain, method, input]` and asks this rule on each `changed` event (shared/api/events.ts).
 *
 * Policy, from broad to narrow:
 * - `all` (restore, lock, unlock, another process writing outside the change record): everything.
 * - The audit trail records every write: any change makes `audit.*` stale.
 * - A call that wrote outside the change record names its domain: that domain's answers.
 * - Planning data (the change record's entities) feeds every planning domain: lists, plans,
 *   conflicts (which cross operations: one person double-booked in two), exports' inputs, sync
 *   marks. An answer about one operation (its plan, its tasks, its exchange log) is stale only
 *   when the event names that operation, unless directory rows changed (plans show names).
 * - Security and durability state change only through their own domain (or `all`).
 */
import type { ChangedEvent } from './events.js';
import type { ApiDomain } from './index.js';

export type QueryKey = readonly [domain: string, method: string, input?: unknown];

const PLANNING_DOMAINS: ReadonlySet<string> = new Set<ApiDomain>(['operations', 'tasks', 'directory', 'exchange', 'conflicts', 'exports', 'sync', 'system', 'geo', 'legal', 'stats', 'results', 'execution']);
const DIRECTORY_ENTITIES: ReadonlySet<string> = new Set(['agency', 'unit', 'person', 'resource']);

/** The one operation an answer is about, when it is about exactly one (else null). */
export function operationOfQuery(key: QueryKey): string | null {
  const [domain, method, input] = key;
  if (!input || typeof input !== 'object') return null;
  const i = input as Record<string, unknown>;
  if (domain === 'operations' && (method === 'get' || method === 'getPlan') && typeof i['id'] === 'string') return i['id'];
  if ((domain === 'tasks' && method === 'listByOperation') || (domain === 'exchange' && method === 'list') || (domain === 'exports' && method === 'log')
    || (domain === 'geo' && (method === 'map' || method === 'place'))
    || (domain === 'legal' && method === 'get')
    || ((domain === 'results' || domain === 'execution') && (method === 'get' || method === 'getCustodyChains'))) {
    return typeof i['operationId'] === 'string' ? i['operationId'] : null;
  }
  return null;
}

export function isStaleAfter(key: QueryKey, e: ChangedEvent): boolean {
  const [domain] = key;
  if (e.all) return true;
  if (domain === 'audit') return true;
  const op = operationOfQuery(key);
  const directoryChanged = e.entities.some((x) => DIRECTORY_ENTITIES.has(x));
  // A commit that names its operations leaves an answer about another operation alone.
  if (op !== null && e.entities.length > 0 && !directoryChanged && !e.operations.includes(op)) return false;
  if (e.domains.includes(domain)) return true;
  // The map draws the deconfliction radius, a scheduling setting.
  if (domain === 'geo' && e.domains.includes('conflicts')) return true;
  return e.entities.length > 0 && PLANNING_DOMAINS.has(domain);
}
