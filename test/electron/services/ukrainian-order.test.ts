/** Lists come in Ukrainian alphabetical order, and statuses in lifecycle order (issue 20). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationListQuery } from '../../../shared/api/operations.js';
import { PersonDraft, UnitDraft } from '../../../shared/domain/directory.js';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { compareText } from '../../../shared/i18n/collation.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { createPerson, createUnit } from '../../../electron/services/directory.js';
import { changeOperationStatus, createOperation, listOperations } from '../../../electron/services/operations.js';
import { openTempContext, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
beforeEach(() => {
  t = openTempContext();
});
afterEach(() => t.cleanup());

const NAMES = ['Яценко Ярослав', 'Ґудзь Галина', 'Єрмак Євген', 'Іванов Ігор', 'Їжакевич Ірина', 'Андрієнко Анна', 'абрамов антон', 'Борисенко Богдан'];
const UK_ORDER = ['абрамов антон', 'Андрієнко Анна', 'Борисенко Богдан', 'Ґудзь Галина', 'Єрмак Євген', 'Іванов Ігор', 'Їжакевич Ірина', 'Яценко Ярослав'];

describe('Ukrainian order', () => {
  it('compares А Б … Ґ … Є … І Ї … Я, letters before case, numbers by value', () => {
    expect([...NAMES].sort(compareText)).toEqual(UK_ORDER);
    expect(['Фаза 10', 'Фаза 2'].sort(compareText)).toEqual(['Фаза 2', 'Фаза 10']);
  });

  it('lists people, units and resources of an agency in that order through the API', async () => {
    for (const n of NAMES) createPerson(t.ctx, PersonDraft.parse({ agencyId: 'NPU', fullName: n }));
    for (const n of ['Їжаківський відділ', 'Ґрунтовий пост', 'Абрикосовий відділ', 'Єланецький пост']) createUnit(t.ctx, UnitDraft.parse({ agencyId: 'NPU', name: n, kind: 'відділ' }));
    const people = await dispatch(t.ctx, 'directory', 'listPeople', { agencyId: 'NPU' });
    expect(people.ok && (people.value as { fullName: string }[]).map((p) => p.fullName)).toEqual(UK_ORDER);
    const units = await dispatch(t.ctx, 'directory', 'listUnits', { agencyId: 'NPU' });
    expect(units.ok && (units.value as { name: string }[]).map((u) => u.name)).toEqual(['Абрикосовий відділ', 'Ґрунтовий пост', 'Єланецький пост', 'Їжаківський відділ']);
  });

  it('sorts operations by code name in Ukrainian order and by status in lifecycle order', () => {
    const op = (codeName: string) => createOperation(t.ctx, OperationDraft.parse({
      codeName, type: 'joint_patrol', leadAgencyId: 'DMS', legalBasis: 'наказ',
      startsAt: '2027-06-01T06:00:00Z', endsAt: '2027-06-01T18:00:00Z',
    })).id;
    const ids = new Map(['ЯСЕН', 'ҐАНОК', 'ЄВА', 'ІРИС', 'АЙСТРА'].map((n) => [n, op(n)]));
    const list = (sort: 'codeName' | 'status', direction: 'asc' | 'desc' = 'asc') =>
      listOperations(t.ctx, OperationListQuery.parse({ sort, direction }));
    expect(list('codeName').map((o) => o.codeName)).toEqual(['АЙСТРА', 'ҐАНОК', 'ЄВА', 'ІРИС', 'ЯСЕН']);
    changeOperationStatus(t.ctx, { id: ids.get('ЯСЕН')!, to: 'planned', reason: '' });
    changeOperationStatus(t.ctx, { id: ids.get('ІРИС')!, to: 'planned', reason: '' });
    changeOperationStatus(t.ctx, { id: ids.get('ІРИС')!, to: 'approved', reason: '', approvedBy: 'Начальник Волинської митниці' });
    changeOperationStatus(t.ctx, { id: ids.get('АЙСТРА')!, to: 'aborted', reason: 'скасовано' });
    // Alphabetically: aborted, approved, draft, planned. In the lifecycle: draft first, aborted last.
    expect(list('status').map((o) => o.status)).toEqual(['draft', 'draft', 'planned', 'approved', 'aborted']);
    expect(list('status', 'desc').map((o) => o.codeName).slice(0, 2)).toEqual(['АЙСТРА', 'ІРИС']);
  });
});
