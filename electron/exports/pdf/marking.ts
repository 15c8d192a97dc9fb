/**
 * The marking on every page of a Spilno document, written once all pages exist: the national
 * marking, handling code and copy number in the header and the footer, the document's label
 * (code name · recipient) top right, the recipient as a faint diagonal watermark, «ПРОЄКТ»
 * stamped at the top until the plan is approved, the registration number and "X of Y" in the
 * footer. A page torn out of a document still says what it is, whose, and which copy.
 */
import { DRAFT_RED, GREY, PAGE, RULE, SIZE, type Doc } from './document.js';

export interface PageMarking {
  /** Parts joined with « · » — the marking, the handling code, the copy number; empty parts dropped. */
  marking: string[];
  /** Top right, e.g. the code name and the recipient. */
  label: string;
  /** Drawn diagonally across every page. */
  watermark: string;
  /** The draft stamp (e.g. «ПРОЄКТ»), or null once approved. */
  draft: string | null;
  /** Footer, centre right (the registration number), or ''. */
  footnote: string;
  /** "page x of y" in the document's language. */
  pageOf(x: number, y: number): string;
}

export function drawPageMarking(doc: Doc, spec: PageMarking): void {
  const range = doc.bufferedPageRange();
  const marking = spec.marking.filter(Boolean).join(' · ');
  const { watermark, draft, footnote: reg } = spec;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    const left = PAGE.margin;
    const right = width - PAGE.margin;

    doc.save();
    doc.font('bold');
    const diagonal = Math.hypot(width, height) * 0.6;
    const size = Math.min(110, diagonal / Math.max(1, doc.fontSize(1).widthOfString(watermark)));
    doc.fontSize(size).fillColor('#000000').fillOpacity(0.07);
    doc.rotate(-Math.atan2(height, width) * 180 / Math.PI, { origin: [width / 2, height / 2] });
    doc.text(watermark, width / 2 - doc.widthOfString(watermark) / 2, height / 2 - size / 2, { lineBreak: false });
    doc.restore();

    doc.fillOpacity(1).fillColor(GREY).font('bold').fontSize(SIZE.small);
    doc.text(marking, left, 26, { lineBreak: false });
    doc.font('regular');
    doc.text(spec.label, right - doc.widthOfString(spec.label), 26, { lineBreak: false });
    doc.moveTo(left, 38).lineTo(right, 38).lineWidth(0.4).stroke(RULE);
    if (draft !== null) {
      doc.font('bold').fontSize(SIZE.h2);
      const dw = doc.widthOfString(draft);
      const dx = width / 2 - dw / 2;
      doc.rect(dx - 5, 9, dw + 10, 16).lineWidth(1).stroke(DRAFT_RED);
      doc.fillColor(DRAFT_RED).text(draft, dx, 12, { lineBreak: false });
      doc.fillColor(GREY).fontSize(SIZE.small);
    }

    const fy = height - 40;
    doc.moveTo(left, fy - 6).lineTo(right, fy - 6).lineWidth(0.4).stroke(RULE);
    doc.font('bold').text(marking, left, fy, { lineBreak: false });
    if (reg) {
      doc.font('regular');
      doc.text(reg, width / 2 - doc.widthOfString(reg) / 2 + 40, fy, { lineBreak: false });
    }
    const page = spec.pageOf(i - range.start + 1, range.count);
    doc.font('regular').text(page, right - doc.widthOfString(page), fy, { lineBreak: false });
  }
}
