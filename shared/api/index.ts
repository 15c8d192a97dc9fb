/**
 * The whole API: one contract, many transports (Electron IPC, HTTP in browser mode, the CLI
 * calls services directly). Adding a domain here is the only registration step.
 */
import { auditApi } from './audit.js';
import type { DomainClient, DomainHandlers } from './contract.js';
import { conflictsApi } from './conflicts.js';
import { directoryApi } from './directory.js';
import { durabilityApi } from './durability.js';
import { exchangeApi } from './exchange.js';
import { executionApi } from './execution.js';
import { exportsApi } from './exports.js';
import { filesApi } from './files.js';
import { geoApi } from './geo.js';
import { legalApi } from './legal.js';
import { operationsApi } from './operations.js';
import { resultsApi } from './results.js';
import { securityApi } from './security.js';
import { statsApi } from './stats.js';
import { syncApi } from './sync.js';
import { systemApi } from './system.js';
import { tasksApi } from './tasks.js';

export const apiContract = {
  operations: operationsApi,
  tasks: tasksApi,
  directory: directoryApi,
  exchange: exchangeApi,
  exports: exportsApi,
  system: systemApi,
  conflicts: conflictsApi,
  audit: auditApi,
  durability: durabilityApi,
  security: securityApi,
  sync: syncApi,
  files: filesApi,
  geo: geoApi,
  legal: legalApi,
  stats: statsApi,
  results: resultsApi,
  execution: executionApi,
} as const;

export type ApiContract = typeof apiContract;
export type ApiDomain = keyof ApiContract;

export type Api = { readonly [D in ApiDomain]: DomainClient<ApiContract[D]> };
export type ApiHandlers<Ctx> = { readonly [D in ApiDomain]: DomainHandlers<Ctx, ApiContract[D]> };

/** `domain.method` names, for transports that route by string (IPC channel, HTTP path). */
export function apiMethodNames(): string[] {
  return Object.entries(apiContract).flatMap(([domain, methods]) =>
    Object.keys(methods).map((m) => `${domain}.${m}`),
  );
}

export function lookupMethod(domain: string, method: string) {
  if (!Object.hasOwn(apiContract, domain)) return null;
  const d = apiContract[domain as ApiDomain] as Record<string, { input: unknown; output: unknown }>;
  return Object.hasOwn(d, method) ? d[method]! : null;
}

export * from './errors.js';
