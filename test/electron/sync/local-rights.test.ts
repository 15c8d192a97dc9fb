/** One rights rule for both directions: this unit's own edits (once it has a sync identity)
 *  are refused exactly where every peer would quarantine them, and a participating agency may
 *  create an operation that peers then accept. */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { createExchange } from '../../../electron/services/exchange.js';
import {
  changeOperationStatus, duplicateOperation, getOperationById, listOperations, updateOperation,
} from '../../../electron/services/operations.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { transact } from '../../../electron/services/context.js';
import { agree } from '../../../electron/services/legal.js';
import { DomainError } from '../../../shared/api/errors.js';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import { t } from '../../../shared/i18n/index.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const u of units.splice(0)) u.cleanup();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function unit(agency: string): Unit {
  const u = openUnit(agency);
  units.push(u);
  return u;
}
function folder(): string {
  const d = tempDataDir('spilno-local-rights-');
  dirs.push(d);
  return d;
}
function changeCount(u: Unit): number {
  return (u.ctx.db.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
}
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('local edits under the sync rights rule', () => {
  it('an agency that does not take part cannot edit the operation here; nothing is written', async () => {
    // Planned here before the unit joined sync: an NPU operation SBU does not take part in.
    const sbu = unit('SBU');
    const op = newOperation(sbu.ctx);
    await withIdentity(sbu);
    const before = changeCount(sbu);
    const e = refusal(() => updateOperation(sbu.ctx, op.id, { area: 'змінено СБУ' }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe(`agency SBU does not take part in operation ${op.id}`);
    expect(e.details).toMatchObject({ rule: 'not_participant', messageKey: 'rights.notParticipant', params: { agency: 'SBU' } });
    expect(changeCount(sbu)).toBe(before);
    expect(getOperationById(sbu.ctx, op.id).area).toBe('');
    // Over the API: the typed error, in Ukrainian and English for the UI.
    const r = await dispatch(sbu.ctx, 'operations', 'update', { id: op.id, patch: { area: 'x' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', details: { messageKey: 'rights.notParticipant' } } });
    expect(t('uk', 'rights.notParticipant', { agency: 'SBU' })).toMatch(/^Ваш орган \(SBU\) не бере участі/);
    expect(t('en', 'rights.notParticipant', { agency: 'SBU' })).toMatch(/^Your agency \(SBU\) does not take part/);
    expect(changeCount(sbu)).toBe(before);
  });

  it('a participant may edit but not approve; the lead may approve', async () => {
    const npu = await withIdentity(unit('NPU'));
    const dms = await withIdentity(unit('DMS'));
    trustAll([npu, dms]);
    const op = newOperation(npu.ctx);
    await importBundle(dms.ctx, { path: (await send(npu, [dms], folder())).file });
    updateOperation(dms.ctx, op.id, { area: 'КПП Ягодин' });
    changeOperationStatus(dms.ctx, { id: op.id, to: 'planned', reason: '' });
    const before = changeCount(dms);
    const e = refusal(() => changeOperationStatus(dms.ctx, { id: op.id, to: 'approved', reason: '' }));
    expect(e.message).toBe('only the lead agency may approve (author agency DMS)');
    expect(e.details).toMatchObject({ rule: 'approve_not_lead', messageKey: 'rights.approveNotLead' });
    expect(changeCount(dms)).toBe(before);
    expect(getOperationById(dms.ctx, op.id).status).toBe('planned');
    // The lead receives the participant's edits without quarantine, and approves.
    const r = await importBundle(npu.ctx, { path: (await send(dms, [npu], folder())).file });
    expect(r.quarantined).toEqual([]);
    // The participant's agreement is its own act: the lead cannot give it on its behalf.
    const forged = refusal(() => transact(npu.ctx, () => npu.ctx.writer.create('agreement', 'forged-mark', {
      operationId: op.id, agencyId: 'DMS', signedBy: 'Начальник митного поста', agreedAt: '2026-12-01T10:00:00.000Z', note: '',
    }, op.id)));
    expect(forged.details).toMatchObject({ rule: 'agreement_not_own', messageKey: 'rights.agreementNotOwn' });
    // The lead approves; it has no agreement of its own to give.
    expect(refusal(() => agree(npu.ctx, { operationId: op.id, signedBy: 'Начальник ГУНП', note: '' })).code).toBe('forbidden');
    agree(dms.ctx, { operationId: op.id, signedBy: 'Начальник митного поста «Ягодин»', note: '' });
    await importBundle(npu.ctx, { path: (await send(dms, [npu], folder())).file });
    expect(changeOperationStatus(npu.ctx, { id: op.id, to: 'approved', reason: '', approvedBy: 'Начальник ГУНП' }).status).toBe('approved');
  });

  it('a participating agency may create an operation led by another, and the lead accepts it whole', async () => {
    const npu = await withIdentity(unit('NPU'));
    const dms = await withIdentity(unit('DMS'));
    trustAll([npu, dms]);
    const op = newOperation(dms.ctx, { leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'] });
    const copy = duplicateOperation(dms.ctx, { id: op.id, codeName: 'ГРАНІТ-2', shiftMinutes: 60 });
    const r = await importBundle(npu.ctx, { path: (await send(dms, [npu], folder())).file });
    expect(r.quarantined).toEqual([]);
    expect(getOperationById(npu.ctx, op.id)).toMatchObject({ leadAgencyId: 'NPU', participatingAgencyIds: ['DMS'] });
    expect(getOperationById(npu.ctx, copy.id).codeName).toBe('ГРАНІТ-2');
    // Neither lead nor participant: not created, nothing written.
    const before = changeCount(dms);
    const e = refusal(() => newOperation(dms.ctx, { leadAgencyId: 'NPU', participatingAgencyIds: ['SBU'] }));
    expect(e.details).toMatchObject({ rule: 'not_participant' });
    expect(changeCount(dms)).toBe(before);
    expect(listOperations(dms.ctx, OperationListQuery.parse({})).map((o) => o.id).sort()).toEqual([op.id, copy.id].sort());
  });

  it('an exchange entry between two other agencies is refused here as it would be by peers', async () => {
    const dms = await withIdentity(unit('DMS'));
    const draft = ExchangeDraft.parse({
      operationId: null, fromAgencyId: 'NPU', toAgencyId: 'SBU', kind: 'consultation', formality: 'informal', subject: 'Запит',
    });
    const e = refusal(() => createExchange(dms.ctx, draft));
    expect(e.details).toMatchObject({ rule: 'exchange_party', messageKey: 'rights.exchangeParty' });
    expect(createExchange(dms.ctx, { ...draft, fromAgencyId: 'DMS' }).fromAgencyId).toBe('DMS');
  });

  it('without a sync identity nothing is refused (fresh install, demo)', () => {
    const sbu = unit('SBU');
    const op = newOperation(sbu.ctx, { participatingAgencyIds: ['SBU'] });
    expect(changeOperationStatus(sbu.ctx, { id: op.id, to: 'planned', reason: '' }).status).toBe('planned');
    agree(sbu.ctx, { operationId: op.id, signedBy: 'Начальник митного поста', note: '' });
    expect(changeOperationStatus(sbu.ctx, { id: op.id, to: 'approved', reason: '', approvedBy: 'Начальник ГУНП' }).status).toBe('approved');
    expect(loadDemo(sbu.ctx).operationId).toBeTruthy();
  });
});
