/**
 * Statistics service: reads the period's rows through the statistics repository and counts them
 * with the pure rules of shared/stats/statistics.ts. What this unit holds is already only what
 * its agency may see (sync carries nothing else), so the figures are this agency's view.
 */
import { computeStatistics, statsPeriod, type Statistics, type StatsPeriodRequest } from '../../shared/stats/statistics.js';
import type { z } from 'zod';
import { listAgencies } from '../db/repos/agencies.repo.js';
import { listOutcomeFacts, listSeizureFacts } from '../db/repos/results.repo.js';
import {
  statsExchange, statsNotifiedOperations, statsOperations, statsProceedingOperations, statsTaskGroups,
  statsTaskTypesOfLed,
} from '../db/repos/stats.repo.js';
import type { ServiceContext } from './context.js';

export function getStatistics(ctx: ServiceContext, req: z.output<typeof StatsPeriodRequest>): Statistics {
  const period = statsPeriod(req);
  const bounds = { from: period.fromInstant, to: period.toInstant };
  const agencies = listAgencies(ctx.db).map((a) => ({ id: a.id, kind: a.kind }));
  const customs = JSON.stringify(agencies.filter((a) => a.kind === 'customs').map((a) => a.id));
  // One read transaction: the figures describe one state of the store, not a sync landing midway.
  return ctx.db.transaction(() => computeStatistics({
    period,
    operations: statsOperations(ctx.db, bounds),
    tasks: statsTaskGroups(ctx.db, bounds),
    customsLedTaskTypes: statsTaskTypesOfLed(ctx.db, { ...bounds, leadIdsJson: customs }),
    exchange: statsExchange(ctx.db, bounds),
    notifiedOperationIds: statsNotifiedOperations(ctx.db, bounds),
    proceedingOperationIds: statsProceedingOperations(ctx.db, bounds),
    agencies,
    seizures: listSeizureFacts(ctx.db),
    outcomes: listOutcomeFacts(ctx.db),
    now: ctx.now(),
  }))();
}
