/**
 * What the export dialog will do for a set of choices, as an ordered list of API calls: one
 * step per file, or — when the pack is to be encrypted — one step that builds and encrypts the
 * whole pack on the main side (plaintext files never reach the renderer then). Pure, so the
 * plan is tested without a browser.
 */
import type { BriefingRequest, PackRequest } from '../../../../shared/api/exports.js';
import type { Lang } from '../../../../shared/i18n/index.js';

export interface ExportChoices {
  operationId: string;
  /** null = all agencies (the coordinator's pack). */
  agencyId: string | null;
  /** The numbered copy on the distribution list; null = the first copy for `agencyId`. */
  copy: number | null;
  lang: Lang;
  pdf: boolean;
  /** For a recipient agency, every file is that agency's view (shared/visibility/rule.ts). */
  ics: boolean;
  vcard: boolean;
  encrypt: boolean;
  /** Raw text, one age recipient per line. */
  recipients: string;
}

export type ExportStep =
  | { kind: 'pdf'; request: BriefingRequest }
  | { kind: 'ics'; request: { operationId: string; lang: Lang; scope: { kind: 'operation' } | { kind: 'agency'; agencyId: string } } }
  | { kind: 'vcard'; request: { operationId: string; agencyId: string | null; lang: Lang } }
  | { kind: 'pack'; request: PackRequest };

export function parseRecipients(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => s !== '');
}

export function planExport(c: ExportChoices): ExportStep[] {
  const { operationId, lang } = c;
  if (c.encrypt) {
    return [{
      kind: 'pack',
      request: { operationId, agencyId: c.agencyId, lang, includeIcs: c.ics, includeVcard: c.vcard, copy: c.copy, recipients: parseRecipients(c.recipients) },
    }];
  }
  const steps: ExportStep[] = [];
  if (c.pdf) steps.push({ kind: 'pdf', request: { operationId, agencyId: c.agencyId, lang, copy: c.copy } });
  if (c.ics) {
    const scope = c.agencyId !== null
      ? { kind: 'agency' as const, agencyId: c.agencyId }
      : { kind: 'operation' as const };
    steps.push({ kind: 'ics', request: { operationId, lang, scope } });
  }
  if (c.vcard) steps.push({ kind: 'vcard', request: { operationId, agencyId: c.agencyId, lang } });
  return steps;
}
