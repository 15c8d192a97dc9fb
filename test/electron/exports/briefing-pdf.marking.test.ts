/**
 * The pack as a marked document, read back with pdftotext (an independent parser): every page
 * carries the marking and this copy's number, «ПРОЄКТ» until the operation is approved and not
 * after, the registration number; each copy names its recipient and the distribution list names
 * them all. An agency's copy leaves out the lead's need-to-know fields and the phases it does
 * not act in (the demo's border guard and the interception).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingRequest } from '../../../shared/api/exports.js';
import { AgreeRequest } from '../../../shared/api/legal.js';
import { StatusChange } from '../../../shared/api/operations.js';
import { bannedTermsIn } from '../../../shared/i18n/glossary.js';
import { t } from '../../../shared/i18n/index.js';
import { listPhases } from '../../../electron/db/repos/operations.repo.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { agree } from '../../../electron/services/legal.js';
import { exportBriefing } from '../../../electron/services/exports.js';
import { changeOperationStatus, getOperationById, updateOperation } from '../../../electron/services/operations.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';
import { pdfPages, squash, writeTemp } from './pdf-tools.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
let tc: TempContext;
let out: string;
let operationId: string;

async function copyPages(req: { agencyId?: string | null; copy?: number | null; lang?: 'uk' | 'en' }, name: string): Promise<string[]> {
  const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, ...req }));
  return pdfPages(writeTemp(out, name, r.bytes));
}

const count = (haystack: string, needle: string) => squash(haystack).split(squash(needle)).length - 1;

beforeAll(() => {
  tc = openTempContext({ now: () => NOW });
  out = tempDataDir('spilno-marking-');
  operationId = loadDemo(tc.ctx).operationId;
  updateOperation(tc.ctx, operationId, {
    registrationNumber: '45/2-ДСК',
    restrictedListItem: 'п. 2.1 Переліку відомостей НПУ, що становлять службову інформацію',
    approverPosition: 'Начальник ГУНП у Волинській області',
    approverName: 'Андрій МЕЛЬНИК',
  });
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('pack marking', () => {
  it('a draft: every page of every copy says ПРОЄКТ and carries the marking, the copy number and the registration number', async () => {
    const op = getOperationById(tc.ctx, operationId);
    expect(op.status).toBe('draft');
    // Default distribution: the file copy, then the lead, then each participant.
    const recipients = [null, 'NPU', 'DMS', 'DPSU', 'OGP', 'SBU'];
    for (const [i, agencyId] of recipients.entries()) {
      const n = i + 1;
      const pages = await copyPages({ copy: n }, `copy-${n}.pdf`);
      expect(pages.length).toBeGreaterThan(3);
      pages.forEach((page, p) => {
        const where = `copy ${n}, page ${p + 1}`;
        expect(count(page, 'ПРОЄКТ'), where).toBeGreaterThanOrEqual(1);
        // Header and footer both carry the marking with this copy's number.
        expect(count(page, `${t('uk', 'brief.marking')} · H2 · Прим. № ${n}`), where).toBeGreaterThanOrEqual(2);
        expect(count(page, 'Реєстр. № 45/2-ДСК'), where).toBeGreaterThanOrEqual(1);
        for (const other of recipients.keys()) if (other + 1 !== n) expect(count(page, `Прим. № ${other + 1}`), where).toBe(0);
      });
      const cover = squash(pages[0]!);
      expect(cover).toContain(squash('ЗАТВЕРДЖУЮ'));
      expect(cover).toContain(squash('Начальник ГУНП у Волинській області'));
      expect(cover).toContain(squash('Андрій МЕЛЬНИК'));
      expect(cover).toContain(squash('п. 2.1 Переліку відомостей НПУ, що становлять службову інформацію'));
      expect(cover).toContain(squash(agencyId === null ? 'Усі органи' : { DMS: 'ДМС — Державна митна служба', DPSU: 'ДПСУ — Державна прикордонна служба', NPU: 'НПУ — Національна поліція', OGP: 'прокуратура — Органи прокуратури', SBU: 'СБУ — Служба безпеки' }[agencyId]!));
      // The distribution list ends the document: every copy and its recipient.
      const whole = squash(pages.join('\n'));
      const last = whole.slice(whole.lastIndexOf(squash('Розрахунок розсилки')));
      expect(last.length).toBeLessThan(whole.length);
      expect(bannedTermsIn(pages.join('\n'), 'uk')).toEqual([]);
      for (const [j, a] of recipients.entries()) {
        const name = a === null ? 'у справу (увесь план)' : { DMS: 'ДМС — Державна митна служба України', DPSU: 'ДПСУ — Державна прикордонна служба України', NPU: 'НПУ — Національна поліція України', OGP: 'прокуратура — Органи прокуратури', SBU: 'СБУ — Служба безпеки України' }[a]!;
        expect(last, `list row ${j + 1}`).toContain(squash(`${j + 1} ${name}`));
      }
      // Agreement blocks: one per participating agency, none for the lead.
      expect(count(pages.join('\n'), 'ПОГОДЖЕНО')).toBe(4);
    }
  });

  it('a copy is chosen by agency or by number; a copy of another agency or off the list is refused', async () => {
    expect(count((await copyPages({ agencyId: 'DMS' }, 'dms.pdf'))[0]!, 'Прим. № 3')).toBeGreaterThanOrEqual(2);
    await expect(copyPages({ agencyId: 'DMS', copy: 4 }, 'x.pdf')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(copyPages({ copy: 7 }, 'x.pdf')).rejects.toMatchObject({ code: 'invalid_input' });
    // The planner's own list: customs gets no copy, so no customs pack can be printed.
    updateOperation(tc.ctx, operationId, { distribution: [{ agencyId: null, addressee: 'у справу' }, { agencyId: 'DPSU', addressee: 'Начальник зміни ВПС «Ягодин»' }] });
    try {
      await expect(copyPages({ agencyId: 'DMS' }, 'x.pdf')).rejects.toMatchObject({ code: 'invalid_input' });
      const pages = await copyPages({ copy: 2 }, 'dpsu-2.pdf');
      expect(squash(pages[0]!)).toContain(squash('№ 2 — Начальник зміни ВПС «Ягодин»'));
      expect(squash(pages.join('\n'))).toContain(squash('2 ДПСУ — Державна прикордонна служба України Начальник зміни ВПС «Ягодин»'));
      // A copy may go only to an agency that takes part.
      expect(() => updateOperation(tc.ctx, operationId, { distribution: [{ agencyId: 'NABU', addressee: '' }] }))
        .toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
    } finally {
      updateOperation(tc.ctx, operationId, { distribution: [] });
    }
  });

  it("the demo's border guard copy names neither the source of the intelligence nor the interception point and time; the lead's copy does", async () => {
    // The demo as loaded: its mitigation is "only the shift chief knows" at the crossing point.
    expect(getOperationById(tc.ctx, operationId).situation).not.toContain('СБУ');
    const phase = listPhases(tc.ctx.db, operationId).find((p) => p.name === 'Контроль, затримання і документування')!;
    const arrest = listTasksByOperation(tc.ctx.db, operationId).find((x) => x.type === 'detention')!;
    const kyiv = (iso: string) => new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    const border = (await copyPages({ agencyId: 'DPSU' }, 'dpsu.pdf')).join('\n');
    for (const hidden of ['За оперативною інформацією СБУ', 'Оперативна інформація Управління СБУ', 'оцінка B2', 'Контрольна точка', 'Заводська', 'Західтранслогістик', 'Ковел', 'М-07', arrest.title, 'Контроль, затримання і документування', kyiv(phase.startsAt), kyiv(arrest.startsAt), t('uk', 'brief.restricted')]) {
      expect(squash(border), hidden).not.toContain(squash(hidden));
    }
    for (const lead of [await copyPages({ agencyId: 'NPU' }, 'npu.pdf'), await copyPages({ agencyId: null }, 'all.pdf')]) {
      const text = squash(lead.join('\n'));
      for (const shown of ['Оперативна інформація Управління СБУ', 'оцінка B2', 'Контрольна точка', 'Заводська', 'Контроль, затримання і документування', kyiv(phase.startsAt)]) {
        expect(text, shown).toContain(squash(shown));
      }
    }
  });

  it('approved: ПРОЄКТ is gone from every page, the marking and copy number stay; the blocks print who approved and who agreed', async () => {
    // Each participating agency records its own agreement mark (as its unit would, then synced).
    const signers: Record<string, string> = { DMS: 'Начальник Волинської митниці', DPSU: 'Начальник Луцького прикордонного загону', OGP: 'Керівник Волинської обласної прокуратури', SBU: 'Начальник УСБУ у Волинській області' };
    for (const [agencyId, signedBy] of Object.entries(signers)) agree({ ...tc.ctx, agencyId }, AgreeRequest.parse({ operationId, signedBy }));
    changeOperationStatus(tc.ctx, StatusChange.parse({ id: operationId, to: 'planned' }));
    changeOperationStatus(tc.ctx, StatusChange.parse({ id: operationId, to: 'approved', approvedBy: 'Начальник ГУНП у Волинській області Андрій МЕЛЬНИК' }));
    for (const lang of ['uk', 'en'] as const) {
      const pages = await copyPages({ agencyId: 'DPSU', lang }, `approved-${lang}.pdf`);
      pages.forEach((page, p) => {
        expect(count(page, t(lang, 'brief.draft')), `page ${p + 1}`).toBe(0);
        expect(count(page, t(lang, 'brief.copy', { n: 4 })), `page ${p + 1}`).toBeGreaterThanOrEqual(2);
      });
      const whole = squash(pages.join('\n'));
      expect(squash(pages[0]!)).toContain(squash('Начальник ГУНП у Волинській області Андрій МЕЛЬНИК'));
      for (const signedBy of Object.values(signers)) expect(whole, signedBy).toContain(squash(signedBy));
      // The date of each mark, no blank date line left to fill.
      expect(whole).not.toContain(squash(t(lang, 'brief.dateLine')));
    }
  });
});
