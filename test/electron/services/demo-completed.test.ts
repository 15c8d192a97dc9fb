/**
 * The demo's second operation: completed three weeks back, with actuals, a log, results and an
 * outcome, so the after-action report and the statistics read real figures. The first (the
 * upcoming police-led controlled delivery) is unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutcomeFacts, listSeizureFacts } from '../../../electron/db/repos/results.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { getExecution } from '../../../electron/services/execution.js';
import { getCustodyChains, getLinks, getResults } from '../../../electron/services/results.js';
import { getOperationById } from '../../../electron/services/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let tc: TempContext;
beforeEach(() => { tc = openTempContext({ now: () => new Date('2026-12-07T03:00:00Z') }); });
afterEach(() => tc.cleanup());

describe('demo: the completed operation', () => {
  it('holds actuals, a log, results and an outcome, and links to the upcoming operation by the tractor unit', () => {
    const { operationId, completedOperationId } = loadDemo(tc.ctx, { withCompleted: true });
    expect(getOperationById(tc.ctx, operationId)).toMatchObject({ codeName: 'ЯНТАРНИЙ ШЛЯХ', status: 'draft' });
    const [facts] = listOutcomeFacts(tc.ctx.db);
    const done = getOperationById(tc.ctx, facts!.operationId);
    expect(done.id).toBe(completedOperationId);
    expect(done).toMatchObject({ codeName: 'ЯШМА', status: 'completed' });
    expect(facts).toMatchObject({ outcome: 'achieved', detentions: 2, protocols: 1, proceedingsOpened: 1 });
    expect(listSeizureFacts(tc.ctx.db)).toMatchObject([{ category: 'precursors', estimatedValue: 2400000, currency: 'UAH' }]);

    const r = getResults(tc.ctx, done.id);
    expect(r.outcome!.completionReason).toContain('Повторний огляд');
    expect(r.detentions.map((x) => x.citizenship)).toEqual(['UA', 'PL']);
    const [chain] = getCustodyChains(tc.ctx, done.id);
    expect(chain!.warnings).toEqual([]);
    expect(chain!.seal).toBe('НДЕКЦ 118204');

    const ex = getExecution(tc.ctx, done.id);
    expect(ex.planVsActual.counts).toMatchObject({ finished: 5, never_started: 1 });
    expect(ex.planVsActual.late).toBeGreaterThan(0);
    expect(ex.log.length).toBe(5);

    expect(getLinks(tc.ctx, operationId).map((l) => [l.key, l.operations.map((o) => o.codeName)])).toEqual([['plate:AC1234XT', ['ЯШМА']]]);
  });
});
