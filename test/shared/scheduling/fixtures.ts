/** Small plans for the scheduling rules: defaults that raise no conflict, overridden per case. */
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import {
  DEFAULT_SCHEDULING_SETTINGS, type ScheduleExchange, type ScheduleInput, type ScheduleOperation,
  type SchedulePerson, type SchedulePhase, type ScheduleResource, type ScheduleTask,
} from '../../../shared/scheduling/model.js';

export const BASE = Date.parse('2026-06-01T00:00:00.000Z');
export const at = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();

export function op(over: Partial<ScheduleOperation> = {}): ScheduleOperation {
  return {
    id: 'op1', codeName: 'Бурштин', type: 'joint_patrol', status: 'planned', leadAgencyId: 'NPU',
    participatingAgencyIds: [], startsAt: at(0), endsAt: at(72), ...over,
  };
}

let seq = 0;
export function task(over: Partial<ScheduleTask> = {}): ScheduleTask {
  seq++;
  return {
    id: `t${seq}`, operationId: 'op1', phaseId: null, title: `Task ${seq}`, type: 'patrol', status: 'todo',
    accountableAgencyId: 'NPU', unitId: null, personIds: [], resourceIds: [], startsAt: at(1), endsAt: at(2),
    dependencies: [], ...over,
  };
}

export const PEOPLE: SchedulePerson[] = [
  { id: 'p1', fullName: 'Бондар Сергій', skills: ['investigator'] },
  { id: 'p2', fullName: 'Шевчук Ірина', skills: ['tariff_expert'] },
  { id: 'p3', fullName: 'Мельник Андрій', skills: ['k9_handler'] },
];
export const RESOURCES: ScheduleResource[] = [
  { id: 'r1', kind: 'vehicle', name: 'Škoda' },
  { id: 'r2', kind: 'k9', name: 'Рекс' },
];

export function plan(parts: {
  operations?: ScheduleOperation[]; tasks?: ScheduleTask[]; phases?: SchedulePhase[];
  exchange?: ScheduleExchange[]; now?: Date; settings?: Partial<ScheduleInput['settings']>;
}): ScheduleInput {
  return {
    operations: parts.operations ?? [op()],
    phases: parts.phases ?? [],
    tasks: parts.tasks ?? [],
    agencies: SEED_AGENCIES,
    people: PEOPLE,
    resources: RESOURCES,
    units: [{ id: 'u1', name: 'Митний пост «Ягодин»' }, { id: 'u2', name: 'Відділ поліції' }],
    exchange: parts.exchange ?? [],
    now: parts.now ?? new Date(BASE),
    settings: { ...DEFAULT_SCHEDULING_SETTINGS, ...parts.settings },
  };
}
