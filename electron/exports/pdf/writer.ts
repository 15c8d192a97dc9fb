/**
 * Flowing content on pages: headings that never end a page alone, paragraphs, label–value
 * fields, bullet lists and tables. Layout policy:
 * - a table row is measured before it is drawn and moves whole to the next page, which repeats
 *   the table's header; a row taller than a whole page continues line by line on the next ones;
 * - a new page may be landscape (a timeline, a map) and the content width follows the page.
 */
import { GREY, HEADER_FILL, PAGE, RULE, SIZE, type Doc } from './document.js';

/** A table cell: plain text, or a bold first part (a task title) above regular text. */
export type Cell = string | { head: string; body: string };

export interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
}

export class Writer {
  readonly left = PAGE.margin;
  constructor(readonly doc: Doc) {}
  /** The content width of the current page (portrait or landscape). */
  get width(): number {
    return this.doc.page.width - 2 * PAGE.margin;
  }
  get top(): number {
    return PAGE.top;
  }
  get bottom(): number {
    return this.doc.page.height - PAGE.bottom;
  }
  font(bold: boolean, size: number): this {
    this.doc.font(bold ? 'bold' : 'regular').fontSize(size);
    return this;
  }
  /** A new page, A4 portrait unless asked for landscape; content starts under the header. */
  newPage(layout: 'portrait' | 'landscape' = 'portrait'): void {
    if (layout === 'portrait') this.doc.addPage();
    else {
      this.doc.addPage({
        size: 'A4', layout, margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
      });
    }
    this.doc.x = this.left;
    this.doc.y = PAGE.top;
  }
  /** Starts a new page unless `height` points still fit on this one. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }
  /**
   * Headings wait for the content under them: `flush` draws them together with room for the
   * first piece of that content, so a heading never ends a page alone.
   */
  private pending: { text: string; level: 1 | 2 | 3 }[] = [];
  h1(text: string): void {
    this.pending.push({ text, level: 1 });
  }
  h2(text: string): void {
    this.pending.push({ text, level: 2 });
  }
  /** A small bold caption over a table or list. */
  h3(text: string): void {
    this.pending.push({ text, level: 3 });
  }
  private headingStyle(level: 1 | 2 | 3): { size: number; before: number; after: number } {
    return level === 1 ? { size: SIZE.h1, before: 0.6, after: 0.4 }
      : level === 2 ? { size: SIZE.h2, before: 0.3, after: 0.25 }
        : { size: SIZE.body, before: 0.2, after: 0.2 };
  }
  /** Draws pending headings, moving to a new page first unless they and `need` points fit. */
  flush(need: number): void {
    if (this.pending.length === 0) {
      this.ensure(need);
      return;
    }
    let total = need;
    for (const hd of this.pending) {
      const st = this.headingStyle(hd.level);
      this.font(true, st.size);
      const line = this.doc.currentLineHeight(true);
      total += this.doc.heightOfString(hd.text, { width: this.width }) + (st.before + st.after) * line;
    }
    if (this.doc.y + total > this.bottom) this.newPage();
    for (const hd of this.pending.splice(0)) {
      const st = this.headingStyle(hd.level);
      this.font(true, st.size);
      if (this.doc.y > PAGE.top + 1) this.doc.moveDown(st.before);
      this.doc.fillColor('black').text(hd.text, this.left, this.doc.y, { width: this.width });
      this.doc.moveDown(st.after);
    }
  }
  para(text: string, empty: string, opts: { small?: boolean } = {}): void {
    const shown = text.trim() === '' ? empty : text;
    this.font(false, opts.small ? SIZE.small : SIZE.body);
    const line = this.doc.currentLineHeight(true);
    this.flush(Math.min(3 * line, this.doc.heightOfString(shown, { width: this.width, lineGap: 1.5 })));
    this.font(false, opts.small ? SIZE.small : SIZE.body);
    this.doc.fillColor(text.trim() === '' || opts.small ? GREY : 'black')
      .text(shown, this.left, this.doc.y, { width: this.width, lineGap: 1.5 });
    this.doc.moveDown(0.4);
  }
  field(label: string, value: string): void {
    this.font(true, SIZE.body);
    const lw = 130;
    const h = Math.max(
      this.doc.heightOfString(label, { width: lw - 6 }),
      this.font(false, SIZE.body).doc.heightOfString(value || '—', { width: this.width - lw }),
    );
    this.flush(h + 2);
    const y = this.doc.y;
    this.font(true, SIZE.body).doc.fillColor(GREY).text(label, this.left, y, { width: lw - 6 });
    this.font(false, SIZE.body).doc.fillColor('black').text(value || '—', this.left + lw, y, { width: this.width - lw });
    this.doc.y = y + h + 3;
  }
  bullets(lines: string[]): void {
    for (const line of lines) {
      this.font(false, SIZE.body);
      const h = this.doc.heightOfString(line, { width: this.width - 12 });
      this.flush(Math.min(h, 60));
      this.font(false, SIZE.body);
      const y = this.doc.y;
      this.doc.fillColor('black').text('•', this.left, y, { width: 10 });
      this.doc.text(line, this.left + 12, y, { width: this.width - 12 });
      this.doc.moveDown(0.15);
    }
    this.doc.moveDown(0.3);
  }

  /**
   * A table whose rows never split across pages: each row is measured first and, when it does
   * not fit, goes to a new page under a repeated header.
   */
  table(columns: Column[], rows: Cell[][], opts: { bold?: (row: number) => boolean; size?: number } = {}): void {
    const doc = this.doc;
    const size = opts.size ?? SIZE.table;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const textHeight = (text: string, i: number, bold: boolean) => {
      this.font(bold, size);
      return text === '' ? 0 : doc.heightOfString(text, { width: widths[i]! - 2 * pad });
    };
    const cellHeight = (cell: Cell, i: number, bold: boolean) => typeof cell === 'string'
      ? textHeight(cell, i, bold)
      : textHeight(cell.head, i, true) + textHeight(cell.body, i, bold);

    const headerH = Math.max(...columns.map((c, i) => textHeight(c.header, i, true))) + 2 * pad;
    const drawHeader = () => {
      const y = doc.y;
      doc.rect(this.left, y, this.width, headerH).fill(HEADER_FILL);
      this.font(true, size).doc.fillColor('black');
      columns.forEach((c, i) => doc.text(c.header, xs[i]! + pad, y + pad, { width: widths[i]! - 2 * pad }));
      doc.moveTo(this.left, y + headerH).lineTo(this.left + this.width, y + headerH).lineWidth(0.6).stroke(RULE);
      doc.y = y + headerH;
    };
    // A row up to a full page below the header moves whole; taller rows are split (drawSplitRow).
    const maxRowH = this.bottom - PAGE.top - headerH - 4;
    const drawText = (text: string, i: number, y: number, bold: boolean, room: number) => {
      if (text === '' || room < size) return 0;
      this.font(bold, size);
      const h = Math.min(room, doc.heightOfString(text, { width: widths[i]! - 2 * pad }));
      doc.text(text, xs[i]! + pad, y, { width: widths[i]! - 2 * pad, height: room + 0.5, ellipsis: true });
      return h;
    };

    /**
     * A row taller than a whole page continues on the next ones: each cell's lines are dealt
     * out page by page (a cell's paragraphs stay whole unless one alone outgrows the page, which
     * then ends with an ellipsis), under the repeated header.
     */
    const drawSplitRow = (row: Cell[], bold: boolean) => {
      const queues = row.map((cell) => (typeof cell === 'string' ? [{ text: cell, bold }] : [{ text: cell.head, bold: true }, { text: cell.body, bold }])
        .flatMap((part) => part.text.split('\n').map((line) => ({ text: line, bold: part.bold }))));
      while (queues.some((q) => q.length > 0)) {
        if (this.bottom - doc.y < 4 * lineH + 2 * pad) {
          this.newPage();
          drawHeader();
        }
        const y = doc.y;
        const room = this.bottom - y - 2 * pad;
        let used = 0;
        queues.forEach((q, i) => {
          let cy = 0;
          while (q.length > 0) {
            const line = q[0]!;
            this.font(line.bold, size);
            const lh = line.text === '' ? lineH : doc.heightOfString(line.text, { width: widths[i]! - 2 * pad });
            if (cy + lh > room && cy > 0) break;
            q.shift();
            cy += drawText(line.text === '' ? ' ' : line.text, i, y + pad + cy, line.bold, room - cy);
          }
          used = Math.max(used, cy);
        });
        const h = used + 2 * pad;
        doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.3).stroke(RULE);
        doc.y = y + h;
        if (queues.some((q) => q.length > 0)) {
          this.newPage();
          drawHeader();
        }
      }
    };

    const firstH = rows.length === 0 ? 0
      : Math.min(maxRowH, Math.max(...rows[0]!.map((cell, i) => cellHeight(cell, i, opts.bold?.(0) ?? false))) + 2 * pad);
    this.flush(headerH + firstH);
    drawHeader();
    // Measuring a cell costs a full text layout. A row whose generous upper bound (every
    // character twice as wide as DejaVu's widest) fits on the page is drawn straight away and
    // measured by where its text ended; only rows near the page end are measured first.
    const lineH = this.font(true, size).doc.currentLineHeight(true);
    const upperBound = (cell: Cell, i: number) => {
      const text = typeof cell === 'string' ? cell : `${cell.head}\n${cell.body}`;
      const perLine = (widths[i]! - 2 * pad) / (2 * size);
      let lines = 0;
      for (const part of text.split('\n')) lines += Math.max(1, Math.ceil(part.length / perLine));
      return lines * lineH + 2 * pad;
    };
    rows.forEach((row, r) => {
      const bold = opts.bold?.(r) ?? false;
      const bound = Math.max(...row.map(upperBound));
      if (bound <= maxRowH && doc.y + bound <= this.bottom) {
        const y = doc.y;
        let end = y + pad;
        doc.fillColor('black');
        row.forEach((cell, i) => {
          const parts: [string, boolean][] = typeof cell === 'string' ? [[cell, bold]] : [[cell.head, true], [cell.body, bold]];
          let cy = y + pad;
          for (const [text, b] of parts) {
            if (text === '') continue;
            this.font(b, size);
            doc.text(text, xs[i]! + pad, cy, { width: widths[i]! - 2 * pad });
            cy = doc.y;
          }
          end = Math.max(end, cy);
        });
        const h = end - y + pad;
        doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.3).stroke(RULE);
        doc.y = y + h;
        return;
      }
      const full = Math.max(...row.map((cell, i) => cellHeight(cell, i, bold))) + 2 * pad;
      if (full > maxRowH) {
        drawSplitRow(row, bold);
        return;
      }
      const h = full;
      if (doc.y + h > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const y = doc.y;
      doc.fillColor('black');
      row.forEach((cell, i) => {
        const room = h - 2 * pad;
        if (typeof cell === 'string') drawText(cell, i, y + pad, bold, room);
        else {
          const used = drawText(cell.head, i, y + pad, true, room);
          drawText(cell.body, i, y + pad + used, bold, room - used);
        }
      });
      doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.3).stroke(RULE);
      doc.y = y + h;
    });
    doc.x = this.left;
    doc.y += 8;
  }
}
