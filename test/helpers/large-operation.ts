/**
 * A large operation built through the services: `agencies` agencies (seed codes), a unit, people
 * and a vehicle each, six phases, and `tasks` tasks spread round-robin over the agencies. Every
 * title carries a token `<CODE>-<NNNN>` found nowhere else, so a test can say whether a pack
 * shows an agency's tasks. Some tasks have long notes and checklists (rows that wrap, tables that
 * run across pages), commas and semicolons (escaping), and cross-agency dependencies.
 */
import { SEED_AGENCIES, TASK_TYPE_REQUIRED_POWER } from '../../shared/domain/agencies-seed.js';
import { PersonDraft, ResourceDraft, UnitDraft } from '../../shared/domain/directory.js';
import { OperationDraft, PhaseDraft } from '../../shared/domain/operation.js';
import { TaskDraft, type Task } from '../../shared/domain/task.js';
import { TASK_TYPES } from '../../shared/domain/enums.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { createPerson, createResource, createUnit } from '../../electron/services/directory.js';
import { addPhase, createOperation } from '../../electron/services/operations.js';
import { createTask } from '../../electron/services/tasks.js';

const HOUR = 3_600_000;
/** Task types no agency needs a special power for, so the save guard accepts every task. */
const FREE_TYPES = TASK_TYPES.filter((type) => TASK_TYPE_REQUIRED_POWER[type] === undefined);

export interface LargeOperation {
  operationId: string;
  agencyIds: string[];
  tasks: Task[];
}

export function titleToken(code: string, i: number): string {
  return `${code}-${String(i).padStart(4, '0')}`;
}

export function buildLargeOperation(ctx: ServiceContext, opts: { agencies: number; tasks: number }): LargeOperation {
  const agencies = SEED_AGENCIES.slice(0, opts.agencies);
  const start = Date.UTC(2026, 11, 1, 6, 0, 0);
  const at = (h: number) => new Date(start + h * HOUR).toISOString();
  return transact(ctx, () => {
    const staff = new Map<string, { unitId: string; people: string[]; resource: string }>();
    for (const a of agencies) {
      const unit = createUnit(ctx, UnitDraft.parse({ agencyId: a.id, name: `Підрозділ ${a.code}`, kind: 'відділ', place: { label: `Місто ${a.code}`, point: null } }));
      const people = [0, 1, 2, 3, 4].map((n) => createPerson(ctx, PersonDraft.parse({
        agencyId: a.id, unitId: unit.id, fullName: `Прізвище${a.code}${n} Ім’я${n} По-батькові${n}`,
        position: n === 0 ? 'Офіцер зв’язку' : 'Інспектор', phone: `+380 67 ${100 + n} ${a.code.length}0 00`,
        callsign: `${a.code}-${n}`,
      })).id);
      const resource = createResource(ctx, ResourceDraft.parse({ agencyId: a.id, unitId: unit.id, name: `Автомобіль ${a.code}`, kind: 'vehicle', identifier: `AA ${1000 + a.code.length} BB` })).id;
      staff.set(a.id, { unitId: unit.id, people, resource });
    }
    const op = createOperation(ctx, OperationDraft.parse({
      codeName: 'ВЕЛИКИЙ ПЛАН',
      type: 'international_operation',
      handlingCode: 'H1',
      legalBasis: 'ст. 558 Митного кодексу України; міжнародні угоди про взаємну допомогу',
      leadAgencyId: agencies[0]!.id,
      participatingAgencyIds: agencies.slice(1).map((a) => a.id),
      startsAt: at(0),
      endsAt: at(6 * 24),
      timeZone: 'Europe/Kyiv',
      area: 'Західний кордон',
      objectives: 'Перевірити узгодженість великих планів.',
      situation: 'Навантажувальний сценарій: багато органів і завдань.',
      execution: 'Шість фаз по добі.',
      sustainment: 'Кожен орган — за власний рахунок.',
      commandPost: 'Штаб, кімн. 1',
      comms: agencies.slice(0, 4).map((a, i) => ({ channel: `Канал ${i + 1}`, frequencyOrTalkGroup: `TG ${4400 + i}`, callsign: `Позивний ${a.code}`, agencyId: a.id, phone: `+380 50 000 00 0${i}` })),
      risks: [{ threat: 'Втрата зв’язку', likelihood: 'medium', impact: 'high', mitigation: 'Резервний канал', owner: agencies[0]!.code }],
    }));
    const phases = Array.from({ length: 6 }, (_, i) => addPhase(ctx, PhaseDraft.parse({
      operationId: op.id, name: `Фаза ${i + 1}`, ordinal: i, startsAt: at(i * 24), endsAt: at((i + 1) * 24),
    })));
    const tasks: Task[] = [];
    for (let i = 0; i < opts.tasks; i++) {
      const a = agencies[i % agencies.length]!;
      const s = staff.get(a.id)!;
      const phase = Math.floor((i / opts.tasks) * 6);
      const begin = phase * 24 + (i % 20);
      const long = i % 7 === 0;
      const pred = i >= agencies.length && i % 5 === 0 ? tasks[i - 1] : undefined;
      // Lag chosen so the dependency holds: the guard refuses a plan that breaks one.
      const lag = pred ? Math.min(0, Math.floor((start + begin * HOUR - new Date(pred.endsAt).getTime()) / 60_000)) : 0;
      tasks.push(createTask(ctx, TaskDraft.parse({
        operationId: op.id,
        phaseId: phases[phase]!.id,
        title: `${titleToken(a.code, i)} Завдання, крок; перевірка ${i}`,
        type: FREE_TYPES[i % FREE_TYPES.length],
        accountableAgencyId: a.id,
        unitId: s.unitId,
        // People rotate so that no one holds two overlapping tasks; long tasks get their own two.
        personIds: long ? s.people.slice(3) : [s.people[Math.floor(i / agencies.length) % 3]!],
        resourceIds: long ? [s.resource] : [],
        startsAt: at(begin),
        endsAt: at(begin + 1 + (i % 3)),
        place: { label: `Пункт ${i % 17}, вул. Довга, ${i}`, point: i % 2 === 0 ? { lat: 50 + (i % 10) / 10, lon: 24 + (i % 10) / 10 } : null },
        checklist: long ? Array.from({ length: 6 }, (_, k) => ({ id: `c${k}`, text: `Пункт перевірки ${k + 1} для ${titleToken(a.code, i)}`, done: k % 2 === 0 })) : [],
        notes: long ? `Примітка до ${titleToken(a.code, i)}. `.repeat(30) : '',
        dependencies: pred ? [{ predecessorId: pred.id, lagMinutes: lag }] : [],
        isKeyEvent: i % 50 === 0,
        isDecisionPoint: i % 75 === 0,
      })));
    }
    return { operationId: op.id, agencyIds: agencies.map((a) => a.id), tasks };
  });
}
