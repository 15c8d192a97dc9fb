/** Consignments, results and evidence of an operation, and its links to other operations. */
import { z } from 'zod';
import { Id } from '../domain/common.js';
import {
  Consignment, ConsignmentDraft, ConsignmentPatchFields, CustodyDraft, CustodyTransfer, Detention, DetentionDraft,
  DetentionPatchFields, EvidenceDraft, EvidenceItem, EvidencePatchFields, OperationOutcome, OperationResults, OutcomePatch,
  ProtocolDraft, ProtocolPatchFields, Seizure, SeizureDraft, SeizurePatchFields, ViolationProtocol,
} from '../domain/results.js';
import { defineDomain } from './contract.js';

const ByOperation = z.object({ operationId: Id });
const ById = z.object({ id: Id });

export const CustodyChainView = z.object({
  evidenceId: Id,
  steps: z.array(CustodyTransfer),
  holder: z.string(),
  seal: z.string(),
  warnings: z.array(z.object({
    kind: z.enum(['gap', 'seal_broken', 'seal_changed', 'out_of_order']),
    evidenceId: Id, transferId: Id, expected: z.string(), found: z.string(),
  })),
});

export const SubjectLinkView = z.object({
  key: z.string(), kind: z.string(), value: z.string(), operationIds: z.array(Id),
  operations: z.array(z.object({ id: Id, codeName: z.string(), status: z.string() })),
});

export const resultsApi = defineDomain({
  get: { input: ByOperation, output: OperationResults },
  getCustodyChains: { input: ByOperation, output: z.array(CustodyChainView) },
  listLinks: { input: ByOperation, output: z.array(SubjectLinkView) },
  addConsignment: { input: ConsignmentDraft, output: Consignment },
  updateConsignment: { input: z.object({ id: Id, patch: ConsignmentPatchFields }), output: Consignment },
  removeConsignment: { input: ById, output: ById },
  addSeizure: { input: SeizureDraft, output: Seizure },
  updateSeizure: { input: z.object({ id: Id, patch: SeizurePatchFields }), output: Seizure },
  removeSeizure: { input: ById, output: ById },
  addEvidence: { input: EvidenceDraft, output: EvidenceItem },
  updateEvidence: { input: z.object({ id: Id, patch: EvidencePatchFields }), output: EvidenceItem },
  removeEvidence: { input: ById, output: ById },
  recordCustody: { input: CustodyDraft, output: CustodyTransfer },
  addDetention: { input: DetentionDraft, output: Detention },
  updateDetention: { input: z.object({ id: Id, patch: DetentionPatchFields }), output: Detention },
  removeDetention: { input: ById, output: ById },
  addProtocol: { input: ProtocolDraft, output: ViolationProtocol },
  updateProtocol: { input: z.object({ id: Id, patch: ProtocolPatchFields }), output: ViolationProtocol },
  removeProtocol: { input: ById, output: ById },
  setOutcome: { input: OutcomePatch, output: OperationOutcome },
});
