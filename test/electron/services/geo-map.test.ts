/** geo.map: the map of all operations reads task places lightly; it must draw what the map of each operation draws. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemo } from '../../../electron/services/demo.js';
import { mapData } from '../../../electron/services/geo.js';
import { duplicateOperation } from '../../../electron/services/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

describe('geo.map', () => {
  it('across operations gives each operation the places and route its own map gives', () => {
    const { operationId } = loadDemo(t.ctx);
    // A week later, so the copy's bookings do not overlap the demo's.
    const copy = duplicateOperation(t.ctx, { id: operationId, codeName: 'КОПІЯ', shiftMinutes: 7 * 24 * 60 });
    const all = mapData(t.ctx, null);
    expect(all.operations.map((o) => o.id).sort()).toEqual([operationId, copy.id].sort());
    for (const id of [operationId, copy.id]) {
      const one = mapData(t.ctx, id).operations[0]!;
      const fromAll = all.operations.find((o) => o.id === id)!;
      expect(fromAll.route).toEqual(one.route);
      const key = (p: { id: string }) => p.id;
      expect([...fromAll.places].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...one.places].sort((a, b) => key(a).localeCompare(key(b))));
    }
    expect(all.radiusMeters).toBe(1000);
  });
});
