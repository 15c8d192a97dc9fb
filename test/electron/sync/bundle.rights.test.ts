/** Sender rights: changes a unit had no right to make are quarantined with the reason, listed,
 *  and not applied; the rest of the same bundle still applies. */
import { describe, expect, it } from 'vitest';
import { appendChanges, listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { transact } from '../../../electron/services/context.js';
import { changeOperationStatus, getOperationById, updateOperation } from '../../../electron/services/operations.js';
import { materialiseRows } from '../../../electron/sync/apply.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { listQuarantine } from '../../../electron/sync/service.js';
import { newOperation, send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();
async function setup() {
  const us = await Promise.all(['NPU', 'DMS', 'SBU'].map((ag) => fx.unit(ag)));
  trustAll(us);
  const d = fx.dir('spilno-rights-');
  return { a: us[0]!, b: us[1]!, c: us[2]!, dir: d };
}

/** A modified install that skips the local rights check: the raw change record its writer
 *  would have made. (A genuine install refuses the edit with the very same rule.) */
function writeBypassingRights(u: Unit, operationId: string, field: string, value: unknown) {
  transact(u.ctx, () => appendChanges(u.ctx.db, [{
    hlc: u.ctx.clock.tick(), siteId: u.ctx.siteId, entity: 'operation', rowId: operationId, field, value: JSON.stringify(value), operationId,
  }]));
}

describe('sender rights', () => {
  it('a unit changing an operation its agency is not part of is quarantined', async () => {
    const { a, b, c, dir } = await setup();
    const op = newOperation(a.ctx); // NPU lead, DMS takes part; SBU does not
    await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
    // c obtained the operation some other way (a modified install) and edits it.
    const stolen = listChangesAfter(a.ctx.db, 0, 100000).map(({ seq: _s, ...ch }) => ch);
    transact(c.ctx, () => {
      appendChanges(c.ctx.db, stolen);
      materialiseRows(c.ctx.db, stolen.map((s) => ({ entity: s.entity, rowId: s.rowId })));
    });
    expect(() => updateOperation(c.ctx, op.id, { area: 'змінено СБУ' })).toThrow(`agency SBU does not take part in operation ${op.id}`);
    writeBypassingRights(c, op.id, 'area', 'змінено СБУ');
    const r = await importBundle(b.ctx, { path: (await send(c, [b], dir)).file });
    expect(r.quarantined.map((q) => q.reason)).toEqual([`agency SBU does not take part in operation ${op.id}`]);
    expect(getOperationById(b.ctx, op.id).area).toBe('');
    expect(listQuarantine(b.ctx, 10)[0]!.reason).toMatch(/SBU does not take part/);
  });

  it('only the lead agency may approve', async () => {
    const { a, b, dir } = await setup();
    const op = newOperation(a.ctx);
    await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
    changeOperationStatus(b.ctx, { id: op.id, to: 'planned', reason: '' });
    expect(() => changeOperationStatus(b.ctx, { id: op.id, to: 'approved', reason: '' })).toThrow('only the lead agency may approve (author agency DMS)');
    writeBypassingRights(b, op.id, 'status', 'approved');
    const r = await importBundle(a.ctx, { path: (await send(b, [a], dir)).file });
    expect(r.quarantined.map((q) => q.reason)).toEqual(['only the lead agency may approve (author agency DMS)']);
    expect(getOperationById(a.ctx, op.id).status).toBe('planned');
  });

  it('an agreement mark is its own agency\'s: one written by another agency is quarantined', async () => {
    const { a, b, dir } = await setup();
    const op = newOperation(a.ctx);
    await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
    // The lead (NPU) forges the participant's (DMS) agreement, bypassing its own check.
    const hlc = a.ctx.clock.tick();
    const fields = { operationId: op.id, agencyId: 'DMS', signedBy: 'Начальник митного поста', agreedAt: '2026-12-01T10:00:00.000Z', note: '' };
    transact(a.ctx, () => appendChanges(a.ctx.db, Object.entries(fields).map(([field, value]) => ({
      hlc, siteId: a.ctx.siteId, entity: 'agreement' as const, rowId: 'forged-mark', field, value: JSON.stringify(value), operationId: op.id,
    }))));
    const r = await importBundle(b.ctx, { path: (await send(a, [b], dir)).file });
    expect(new Set(r.quarantined.map((q) => q.reason))).toEqual(new Set(['agency NPU may not give or withdraw the agreement mark of agency DMS']));
  });
});
