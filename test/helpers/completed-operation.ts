/**
 * A completed controlled delivery with its execution and results, written as the services write
 * them (the change writer; status set directly, past the lifecycle's gates, which are not what a
 * report test is about): five tasks — one finished 20 minutes late, one on time, the border
 * guard's own (which customs may not see), one never started, one cancelled —, actual times,
 * the unit log, a seizure, an evidence item whose seal was found broken at a hand-over, a
 * detention, a protocol, a proceeding opened from it, an outcome with its completion reason and
 * lessons, two Article 558 entries (one on time, one late) and an accepted override.
 */
import { randomUUID } from 'node:crypto';
import { insertOverride } from '../../electron/db/repos/conflicts.repo.js';
import { transact, type ServiceContext } from '../../electron/services/context.js';
import { createExchange } from '../../electron/services/exchange.js';
import { insertOperation, normalizeDraft } from '../../electron/services/operations.js';
import { createTaskInTransaction } from '../../electron/services/tasks.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { ProceedingDraft } from '../../shared/domain/legal.js';
import { OperationDraft } from '../../shared/domain/operation.js';
import {
  CustodyDraft, DetentionDraft, EvidenceDraft, ProtocolDraft, SeizureDraft,
} from '../../shared/domain/results.js';
import { TaskDraft, type TaskDraftInput } from '../../shared/domain/task.js';

export const T0 = Date.parse('2026-10-14T05:00:00Z');
export const at = (h: number) => new Date(T0 + h * 3_600_000).toISOString();
export const minutesAfter = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();

export interface CompletedOperation {
  operationId: string;
  tasks: { late: string; onTime: string; border: string; never: string; cancelled: string };
}

export function buildCompletedOperation(ctx: ServiceContext): CompletedOperation {
  const operationId = randomUUID();
  const draft = normalizeDraft(OperationDraft.parse({
    codeName: 'ЖОВТНЕВИЙ ВАНТАЖ', type: 'controlled_delivery', leadAgencyId: 'NPU', participatingAgencyIds: ['DMS', 'DPSU'],
    legalBasis: 'ст. 271 КПК України', startsAt: at(0), endsAt: at(12), timeZone: 'Europe/Kyiv',
    objectives: 'Задокументувати канал контрабанди кокаїну та затримати учасників під час розвантаження.',
  }));
  const task = (title: string, fields: Partial<TaskDraftInput>): string => {
    const id = randomUUID();
    createTaskInTransaction(ctx, id, TaskDraft.parse({ operationId, title, type: 'other', accountableAgencyId: 'NPU', startsAt: at(1), endsAt: at(2), ...fields }));
    return id;
  };
  const actual = (taskId: string, startedAt: string | null, finishedAt: string | null) => ctx.writer.create('task_actual', taskId, {
    operationId, startedAt, startRecordedBy: startedAt ? 'Ткачук' : '', startRecordedAt: startedAt,
    finishedAt, finishRecordedBy: finishedAt ? 'Ткачук' : '', finishRecordedAt: finishedAt,
  }, operationId);
  let tasks!: CompletedOperation['tasks'];
  transact(ctx, () => {
    insertOperation(ctx, operationId, draft, 'completed');
    tasks = {
      late: task('Спостереження за вантажівкою на трасі М-07', { type: 'surveillance', status: 'done', startsAt: at(1), endsAt: at(4) }),
      onTime: task('Пропуск вантажу під митним контролем', { type: 'handover', accountableAgencyId: 'DMS', status: 'done', startsAt: at(0.5), endsAt: at(1.5) }),
      border: task('Прикордонний контроль водія на пункті пропуску Ягодин', { type: 'border_control', accountableAgencyId: 'DPSU', status: 'done', startsAt: at(0), endsAt: at(1) }),
      never: task('Затримання другого учасника на складі', { type: 'detention', status: 'todo', startsAt: at(6), endsAt: at(8) }),
      cancelled: task('Резервне перехоплення на об’їзній', { type: 'interception', status: 'cancelled', startsAt: at(5), endsAt: at(6) }),
    };
    actual(tasks.late, minutesAfter(at(1), 20), minutesAfter(at(4), 35));
    actual(tasks.onTime, at(0.5), at(1.5));
    actual(tasks.border, at(0), at(1));
    const log = (h: number, agencyId: string, unit: string, entry: string, taskId: string | null) => ctx.writer.create('activity_entry', randomUUID(), {
      operationId, at: at(h), agencyId, unit, author: 'черговий', taskId, entry, recordedAt: at(h),
    }, operationId);
    log(0.2, 'DPSU', 'ВПС «Ягодин»', 'Водія пропущено у звичайному порядку, документи без зауважень', tasks.border);
    log(4.5, 'NPU', 'УСР ГУНП у Волинській області', 'Вантажівка прибула на склад, розвантаження почалося', null);
    const proceedingId = randomUUID();
    ctx.writer.create('proceeding', proceedingId, {
      ...ProceedingDraft.parse({ operationId, erdrNumber: '12026031100000418', registeredOn: '2026-10-14', qualification: 'ч. 3 ст. 305 КК України', investigatingAgencyId: 'NPU' }),
      result: 'opened',
    }, operationId);
    const seizureId = randomUUID();
    ctx.writer.create('seizure', seizureId, SeizureDraft.parse({
      operationId, category: 'drugs', description: 'Кокаїн у коробках з бананами', quantity: 12.5, quantityUnit: 'кг',
      hsCode: '2939710000', estimatedValue: 4_500_000, currency: 'UAH', seizedAt: at(5), seizedByAgencyId: 'NPU', storagePlace: 'Камера схову ГУНП',
    }), operationId);
    const evidenceId = randomUUID();
    ctx.writer.create('evidence', evidenceId, EvidenceDraft.parse({
      operationId, seizureId, number: '1', description: 'Пакет з речовиною білого кольору', packaging: 'сейф-пакет', sealNumber: 'SP-0042',
      packedAt: at(5.5), packedBy: 'Бондар О. П.', packedByAgencyId: 'NPU',
    }), operationId);
    ctx.writer.create('custody_transfer', randomUUID(), {
      ...CustodyDraft.parse({ operationId, evidenceId, fromPerson: 'Бондар О. П.', toPerson: 'Експерт Шевчук', toAgencyId: 'DMS', at: at(8), sealNumber: 'SP-0042', sealIntact: false }),
      recordedBy: 'Бондар О. П.', recordedAt: at(8),
    }, operationId);
    ctx.writer.create('detention', randomUUID(), DetentionDraft.parse({
      operationId, proceedingId, basis: 'kpk_208', fullName: 'Петренко Іван Олегович', detainedAt: at(5.2), detainedBy: 'Бондар О. П.',
      detainedByAgencyId: 'NPU', place: 'Склад, Луцьк', takenTo: 'ІТТ ГУНП у Волинській області',
    }), operationId);
    ctx.writer.create('violation_protocol', randomUUID(), ProtocolDraft.parse({
      operationId, number: '0417/20500/26', drawnOn: '2026-10-14', drawnByAgencyId: 'DMS', article: 'ст. 483 МК України', offender: 'ТОВ «Фрукт-Імпорт»',
    }), operationId);
    ctx.writer.create('operation_outcome', operationId, {
      operationId, outcome: 'partial', completionReason: 'Затримання другого учасника перенесено: він не прибув на склад',
      lessons: 'Потрібен резервний канал зв’язку з пунктом пропуску.',
    }, operationId);
  });
  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_notification', fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId, subject: 'Повідомлення про виявлену контрабанду', legalBasis: 'ст. 558 МК України',
    sentAt: at(9), dueAt: at(24), acknowledgedAt: at(10),
  }));
  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_operational_info', fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId, subject: 'Інформація про вантаж', legalBasis: 'ст. 558 МК України', handlingCode: 'H1',
    sentAt: at(-30), dueAt: at(-24), acknowledgedAt: at(-20),
  }));
  insertOverride(ctx.db, {
    id: randomUUID(), conflict_key: `x:${tasks.late}`, rule: 'outside_phase_window', operation_id: operationId, task_ids: JSON.stringify([tasks.late]),
    action: 'tasks.update', reason: 'Вантажівка вийшла пізніше, спостереження подовжено', site_id: ctx.siteId, agency_id: 'NPU', unit_name: 'УСР',
    operator: 'Кравчук В. М.', created_at: at(3),
  });
  return { operationId, tasks };
}
