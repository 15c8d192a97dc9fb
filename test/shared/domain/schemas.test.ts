import { describe, expect, it } from 'vitest';
import { OperationDraft } from '../../../shared/domain/operation.js';
import { TaskDraft } from '../../../shared/domain/task.js';
import { ExchangeDraft, exchangeState } from '../../../shared/domain/exchange.js';
import { Subject } from '../../../shared/domain/subject.js';
import { allowedNextStatuses, transitionKind } from '../../../shared/domain/lifecycle.js';
import { patchOf } from '../../../shared/domain/common.js';
import { z } from 'zod';

const baseOp = {
  codeName: 'ТЕСТ', type: 'joint_search', leadAgencyId: 'DMS',
  startsAt: '2026-12-01T08:00:00+02:00', endsAt: '2026-12-01T18:00:00+02:00',
  legalBasis: 'ст. 558 МКУ',
};

function issueMessages(r: { success: boolean; error?: z.ZodError }): string[] {
  return r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);
}

describe('OperationDraft', () => {
  it('normalises instants to UTC and fills defaults', () => {
    const op = OperationDraft.parse(baseOp);
    expect(op.startsAt).toBe('2026-12-01T06:00:00.000Z');
    expect(op.handlingCode).toBe('H2');
    expect(op.timeZone).toBe('Europe/Kyiv');
    expect(op.formality).toBe('formal');
  });

  it('requires a legal basis for a formal operation, not for an informal one', () => {
    const formal = OperationDraft.safeParse({ ...baseOp, legalBasis: '  ' });
    expect(issueMessages(formal)).toContain('legalBasis:v.legalBasisRequired');
    expect(OperationDraft.safeParse({ ...baseOp, legalBasis: '', formality: 'informal' }).success).toBe(true);
  });

  it('requires a note for handling code H3', () => {
    expect(issueMessages(OperationDraft.safeParse({ ...baseOp, handlingCode: 'H3' })))
      .toContain('handlingNote:v.handlingNoteRequired');
    expect(OperationDraft.safeParse({ ...baseOp, handlingCode: 'H3', handlingNote: 'лише для НПУ' }).success).toBe(true);
  });

  it('rejects a window that ends before it starts, and an unknown time zone', () => {
    expect(issueMessages(OperationDraft.safeParse({ ...baseOp, endsAt: '2026-12-01T07:00:00+02:00' })))
      .toContain('endsAt:v.endBeforeStart');
    expect(issueMessages(OperationDraft.safeParse({ ...baseOp, timeZone: 'Mars/Olympus' })))
      .toContain('timeZone:v.timeZone');
  });

  it('validates subjects of interest by their check digits', () => {
    const bad = OperationDraft.safeParse({ ...baseOp, subjects: [{ kind: 'container', number: 'CSQU3054384' }] });
    expect(issueMessages(bad)).toContain('subjects.0.number:v.containerNumber');
    const good = OperationDraft.parse({ ...baseOp, subjects: [{ kind: 'container', number: 'csqu 305438-3' }] });
    expect(good.subjects[0]).toMatchObject({ kind: 'container', number: 'CSQU3054383' });
    expect(Subject.safeParse({ kind: 'company', name: 'ПриватБанк', edrpou: '14360570' }).success).toBe(true);
    expect(Subject.safeParse({ kind: 'company', name: 'X', edrpou: '14360571' }).success).toBe(false);
    expect(Subject.safeParse({ kind: 'vehicle', plate: '', vin: '' }).success).toBe(false);
  });
});

describe('TaskDraft', () => {
  const task = {
    operationId: 'op1', title: 'Обшук', type: 'search', accountableAgencyId: 'NPU',
    startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T10:00:00Z',
  };
  it('accepts a minimal task and rejects an inverted window', () => {
    expect(TaskDraft.parse(task).status).toBe('todo');
    expect(TaskDraft.safeParse({ ...task, endsAt: task.startsAt }).success).toBe(false);
  });
  it('allows a task without an accountable agency (the scheduler flags it) but not a missing field', () => {
    expect(TaskDraft.safeParse({ ...task, accountableAgencyId: null }).success).toBe(true);
    const { accountableAgencyId: _a, ...withoutAgency } = task;
    expect(TaskDraft.safeParse(withoutAgency).success).toBe(false);
  });
});

describe('ExchangeDraft', () => {
  const entry = { kind: 'art558_notification', fromAgencyId: 'DMS', toAgencyId: 'NPU', subject: 'Повідомлення', legalBasis: 'ч. 2 ст. 558 МКУ' };
  it('refuses the same sender and recipient', () => {
    expect(issueMessages(ExchangeDraft.safeParse({ ...entry, toAgencyId: 'DMS' }))).toContain('toAgencyId:v.sameAgency');
  });
  it('computes overdue from due time and acknowledgement', () => {
    const now = new Date('2026-12-02T00:00:00Z');
    const e = ExchangeDraft.parse({ ...entry, dueAt: '2026-12-01T00:00:00Z' });
    expect(exchangeState(e, now)).toBe('overdue');
    expect(exchangeState({ ...e, sentAt: '2026-11-30T00:00:00.000Z' }, now)).toBe('overdue');
    expect(exchangeState({ ...e, acknowledgedAt: '2026-11-30T01:00:00.000Z' }, now)).toBe('acknowledged');
    expect(exchangeState({ ...e, dueAt: '2026-12-03T00:00:00.000Z' }, now)).toBe('planned');
  });
});

describe('lifecycle', () => {
  it('moves forward one step, aborts from any open state, reopens backwards', () => {
    expect(transitionKind('draft', 'planned')).toBe('forward');
    expect(transitionKind('draft', 'approved')).toBeNull();
    expect(transitionKind('active', 'aborted')).toBe('abort');
    expect(transitionKind('completed', 'aborted')).toBeNull();
    expect(transitionKind('approved', 'draft')).toBe('reopen');
    expect(transitionKind('aborted', 'planned')).toBe('reopen');
    expect(allowedNextStatuses('briefed')).toEqual(['draft', 'planned', 'approved', 'active', 'aborted']);
    expect(allowedNextStatuses('completed')).toEqual([]);
  });
});

describe('patchOf', () => {
  it('leaves omitted fields alone instead of applying defaults, and rejects unknown keys', () => {
    const P = patchOf({ a: z.string().default('x'), b: z.number() });
    expect(P.parse({})).toEqual({});
    expect(P.safeParse({ c: 1 }).success).toBe(false);
  });
});
