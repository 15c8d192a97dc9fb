import { describe, expect, it } from 'vitest';
import { custodyChain, custodyChains, type CustodyStep } from '../../../shared/results/custody.js';

const item = { id: 'e1', sealNumber: 'SB 0012345', packedAt: '2026-12-05T09:00:00.000Z', packedBy: 'Коваленко О. П.' };
let n = 0;
const step = (p: Partial<CustodyStep>): CustodyStep => ({
  id: `t${++n}`, evidenceId: 'e1', fromPerson: '', toPerson: '', at: '2026-12-05T10:00:00.000Z',
  sealNumber: 'SB0012345', sealIntact: true, resealedAs: '', ...p,
});

describe('chain of custody', () => {
  it('an unbroken chain has no warnings and ends with the last receiver under the seal', () => {
    const c = custodyChain(item, [
      step({ fromPerson: 'Мельник С. В.', toPerson: 'Шевчук А. І.', at: '2026-12-05T14:00:00.000Z' }),
      step({ fromPerson: 'коваленко о.п.', toPerson: 'Мельник С. В.', at: '2026-12-05T11:00:00.000Z', sealNumber: 'sb-0012345' }),
    ]);
    expect(c.warnings).toEqual([]);
    expect(c.steps.map((s) => s.toPerson)).toEqual(['Мельник С. В.', 'Шевчук А. І.']);
    expect(c.holder).toBe('Шевчук А. І.');
    expect(c.seal).toBe('SB0012345');
  });

  it('a hand-over from someone who did not hold the item is a gap', () => {
    const c = custodyChain(item, [
      step({ fromPerson: 'Коваленко О. П.', toPerson: 'Мельник С. В.', at: '2026-12-05T11:00:00.000Z' }),
      step({ id: 'hole', fromPerson: 'Бойко Р. М.', toPerson: 'Шевчук А. І.', at: '2026-12-05T14:00:00.000Z' }),
    ]);
    expect(c.warnings).toEqual([{ kind: 'gap', evidenceId: 'e1', transferId: 'hole', expected: 'Мельник С. В.', found: 'Бойко Р. М.' }]);
  });

  it('a broken seal and a changed seal are warnings; a recorded resealing is not', () => {
    const broken = custodyChain(item, [step({ id: 'b', fromPerson: 'Коваленко О. П.', toPerson: 'X', sealIntact: false })]);
    expect(broken.warnings.map((w) => w.kind)).toEqual(['seal_broken']);

    const changed = custodyChain(item, [step({ id: 'c', fromPerson: 'Коваленко О. П.', toPerson: 'X', sealNumber: 'SB0099999' })]);
    expect(changed.warnings).toEqual([{ kind: 'seal_changed', evidenceId: 'e1', transferId: 'c', expected: 'SB 0012345', found: 'SB0099999' }]);

    const resealed = custodyChain(item, [
      step({ fromPerson: 'Коваленко О. П.', toPerson: 'Експерт', at: '2026-12-05T11:00:00.000Z', resealedAs: 'SB0077777' }),
      step({ fromPerson: 'Експерт', toPerson: 'Слідчий', at: '2026-12-06T11:00:00.000Z', sealNumber: 'SB0077777' }),
    ]);
    expect(resealed.warnings).toEqual([]);
    expect(resealed.seal).toBe('SB0077777');
  });

  it('a hand-over dated before the packing is out of order', () => {
    const c = custodyChain(item, [step({ id: 'early', fromPerson: 'Коваленко О. П.', toPerson: 'X', at: '2026-12-05T08:00:00.000Z' })]);
    expect(c.warnings.map((w) => w.kind)).toEqual(['out_of_order']);
  });

  it('an item never handed over stays with who packed it; chains keep each item\'s own steps', () => {
    const other = { ...item, id: 'e2', packedBy: 'Інша особа' };
    const [a, b] = custodyChains([item, other], [step({ fromPerson: 'Коваленко О. П.', toPerson: 'Мельник С. В.' })]);
    expect(a!.holder).toBe('Мельник С. В.');
    expect(b!.holder).toBe('Інша особа');
    expect(b!.steps).toEqual([]);
  });
});
