import { describe, expect, it } from 'vitest';
import { PackRequest } from '../../../../shared/api/exports.js';
import { parseRecipients, planExport, type ExportChoices } from '../../../../renderer/src/features/exports/export-steps.js';

const base: ExportChoices = {
  operationId: 'op1', agencyId: 'NPU', copy: null, lang: 'en', pdf: true, ics: true, vcard: true,
  encrypt: false, recipients: '',
};
const R1 = `age1${'q'.repeat(58)}`;
const R2 = `age1${'p'.repeat(58)}`;

describe('export plan', () => {
  it('one step per chosen file, each scoped to the recipient agency when there is one', () => {
    expect(planExport(base)).toEqual([
      { kind: 'pdf', request: { operationId: 'op1', agencyId: 'NPU', lang: 'en', copy: null } },
      { kind: 'ics', request: { operationId: 'op1', lang: 'en', scope: { kind: 'agency', agencyId: 'NPU' } } },
      { kind: 'vcard', request: { operationId: 'op1', agencyId: 'NPU', lang: 'en' } },
    ]);
    expect(planExport({ ...base, agencyId: null }).find((s) => s.kind === 'ics')!.request)
      .toMatchObject({ scope: { kind: 'operation' } });
    expect(planExport({ ...base, pdf: false, ics: false, vcard: false })).toEqual([]);
  });

  it('prints the numbered copy chosen on the distribution list, in the PDF and in the sealed pack', () => {
    expect(planExport({ ...base, copy: 3 }).find((s) => s.kind === 'pdf')!.request).toMatchObject({ copy: 3 });
    const sealed = planExport({ ...base, copy: 3, encrypt: true, recipients: R1 })[0]!;
    expect(PackRequest.parse(sealed.request)).toMatchObject({ copy: 3, agencyId: 'NPU' });
  });

  it('encryption turns the plan into one pack step whose request the contract accepts', () => {
    const steps = planExport({ ...base, encrypt: true, vcard: false, recipients: `${R1}\n  ${R2}, ` });
    expect(steps).toHaveLength(1);
    expect(steps[0]!.kind).toBe('pack');
    const parsed = PackRequest.parse(steps[0]!.request);
    expect(parsed).toMatchObject({ agencyId: 'NPU', includeIcs: true, includeVcard: false, copy: null, recipients: [R1, R2] });
    expect(parseRecipients(' \n')).toEqual([]);
  });
});
