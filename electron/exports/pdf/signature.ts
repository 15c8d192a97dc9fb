/**
 * An approval (ЗАТВЕРДЖУЮ) or agreement (ПОГОДЖЕНО) block: the word, the position (printed when
 * known, else a line to fill in), a signature line with the name, and a date line. Signed by
 * hand on paper: Spilno prints the block, it does not pretend to sign.
 */
import { t, type Lang } from '../../../shared/i18n/index.js';
import { GREY, SIZE } from './document.js';
import type { Writer } from './writer.js';

export function drawSignatureBlock(
  w: Writer, x: number, width: number, title: string, position: string[], name: string, lang: Lang, date: string | null = null,
): void {
  const doc = w.doc;
  w.font(true, SIZE.body).doc.fillColor('black').text(title, x, doc.y, { width });
  doc.moveDown(0.2);
  const pos = position.filter((p) => p.trim() !== '').join('\n');
  if (pos) w.font(false, SIZE.body).doc.fillColor('black').text(pos, x, doc.y, { width });
  else {
    w.font(false, SIZE.body).doc.fillColor('black').text('_'.repeat(40), x, doc.y, { width });
    w.font(false, SIZE.small - 1).doc.fillColor(GREY).text(t(lang, 'brief.positionLine'), x, doc.y, { width });
  }
  doc.moveDown(0.6);
  w.font(false, SIZE.body).doc.fillColor('black').text(`${'_'.repeat(16)}  ${name || '_'.repeat(20)}`, x, doc.y, { width });
  w.font(false, SIZE.small - 1).doc.fillColor(GREY).text(t(lang, 'brief.signatureLine'), x, doc.y, { width });
  doc.moveDown(0.3);
  w.font(false, SIZE.body).doc.fillColor('black').text(date ?? t(lang, 'brief.dateLine'), x, doc.y, { width });
}
