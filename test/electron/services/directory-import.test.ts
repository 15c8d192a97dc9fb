import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/api/dispatch.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { listPeople, listResources } from '../../../electron/services/directory.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

describe('directory roster import', () => {
  it('writes every person of the roster with change records', async () => {
    const before = countChanges(t.ctx.db);
    const r = await dispatch(t.ctx, 'directory', 'importPeople', {
      people: [
        { agencyId: 'DMS', fullName: 'Іваненко Петро', skills: ['k9_handler'] },
        { agencyId: 'NPU', fullName: 'Коваль Олена', clearance: 'form2' },
      ],
    });
    expect(r.ok).toBe(true);
    expect(listPeople(t.ctx.db, null).map((p) => p.fullName).sort()).toEqual(['Іваненко Петро', 'Коваль Олена']);
    expect(countChanges(t.ctx.db)).toBeGreaterThan(before);
  });

  it('writes nothing when one row names an unknown agency', async () => {
    const before = countChanges(t.ctx.db);
    const r = await dispatch(t.ctx, 'directory', 'importResources', {
      resources: [
        { agencyId: 'DMS', name: 'Сканер', kind: 'xray_scanner' },
        { agencyId: 'NOPE', name: 'Човен', kind: 'boat' },
      ],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: [1, 'agencyId'], message: 'v.unknownAgency' }] } });
    expect(listResources(t.ctx.db, null)).toHaveLength(0);
    expect(countChanges(t.ctx.db)).toBe(before);
  });

  it('writes nothing when one row is malformed', async () => {
    const r = await dispatch(t.ctx, 'directory', 'importPeople', {
      people: [{ agencyId: 'DMS', fullName: 'Добрий' }, { agencyId: 'DMS', fullName: '', email: 'x' }],
    });
    expect(r.ok).toBe(false);
    expect(listPeople(t.ctx.db, null)).toHaveLength(0);
  });
});
