/** Need-to-know: a recipient's bundle provably carries nothing of operations its agency is not
 *  part of, nor exchange entries it may not see — checked on the decrypted bundle itself. */
import fs from 'node:fs';
import fc from 'fast-check';
import { Decrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeDraft } from '../../../shared/domain/exchange.js';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { isLeadOnlyField } from '../../../shared/visibility/rule.js';
import { listChangesAfter } from '../../../electron/db/repos/change-log.repo.js';
import { createExchange } from '../../../electron/services/exchange.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { tempDataDir } from '../../helpers/temp-context.js';
import { newOperation, openUnit, send, trustAll, withIdentity, type Unit } from './sync-helpers.js';

let a: Unit;
let b: Unit;
let dir: string;
beforeAll(async () => {
  a = await withIdentity(openUnit('NPU'));
  b = await withIdentity(openUnit('DMS'));
  trustAll([a, b]);
  dir = tempDataDir('spilno-ntk-');
});
afterAll(() => {
  a.cleanup();
  b.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function bundleChanges(file: string, reader: Unit): Promise<ChangeRecord[]> {
  const dec = new Decrypter();
  dec.addIdentity(requireUnlocked(reader.ctx).ageIdentity);
  const text = new TextDecoder().decode(await dec.decrypt(fs.readFileSync(file)));
  return text.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as ChangeRecord);
}

const exchange = (over: Record<string, unknown>) => ExchangeDraft.parse({
  kind: 'art558_information', fromAgencyId: 'NPU', toAgencyId: 'DMS', subject: 'Відомості', legalBasis: 'ст. 558 МКУ', ...over,
});

describe('need-to-know', () => {
  it('carries only operations the recipient takes part in, all of their changes, and visible exchange entries', async () => {
    const visible = new Set<string>(); // across runs: a's database keeps every earlier operation
    await fc.assert(fc.asyncProperty(
      fc.array(fc.subarray(['DMS', 'SBU', 'OGP', 'DPSU']), { minLength: 1, maxLength: 5 }),
      async (participantSets) => {
        const ops = participantSets.map((p, i) => newOperation(a.ctx, { codeName: `ОП-${i}`, participatingAgencyIds: p }));
        for (const o of ops) if (o.participatingAgencyIds.includes('DMS')) visible.add(o.id);
        const shared = ops.find((o) => visible.has(o.id));
        const other = ops.find((o) => !visible.has(o.id));
        const entries = {
          direct: createExchange(a.ctx, exchange({ handlingCode: 'H2' })).id,
          aside: createExchange(a.ctx, exchange({ toAgencyId: 'OGP', handlingCode: 'H2', operationId: shared?.id ?? null })).id,
          passOn: shared ? createExchange(a.ctx, exchange({ toAgencyId: 'OGP', handlingCode: 'H1', operationId: shared.id })).id : null,
          hidden: other ? createExchange(a.ctx, exchange({ toAgencyId: 'SBU', handlingCode: 'H0', operationId: other.id })).id : null,
        };
        const changes = await bundleChanges((await send(a, [b], dir, { full: true })).file, b);
        for (const c of changes) {
          if (c.operationId !== null) expect(visible.has(c.operationId)).toBe(true);
        }
        const exchangeRows = new Set(changes.filter((c) => c.entity === 'exchange').map((c) => c.rowId));
        expect(exchangeRows.has(entries.direct)).toBe(true);
        expect(exchangeRows.has(entries.aside)).toBe(false);
        if (entries.passOn) expect(exchangeRows.has(entries.passOn)).toBe(true);
        if (entries.hidden) expect(exchangeRows.has(entries.hidden)).toBe(false);
        // Complete: every change of every visible operation is there — but the lead's
        // need-to-know fields (police lead every one of these operations, customs never).
        const sent = new Set(changes.map((c) => `${c.hlc}|${c.entity}|${c.rowId}|${c.field}`));
        for (const c of listChangesAfter(a.ctx.db, 0, 1_000_000)) {
          if (c.operationId && visible.has(c.operationId) && c.entity !== 'exchange') {
            expect(sent.has(`${c.hlc}|${c.entity}|${c.rowId}|${c.field}`)).toBe(!isLeadOnlyField(c.entity, c.field));
          }
        }
      },
    ), { numRuns: 8 });
  });
});
