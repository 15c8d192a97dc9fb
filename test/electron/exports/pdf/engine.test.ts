import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdf } from '../../../../electron/exports/pdf/document.js';
import { arrow, box, diamond, label, linearScale } from '../../../../electron/exports/pdf/draw.js';
import { drawPageMarking } from '../../../../electron/exports/pdf/marking.js';
import { Writer } from '../../../../electron/exports/pdf/writer.js';
import { tempDataDir } from '../../../helpers/temp-context.js';
import { pdfPages, pdfWords, renderPngs, squash, writeTemp } from '../pdf-tools.js';

const out = tempDataDir('spilno-pdf-engine-');
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('PDF engine', () => {
  it('marks every page, portrait and landscape, with the copy number, draft stamp and page of pages', async () => {
    const { doc, finish } = createPdf({ title: 'Тест', subject: 'ДСК', createdAt: new Date('2026-12-07T00:00:00Z') });
    const w = new Writer(doc);
    w.h1('Розділ перший');
    w.para('Ґанок, їжак, Євген: українські літери.', '—');
    w.table([{ header: 'Орган', width: 0.3 }, { header: 'Завдання', width: 0.7 }], [['ДПСУ', { head: 'Огляд', body: 'Пункт пропуску' }]]);
    const portraitWidth = w.width;
    w.newPage('landscape');
    expect(w.width).toBeGreaterThan(portraitWidth);
    expect(doc.page.width).toBeGreaterThan(doc.page.height);
    const x = linearScale(0, 10, w.left, w.left + w.width);
    box(doc, x(1), 120, x(4) - x(1), 12, { fill: '#1f77b4' });
    arrow(doc, [{ x: x(4), y: 126 }, { x: x(5), y: 126 }, { x: x(5), y: 150 }], { color: '#333333', width: 0.8 });
    diamond(doc, { x: x(6), y: 150 }, 5, { fill: '#b00020' });
    doc.font('regular').fontSize(8).fillColor('black');
    expect(label(doc, 'Дуже довга назва завдання, що не влазить у рамку', x(1), 100, 60)).toMatch(/…$/);
    drawPageMarking(doc, {
      marking: ['ДЛЯ СЛУЖБОВОГО КОРИСТУВАННЯ', 'H2', 'Прим. № 3'],
      label: 'ЯНТАР · НПУ',
      watermark: 'НПУ',
      draft: 'ПРОЄКТ',
      footnote: '',
      pageOf: (a, b) => `Аркуш ${a} з ${b}`,
    });
    const file = writeTemp(out, 'engine.pdf', await finish());
    const pages = pdfPages(file);
    expect(pages).toHaveLength(2);
    pages.forEach((page, i) => {
      const text = squash(page);
      expect(text.split(squash('ДЛЯ СЛУЖБОВОГО КОРИСТУВАННЯ · H2 · Прим. № 3')).length - 1).toBe(2);
      expect(text).toContain('ПРОЄКТ');
      expect(text).toContain(squash(`Аркуш ${i + 1} з 2`));
    });
    expect(squash(pages[0]!)).toContain(squash('Ґанок, їжак, Євген: українські літери.'));
    const words = pdfWords(file).filter((word) => word.page === 2);
    expect(words.length).toBeGreaterThan(0);
    expect(renderPngs(file, out)).toHaveLength(2);
  });
});
