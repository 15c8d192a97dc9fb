/**
 * The legal domain: an operation's criminal proceedings, procedural roles, decisions register,
 * agreement marks and international cooperation, and the installation's marking ceiling.
 */
import { z } from 'zod';
import { Id, RequiredText, Text } from '../domain/common.js';
import { Ceiling } from '../domain/enums.js';
import {
  Agreement, Decision, DecisionDraft, DecisionPatchFields, InternationalDraft, InternationalItem,
  InternationalPatchFields, LegalSpine, OperationRole, Proceeding, ProceedingDraft, ProceedingPatchFields,
  RoleDraft, RolePatchFields,
} from '../domain/legal.js';
import { defineDomain } from './contract.js';

const ByOperation = z.object({ operationId: Id });
const ById = z.object({ id: Id });

export const AgreeRequest = z.object({
  operationId: Id,
  /** Position, rank and name of who agrees for this unit's agency. */
  signedBy: RequiredText(300),
  note: Text(500).default(''),
});

export const LegalSettings = z.object({
  /** The highest marking this installation lets anyone enter (never above «ДСК»). */
  ceiling: Ceiling,
});
export type LegalSettings = z.infer<typeof LegalSettings>;

export const legalApi = defineDomain({
  get: { input: ByOperation, output: LegalSpine },
  addProceeding: { input: ProceedingDraft, output: Proceeding },
  updateProceeding: { input: z.object({ id: Id, patch: ProceedingPatchFields }), output: Proceeding },
  removeProceeding: { input: ById, output: ById },
  addRole: { input: RoleDraft, output: OperationRole },
  updateRole: { input: z.object({ id: Id, patch: RolePatchFields }), output: OperationRole },
  removeRole: { input: ById, output: ById },
  addDecision: { input: DecisionDraft, output: Decision },
  updateDecision: { input: z.object({ id: Id, patch: DecisionPatchFields }), output: Decision },
  removeDecision: { input: ById, output: ById },
  agree: { input: AgreeRequest, output: Agreement },
  withdrawAgreement: { input: ById, output: ById },
  addInternational: { input: InternationalDraft, output: InternationalItem },
  updateInternational: { input: z.object({ id: Id, patch: InternationalPatchFields }), output: InternationalItem },
  removeInternational: { input: ById, output: ById },
  getSettings: { input: z.object({}).default({}), output: LegalSettings },
  setSettings: { input: LegalSettings, output: LegalSettings },
});
