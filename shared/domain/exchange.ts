/**
 * The exchange log: what Article 558 obliges customs and law-enforcement bodies to send each
 * other, and every other exchange the six forms of interaction produce. A mandatory entry that
 * was not sent, or not acknowledged by its due time, is overdue and must stand out.
 */
import { z } from 'zod';
import { Id, Instant, MultilineText, RequiredText, Text, patchOf } from './common.js';
import {
  ExchangeKind, Formality, HandlingCode, InfoAccuracy, InteractionForm, MANDATORY_EXCHANGE_KINDS,
  SourceReliability,
} from './enums.js';

const exchangeFields = {
  kind: ExchangeKind,
  form: InteractionForm.default('information_exchange'),
  formality: Formality.default('formal'),
  legalBasis: MultilineText(1000).default(''),
  fromAgencyId: Id,
  toAgencyId: Id,
  operationId: Id.nullable().default(null),
  subject: RequiredText(300),
  body: MultilineText(8000).default(''),
  handlingCode: HandlingCode.default('H2'),
  handlingNote: Text(500).default(''),
  sourceReliability: SourceReliability.default('X'),
  infoAccuracy: InfoAccuracy.default('4'),
  sentAt: Instant.nullable().default(null),
  dueAt: Instant.nullable().default(null),
  acknowledgedAt: Instant.nullable().default(null),
};

type ExchangeRuleInput = {
  formality: string; legalBasis: string; fromAgencyId: string; toAgencyId: string;
  handlingCode: string; handlingNote: string;
};
function checkExchangeRules(v: ExchangeRuleInput, ctx: z.RefinementCtx): void {
  if (v.formality === 'formal' && v.legalBasis.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'v.legalBasisRequired' });
  }
  if (v.fromAgencyId === v.toAgencyId) {
    ctx.addIssue({ code: 'custom', path: ['toAgencyId'], message: 'v.sameAgency' });
  }
  if (v.handlingCode === 'H3' && v.handlingNote.trim() === '') {
    ctx.addIssue({ code: 'custom', path: ['handlingNote'], message: 'v.handlingNoteRequired' });
  }
}

export const ExchangePatchFields = patchOf(exchangeFields);
export type ExchangePatchFields = z.input<typeof ExchangePatchFields>;

export const ExchangeDraft = z.object(exchangeFields).superRefine(checkExchangeRules);
export type ExchangeDraft = z.output<typeof ExchangeDraft>;
export type ExchangeDraftInput = z.input<typeof ExchangeDraft>;

export const ExchangeEntry = z
  .object({ ...exchangeFields, id: Id, createdAt: Instant })
  .superRefine(checkExchangeRules);
export type ExchangeEntry = z.output<typeof ExchangeEntry>;

export function isMandatoryExchange(kind: ExchangeKind): boolean {
  return MANDATORY_EXCHANGE_KINDS.includes(kind);
}

export type ExchangeState = 'planned' | 'sent' | 'acknowledged' | 'overdue';

/**
 * Where an entry stands at `now`. Overdue means: due time passed and it is still unsent, or
 * sent but not acknowledged (a notification nobody confirmed has not done its legal job).
 */
export function exchangeState(
  e: Pick<ExchangeEntry, 'sentAt' | 'dueAt' | 'acknowledgedAt'>,
  now: Date,
): ExchangeState {
  if (e.acknowledgedAt) return 'acknowledged';
  if (e.dueAt && new Date(e.dueAt).getTime() < now.getTime()) return 'overdue';
  return e.sentAt ? 'sent' : 'planned';
}
