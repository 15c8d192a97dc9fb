/**
 * The briefing pack as a PDF, drawn from the data (never a screenshot) so it reads on paper and
 * its text can be searched and checked. Layout policy:
 * - every page carries the national marking and the handling code in its header and footer, and
 *   the recipient as a watermark: a page torn out of the pack still says what it is and whose;
 * - page numbers "X of Y" are written after all pages exist (bufferPages);
 * - a table row is measured before it is drawn and moves whole to the next page, which repeats
 *   the table's header; a row taller than a whole page continues line by line on the next ones;
 * - all times are in the operation's time zone, stated on the cover.
 * DejaVu Sans is embedded because the standard PDF fonts have no Cyrillic.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { t, tDynamic, type Lang } from '../../shared/i18n/index.js';
import { agencyShort } from '../../shared/domain/directory.js';
import type { Task } from '../../shared/domain/task.js';
import { describeConflict } from '../../shared/scheduling/describe.js';
import { redactHidden, type BriefingModel } from './briefing-model.js';

type Doc = PDFKit.PDFDocument;

const require = createRequire(import.meta.url);
let fontCache: { regular: Buffer; bold: Buffer } | null = null;
function fonts(): { regular: Buffer; bold: Buffer } {
  fontCache ??= {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontCache;
}

const PAGE = { margin: 45, top: 62, bottom: 58 };
const SIZE = { body: 9, small: 7.5, table: 8, h1: 14, h2: 11 };
const GREY = '#555555';
const RULE = '#999999';
const HEADER_FILL = '#e6e6e6';
const DRAFT_RED = '#b00020';

/** Kyiv under its current and its older IANA name. */
const KYIV_ZONES: ReadonlySet<string> = new Set(['Europe/Kyiv', 'Europe/Kiev']);

/** Formatting in the operation's time zone, cached per pack. */
class Clock {
  private readonly full: Intl.DateTimeFormat;
  private readonly time: Intl.DateTimeFormat;
  private readonly offset: Intl.DateTimeFormat;
  constructor(private readonly lang: Lang, readonly zone: string) {
    const locale = lang === 'uk' ? 'uk-UA' : 'en-GB';
    this.full = new Intl.DateTimeFormat(locale, {
      timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    this.time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.offset = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' });
  }
  at(iso: string | Date): string {
    return this.full.format(new Date(iso));
  }
  /** "28.11.2026, 06:00 – 07:30", the day written once when the window stays within it. */
  range(start: string, end: string): string {
    const a = this.at(start);
    const b = this.at(end);
    return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${this.time.format(new Date(end))}` : `${a} – ${b}`;
  }
  /** Kyiv's zone is said as planners say it («за київським часом»), others by name and offset. */
  zoneLabel(at: string): string {
    if (KYIV_ZONES.has(this.zone)) return t(this.lang, 'brief.kyivTime', { offset: this.offsetOf(at) });
    return `${this.zone} (${this.offsetOf(at)})`;
  }
  /** The sentence stating the zone of every time in the pack. */
  allTimes(at: string): string {
    return KYIV_ZONES.has(this.zone)
      ? t(this.lang, 'brief.allTimesKyiv', { offset: this.offsetOf(at) })
      : t(this.lang, 'brief.allTimesIn', { zone: this.zoneLabel(at) });
  }
  private offsetOf(at: string): string {
    const name = this.offset.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return name.replace('GMT', 'UTC') || 'UTC';
  }
  get language(): Lang {
    return this.lang;
  }
}

/** A table cell: plain text, or a bold first part (a task title) above regular text. */
type Cell = string | { head: string; body: string };

interface Column {
  header: string;
  /** Share of the content width. */
  width: number;
}

class Writer {
  readonly left = PAGE.margin;
  readonly width: number;
  constructor(readonly doc: Doc) {
    this.width = doc.page.width - 2 * PAGE.margin;
  }
  get bottom(): number {
    return this.doc.page.height - PAGE.bottom;
  }
  font(bold: boolean, size: number): this {
    this.doc.font(bold ? 'bold' : 'regular').fontSize(size);
    return this;
  }
  newPage(): void {
    this.doc.addPage();
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

export interface BriefingPdfOptions {
  lang: Lang;
}

/** Renders the pack; resolves to the PDF bytes. */
export function renderBriefingPdf(model: BriefingModel, options: BriefingPdfOptions): Promise<Buffer> {
  const { lang } = options;
  const op = model.operation;
  const f = fonts();
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    autoFirstPage: true,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    info: {
      Title: `${op.codeName} — ${t(lang, 'brief.title')}`,
      Subject: `${t(lang, 'brief.marking')} · ${op.handlingCode}`,
      Creator: 'Spilno',
      CreationDate: model.generatedAt,
    },
  });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  const clock = new Clock(lang, op.timeZone);
  const ctx = new PackText(model, lang, clock);
  drawCover(w, ctx);
  w.newPage();
  drawOrder(w, ctx);
  w.newPage();
  drawOrganisation(w, ctx);
  drawAssignments(w, ctx);
  w.newPage();
  drawTimeline(w, ctx);
  drawMatrix(w, ctx);
  drawLegal(w, ctx);
  drawConflicts(w, ctx);
  drawAgreementAndDistribution(w, ctx);
  drawPageFurniture(doc, ctx);
  doc.end();
  return done;
}

/** Names and labels in the pack's language. */
class PackText {
  constructor(readonly m: BriefingModel, readonly lang: Lang, readonly clock: Clock) {}
  agencyName(id: string | null): string {
    if (id === null || id === '') return '—';
    const a = this.m.agencies.get(id);
    if (!a) return id;
    return this.lang === 'uk' ? a.nameUk : a.nameEn;
  }
  /** ДМС, прокуратура; SCS, prosecutor's office: a Latin code is no word of Ukrainian text. */
  agencyShort(id: string | null): string {
    if (id === null || id === '') return '—';
    const a = this.m.agencies.get(id);
    return a ? agencyShort(a, this.lang) : id;
  }
  /** The lead's need-to-know fields: in the whole-plan copy and in the lead agency's own. */
  holdsRestricted(): boolean {
    return this.m.recipientAgencyId === null || this.m.recipientAgencyId === this.m.operation.leadAgencyId;
  }
  recipientLabel(): string {
    return this.m.recipientAgencyId === null
      ? t(this.lang, 'brief.allAgencies')
      : `${this.agencyShort(this.m.recipientAgencyId)} — ${this.agencyName(this.m.recipientAgencyId)}`;
  }
  phaseName(id: string | null): string {
    return this.m.phases.find((p) => p.id === id)?.name ?? '—';
  }
  markers(task: Task): string {
    return [
      task.isKeyEvent ? t(this.lang, 'brief.keyEvent') : '',
      task.isDecisionPoint ? t(this.lang, 'brief.decisionPoint') : '',
    ].filter(Boolean).join(', ');
  }
  handling(): string {
    const op = this.m.operation;
    return op.handlingCode === 'H3' && op.handlingNote ? `${op.handlingCode} (${op.handlingNote})` : op.handlingCode;
  }
}

function drawCover(w: Writer, c: PackText): void {
  const { lang, m } = c;
  const op = m.operation;
  const doc = w.doc;
  // The document's marking block, top right as on any marked document: the marking, this
  // copy's number, the item of the agency's list that makes it restricted, the registration
  // number; under it the approval block.
  const colW = w.width * 0.46;
  const colX = w.left + w.width - colW;
  doc.y = PAGE.top;
  w.font(true, SIZE.body).doc.fillColor('black').text(t(lang, 'brief.marking'), colX, doc.y, { width: colW });
  if (m.copy) w.font(true, SIZE.body).doc.text(t(lang, 'brief.copy', { n: m.copy.number }), colX, doc.y, { width: colW });
  if (op.restrictedListItem) w.font(false, SIZE.small).doc.fillColor(GREY).text(op.restrictedListItem, colX, doc.y, { width: colW });
  if (op.registrationNumber) {
    w.font(false, SIZE.small).doc.fillColor(GREY).text(t(lang, 'brief.regShort', { n: op.registrationNumber }), colX, doc.y, { width: colW });
  }
  doc.moveDown(1);
  // Approved: who approved and when, as recorded; before that, who is to approve.
  const approved = !m.draft && op.approvedBy.trim() !== '';
  drawSignatureBlock(w, colX, colW, t(lang, 'brief.approve'), [approved ? op.approvedBy : op.approverPosition],
    approved ? '' : op.approverName, lang, approved && op.approvedAt ? c.clock.at(op.approvedAt).slice(0, 10) : null);

  doc.moveDown(1.5);
  w.font(false, 12).doc.fillColor('black').text(t(lang, 'brief.title'), w.left, doc.y, { width: w.width, align: 'center' });
  doc.moveDown(0.5);
  w.font(true, 26).doc.text(op.codeName, w.left, doc.y, { width: w.width, align: 'center' });
  doc.moveDown(0.3);
  w.font(false, 13).doc.text(tDynamic(lang, `opType.${op.type}`), w.left, doc.y, { width: w.width, align: 'center' });
  if (m.draft) {
    doc.moveDown(0.5);
    w.font(true, SIZE.h2).doc.fillColor(DRAFT_RED).text(t(lang, 'brief.draftNote'), w.left, doc.y, { width: w.width, align: 'center' });
  }
  doc.moveDown(1.5);
  w.field(t(lang, 'brief.recipient'), c.recipientLabel());
  if (m.copy) w.field(t(lang, 'brief.copyOf'), `№ ${m.copy.number}${m.copy.addressee ? ` — ${m.copy.addressee}` : ''}`);
  w.field(t(lang, 'brief.regNumber'), op.registrationNumber);
  w.field(t(lang, 'brief.listItem'), op.restrictedListItem);
  w.field(t(lang, 'brief.handlingCode'), c.handling());
  w.field(t(lang, 'brief.status'), tDynamic(lang, `status.${op.status}`));
  w.field(t(lang, 'brief.leadAgency'), `${c.agencyShort(op.leadAgencyId)} — ${c.agencyName(op.leadAgencyId)}`);
  w.field(t(lang, 'brief.formality'), `${tDynamic(lang, `form.${op.form}`)} · ${tDynamic(lang, `formality.${op.formality}`)}`);
  w.field(t(lang, 'brief.window'), c.clock.range(op.startsAt, op.endsAt));
  w.field(t(lang, 'brief.timeZone'), c.clock.zoneLabel(op.startsAt));
  w.field(t(lang, 'brief.generatedAt'), c.clock.at(m.generatedAt));
  w.field(t(lang, 'brief.validUntil'), c.clock.at(m.validUntil));
  doc.moveDown(1);
  w.para(m.recipientAgencyId === null ? t(lang, 'brief.coordinatorPack') : t(lang, 'brief.agencyPack'), '');
  w.font(false, SIZE.small);
  doc.fillColor(GREY).text(`${c.clock.allTimes(op.startsAt)}. ${t(lang, 'brief.notCertified')}`,
    w.left, doc.y, { width: w.width });
}

/**
 * An approval (ЗАТВЕРДЖУЮ) or agreement (ПОГОДЖЕНО) block: the word, the position (printed when
 * known, else a line to fill in), a signature line with the name, and a date line. Signed by
 * hand on paper: Spilno prints the block, it does not pretend to sign.
 */
function drawSignatureBlock(
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

function drawOrder(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  const op = m.operation;
  const none = t(lang, 'brief.none');

  w.h1(t(lang, 'brief.s1'));
  w.h2(t(lang, 'brief.s1.summary'));
  w.para(op.situation, none);
  w.h2(t(lang, 'brief.s1.area'));
  w.para(op.area, none);
  if (op.locations.length > 0) {
    w.bullets(op.locations.map((l) => l.point ? `${l.label} (${l.point.lat.toFixed(5)}, ${l.point.lon.toFixed(5)})` : l.label));
  }
  w.h2(t(lang, 'brief.s1.subjects'));
  if (op.subjects.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.kind'), width: 0.16 },
      { header: t(lang, 'brief.col.details'), width: 0.5 },
      { header: t(lang, 'brief.col.notes'), width: 0.34 },
    ], op.subjects.map((s) => [tDynamic(lang, `subject.${s.kind}`), subjectDetails(s, lang), s.notes]));
  }
  w.h2(t(lang, 'brief.s1.risks'));
  if (op.risks.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.threat'), width: 0.28 },
      { header: t(lang, 'brief.col.likelihood'), width: 0.12 },
      { header: t(lang, 'brief.col.impact'), width: 0.1 },
      { header: t(lang, 'brief.col.mitigation'), width: 0.34 },
      { header: t(lang, 'brief.col.owner'), width: 0.16 },
    ], op.risks.map((r) => [r.threat, tDynamic(lang, `risk.${r.likelihood}`), tDynamic(lang, `risk.${r.impact}`), r.mitigation, r.owner]));
  }

  if (c.holdsRestricted()) {
    w.h2(t(lang, 'brief.restricted'));
    w.h3(t(lang, 'brief.restricted.sources'));
    w.para(op.restrictedSources, none);
    w.h3(t(lang, 'brief.restricted.details'));
    w.para(op.restrictedDetails, none);
  }

  w.h1(t(lang, 'brief.s2'));
  w.para(op.objectives, none);

  w.h1(t(lang, 'brief.s3'));
  w.h2(t(lang, 'brief.s3.concept'));
  w.para(op.execution, none);
  w.h2(t(lang, 'brief.s3.phases'));
  if (m.phases.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.phase'), width: 0.5 },
      { header: t(lang, 'brief.col.time'), width: 0.5 },
    ], m.phases.map((p) => [`${p.ordinal + 1}. ${p.name}`, clock.range(p.startsAt, p.endsAt)]));
  }
  w.h2(t(lang, 'brief.s3.coordinating'));
  w.bullets([clock.allTimes(op.startsAt)]);
  // Every instruction is printed, empty ones as a dash: a gap in the order shows as a gap.
  for (const [key, text] of [
    ['brief.s3.goNoGo', op.goNoGoCriteria], ['brief.s3.abort', op.abortCriteria],
    ['brief.s3.compromise', op.onCompromise], ['brief.s3.lostContact', op.onLostContact],
    ['brief.s3.useOfForce', op.useOfForce], ['brief.s3.reporting', op.reportingSchedule],
    ['brief.s3.evidence', op.evidenceHandling], ['brief.s3.press', op.pressLine],
  ] as const) {
    w.h3(t(lang, key));
    w.para(text, none);
  }
  w.h3(t(lang, 'brief.s3.codeWords'));
  if (op.codeWords.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.codeWord'), width: 0.3 },
      { header: t(lang, 'brief.col.meaning'), width: 0.7 },
    ], op.codeWords.map((x) => [x.word, x.meaning]));
  }
  const keyTasks = m.tasks.filter((x) => x.isKeyEvent || x.isDecisionPoint);
  if (keyTasks.length > 0) {
    w.h3(t(lang, 'brief.s3.keyEvents'));
    w.table([
      { header: t(lang, 'brief.col.time'), width: 0.24 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.task'), width: 0.43 },
      { header: t(lang, 'brief.col.kind'), width: 0.2 },
    ], keyTasks.map((x) => [clock.range(x.startsAt, x.endsAt), c.agencyShort(x.accountableAgencyId), x.title, c.markers(x)]));
  }
  if (m.handoffs.length > 0) {
    w.h3(t(lang, 'brief.s3.handoffs'));
    w.table([
      { header: t(lang, 'brief.col.task'), width: 0.38 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.details'), width: 0.49 },
    ], m.handoffs.map((h) => {
      const after = h.predecessor
        ? `${c.agencyShort(h.predecessorAgencyId)}: ${h.predecessor.title}`
        : t(lang, 'brief.s3.afterTaskOf', { agency: c.agencyShort(h.predecessorAgencyId) });
      const lag = h.lagMinutes === 0 ? '' : ` (${t(lang, 'brief.lag', { minutes: `${h.lagMinutes > 0 ? '+' : ''}${h.lagMinutes}` })})`;
      return [h.task.title, c.agencyShort(h.task.accountableAgencyId), `${after}${lag}`];
    }));
  }

  w.h1(t(lang, 'brief.s4'));
  w.h2(t(lang, 'brief.s4.logistics'));
  w.para(op.sustainment, none);
  w.h2(t(lang, 'brief.s4.medical'));
  const medical = m.tasks.filter((x) => x.type === 'medical');
  if (op.medical !== '' || medical.length === 0) w.para(op.medical, none);
  if (medical.length > 0) w.bullets(medical.map((x) => `${clock.range(x.startsAt, x.endsAt)} · ${c.agencyShort(x.accountableAgencyId)} · ${x.title}${x.place.label ? ` · ${x.place.label}` : ''}`));
  w.h2(t(lang, 'brief.s4.detainees'));
  w.para(op.detaineeTransport, none);
  w.h2(t(lang, 'brief.s4.evidenceStorage'));
  w.para(op.evidenceStorage, none);
  w.h2(t(lang, 'brief.s4.interpreters'));
  w.para(op.interpreters, none);
  w.h2(t(lang, 'brief.s4.safety'));
  const mitigations = op.risks.filter((r) => r.mitigation !== '');
  if (mitigations.length === 0) w.para('', none);
  else w.bullets(mitigations.map((r) => `${r.threat}: ${r.mitigation}`));

  w.h1(t(lang, 'brief.s5'));
  w.h2(t(lang, 'brief.s5.command'));
  w.field(t(lang, 'brief.s5.head'), op.commandHead);
  w.field(t(lang, 'brief.s5.deputy'), op.commandDeputy);
  w.field(t(lang, 'brief.s5.succession'), op.commandSuccession);
  w.h2(t(lang, 'brief.s5.commandPost'));
  w.para(op.commandPost, none);
  w.h2(t(lang, 'brief.s5.liaison'));
  if (m.liaison.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.person'), width: 0.25 },
      { header: t(lang, 'brief.col.position'), width: 0.3 },
      { header: t(lang, 'brief.col.callsign'), width: 0.14 },
      { header: t(lang, 'brief.col.phone'), width: 0.18 },
    ], m.liaison.map((l) => [c.agencyShort(l.agencyId), l.person.fullName, [l.person.position, l.person.rank].filter(Boolean).join(', '), l.person.callsign, l.person.phone]));
  }
  w.h2(t(lang, 'brief.s5.comms'));
  if (op.comms.length === 0) w.para('', none);
  else {
    w.table([
      { header: `${t(lang, 'brief.col.channel')} / ${t(lang, 'brief.col.function')}`, width: 0.2 },
      { header: `${t(lang, 'brief.col.talkGroup')} / ${t(lang, 'brief.col.encryption')}`, width: 0.19 },
      { header: `${t(lang, 'brief.col.callsign')} / ${t(lang, 'brief.col.agency')}`, width: 0.13 },
      { header: t(lang, 'brief.col.assignment'), width: 0.18 },
      { header: t(lang, 'brief.col.phone'), width: 0.14 },
      { header: t(lang, 'brief.col.notes'), width: 0.16 },
    ], op.comms.map((x) => [
      { head: x.channel, body: x.function },
      [x.frequencyOrTalkGroup, x.encryption].filter(Boolean).join('\n'),
      [x.callsign, x.agencyId ? c.agencyShort(x.agencyId) : ''].filter(Boolean).join('\n'),
      x.assignment, x.phone, x.notes,
    ]));
  }
}

function subjectDetails(s: BriefingModel['operation']['subjects'][number], lang: Lang): string {
  switch (s.kind) {
    case 'person': return [s.fullName, s.dateOfBirth].filter(Boolean).join(', ');
    case 'vehicle': return [s.plate, s.vin ? `VIN ${s.vin}` : '', s.description].filter(Boolean).join(' · ');
    case 'container': return s.number;
    case 'company': return [s.name, s.edrpou ? `${lang === 'uk' ? 'ЄДРПОУ' : 'EDRPOU'} ${s.edrpou}` : ''].filter(Boolean).join(' · ');
    case 'address': return s.point ? `${s.address} (${s.point.lat.toFixed(5)}, ${s.point.lon.toFixed(5)})` : s.address;
  }
}

function drawOrganisation(w: Writer, c: PackText): void {
  const { lang, m } = c;
  w.h1(t(lang, 'brief.org'));
  w.table([
    { header: t(lang, 'brief.col.code'), width: 0.14 },
    { header: t(lang, 'brief.col.name'), width: 0.48 },
    { header: t(lang, 'brief.col.kind'), width: 0.24 },
    { header: t(lang, 'brief.col.role'), width: 0.14 },
  ], m.agencyIds.map((id) => [
    c.agencyShort(id), c.agencyName(id), tDynamic(lang, `agencyKind.${m.agencies.get(id)?.kind ?? ''}`),
    t(lang, id === m.operation.leadAgencyId ? 'brief.role.lead' : 'brief.role.participant'),
  ]), { bold: (r) => m.agencyIds[r] === m.recipientAgencyId });
  if (m.organisationUnits.length > 0) {
    w.h2(t(lang, 'brief.org.units'));
    w.table([
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.unit'), width: 0.39 },
      { header: t(lang, 'brief.col.place'), width: 0.28 },
      { header: t(lang, 'brief.col.phone'), width: 0.2 },
    ], m.organisationUnits.map((u) => [c.agencyShort(u.agencyId), u.kind ? `${u.name} (${u.kind})` : u.name, u.place.label, u.phone]));
  }
}

function drawAssignments(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  const groups: (string | null)[] = m.recipientAgencyId !== null ? [m.recipientAgencyId] : [...m.agencyIds];
  if (m.recipientAgencyId === null && m.tasks.some((x) => x.accountableAgencyId === null)) groups.push(null);
  for (const agencyId of groups) {
    const tasks = m.tasks.filter((x) => x.accountableAgencyId === agencyId);
    w.newPage();
    w.h1(t(lang, 'brief.assignments', { agency: agencyId === null ? '—' : `${c.agencyShort(agencyId)} — ${c.agencyName(agencyId)}` }));
    if (tasks.length === 0) {
      w.para('', t(lang, 'brief.assignments.none'));
      continue;
    }
    w.table([
      { header: t(lang, 'brief.col.time'), width: 0.14 },
      { header: t(lang, 'brief.col.task'), width: 0.29 },
      { header: t(lang, 'brief.col.place'), width: 0.14 },
      { header: `${t(lang, 'brief.col.people')} / ${t(lang, 'brief.col.resources')}`, width: 0.24 },
      { header: t(lang, 'brief.col.checklist'), width: 0.19 },
    ], tasks.map((x) => [
      clock.range(x.startsAt, x.endsAt),
      {
        head: x.title,
        body: [`${tDynamic(lang, `taskType.${x.type}`)} · ${c.phaseName(x.phaseId)}`, c.markers(x), m.units.get(x.unitId ?? '')?.name ?? '']
          .filter(Boolean).join('\n'),
      },
      x.place.label,
      [
        ...x.personIds.map((id) => m.people.get(id)).filter((p) => p !== undefined)
          .map((p) => `${p.fullName}${p.callsign ? ` («${p.callsign}»)` : ''}${p.phone ? `, ${p.phone}` : ''}`),
        ...x.resourceIds.map((id) => m.resources.get(id)).filter((r) => r !== undefined)
          .map((r) => `${r.name}${r.identifier ? ` [${r.identifier}]` : ''}`),
      ].join('\n'),
      x.checklist.map((i) => `${i.done ? '☑' : '☐'} ${i.text}`).join('\n'),
    ]));
    const noted = tasks.filter((x) => x.notes.trim() !== '');
    if (noted.length > 0) {
      w.h2(t(lang, 'brief.notes'));
      for (const x of noted) {
        w.h3(x.title);
        w.para(x.notes, '');
      }
    }
  }
}

function drawTimeline(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.timeline'));
  if (m.tasks.length === 0) {
    w.para('', t(lang, 'brief.assignments.none'));
    return;
  }
  w.table([
    { header: t(lang, 'brief.col.time'), width: 0.25 },
    { header: t(lang, 'brief.col.agency'), width: 0.13 },
    { header: t(lang, 'brief.col.task'), width: 0.4 },
    { header: t(lang, 'brief.col.phase'), width: 0.22 },
  ], m.tasks.map((x) => [
    clock.range(x.startsAt, x.endsAt), c.agencyShort(x.accountableAgencyId),
    [x.title, c.markers(x)].filter(Boolean).join('\n'), c.phaseName(x.phaseId),
  ]), { bold: (r) => m.tasks[r]!.isKeyEvent || m.tasks[r]!.isDecisionPoint });
}

function drawMatrix(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.matrix'));
  if (m.recipientAgencyId !== null) {
    w.para(t(lang, 'brief.matrix.note'), '', { small: true });
  }
  const cols = m.matrixColumns;
  const first = 0.13;
  const each = (1 - first) / Math.max(1, cols.length);
  w.table([
    { header: t(lang, 'brief.col.agency'), width: first },
    ...cols.map((col) => ({
      header: col.kind === 'phase' ? `${col.index + 1}. ${col.name}\n${clock.range(col.startsAt, col.endsAt)}`
        : col.kind === 'bucket' ? clock.range(col.startsAt, col.endsAt)
          : t(lang, 'brief.none'),
      width: each,
    })),
  ], m.matrix.map((row) => [
    c.agencyShort(row.agencyId),
    ...row.cells.map((cell) => {
      if (!row.visible) return cell.count > 0 ? t(lang, 'brief.matrix.others', { n: cell.count }) : '';
      return cell.titles.map((x) => `• ${x}`).join('\n');
    }),
  ]), { bold: (r) => m.matrix[r]!.agencyId === m.recipientAgencyId, size: cols.length > 4 ? SIZE.small : SIZE.table });
}

function drawLegal(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.legal'));
  w.h2(t(lang, 'brief.legal.basis'));
  w.para(m.operation.legalBasis, tDynamic(lang, `formality.${m.operation.formality}`));
  w.h2(t(lang, 'brief.legal.notifications'));
  if (m.notifications.length === 0) {
    w.para('', t(lang, 'brief.legal.noNotifications'));
    return;
  }
  w.table([
    { header: t(lang, 'brief.col.kind'), width: 0.22 },
    { header: t(lang, 'brief.col.from'), width: 0.13 },
    { header: t(lang, 'brief.col.to'), width: 0.13 },
    { header: t(lang, 'brief.col.subject'), width: 0.2 },
    { header: t(lang, 'brief.col.due'), width: 0.17 },
    { header: t(lang, 'brief.col.state'), width: 0.15 },
  ], m.notifications.map(({ entry, state }) => [
    tDynamic(lang, `exchangeKind.${entry.kind}`), c.agencyShort(entry.fromAgencyId), c.agencyShort(entry.toAgencyId),
    entry.subject, entry.dueAt ? clock.at(entry.dueAt) : '—', tDynamic(lang, `exchangeState.${state}`),
  ]), { bold: (r) => m.notifications[r]!.state === 'overdue' });
}

function drawConflicts(w: Writer, c: PackText): void {
  const { lang, m } = c;
  w.h1(t(lang, 'brief.conflicts'));
  if (m.conflicts.length === 0 && m.alerts.length === 0) {
    w.para('', t(lang, 'brief.conflicts.none'));
    return;
  }
  const redact = (text: string) => redactHidden(text, m.hiddenTitles, '…');
  if (m.conflicts.length > 0) {
    w.table([
      { header: t(lang, 'brief.col.severity'), width: 0.17 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.message'), width: 0.7 },
    ], m.conflicts.map((x) => {
      const d = describeConflict(lang, x, (id) => c.agencyShort(id));
      return [d.severity, x.agencyIds.map((a) => c.agencyShort(a)).join(', '), { head: d.rule, body: redact(`${d.message}\n${d.fix}`) }];
    }), { bold: (r) => m.conflicts[r]!.severity === 'blocking' });
  }
  if (m.alerts.length > 0) {
    w.h2(t(lang, 'brief.alerts'));
    w.table([
      { header: t(lang, 'brief.col.kind'), width: 0.16 },
      { header: t(lang, 'brief.col.subject'), width: 0.4 },
      { header: t(lang, 'brief.col.otherOperation'), width: 0.44 },
    ], m.alerts.map((a) => [
      t(lang, a.kind === 'subject' ? 'brief.alert.subject' : 'brief.alert.proximity'),
      a.distanceMeters === null ? a.label : `${a.label} (${Math.round(a.distanceMeters)} m)`,
      [
        a.other.codeName ?? '',
        `${t(lang, 'brief.leadAgency')}: ${c.agencyShort(a.other.leadAgencyId)}`,
        a.windowsOverlap ? t(lang, 'brief.alert.overlap') : '',
      ].filter(Boolean).join('\n'),
    ]));
  }
}

/** Header, footer and watermark on every page, written once the page count is known. */
function drawPageFurniture(doc: Doc, c: PackText): void {
  const { lang, m } = c;
  const range = doc.bufferedPageRange();
  // The marking and the copy number on every page, so a page torn out still says what it is
  // and which copy it came from.
  const marking = [t(lang, 'brief.marking'), c.handling(), m.copy ? t(lang, 'brief.copy', { n: m.copy.number }) : '']
    .filter(Boolean).join(' · ');
  const reg = m.operation.registrationNumber ? t(lang, 'brief.regShort', { n: m.operation.registrationNumber }) : '';
  const draft = t(lang, 'brief.draft');
  const watermark = m.recipientAgencyId === null ? t(lang, 'brief.allAgencies') : c.agencyShort(m.recipientAgencyId);
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
    const code = `${m.operation.codeName} · ${watermark}`;
    doc.text(code, right - doc.widthOfString(code), 26, { lineBreak: false });
    doc.moveTo(left, 38).lineTo(right, 38).lineWidth(0.4).stroke(RULE);
    if (m.draft) {
      // «ПРОЄКТ» stamped at the top of every page until the operation is approved.
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
    const page = t(lang, 'brief.pageOf', { x: i - range.start + 1, y: range.count });
    doc.font('regular').text(page, right - doc.widthOfString(page), fy, { lineBreak: false });
  }
}

/**
 * The document's last part: an agreement block (ПОГОДЖЕНО) for each participating agency, and
 * the distribution list — every copy, its number and its recipient, this copy in bold.
 */
function drawAgreementAndDistribution(w: Writer, c: PackText): void {
  const { lang, m } = c;
  const doc = w.doc;
  const participants = m.agencyIds.filter((id) => id !== m.operation.leadAgencyId);
  if (participants.length > 0) {
    w.h1(t(lang, 'brief.agreements'));
    w.flush(110);
    const colW = (w.width - 20) / 2;
    let rowBottom = 0;
    participants.forEach((id, i) => {
      const x = w.left + (i % 2) * (colW + 20);
      if (i % 2 === 0) {
        if (i > 0) doc.moveDown(1.2);
        if (doc.y + 100 > w.bottom) w.newPage();
      }
      const top = doc.y;
      // A recorded agreement mark prints who agreed and when; otherwise lines to sign.
      const mark = m.agreements.get(id);
      drawSignatureBlock(w, x, colW, t(lang, 'brief.agree'), [c.agencyName(id)], mark?.signedBy ?? '', lang,
        mark ? c.clock.at(mark.agreedAt).slice(0, 10) : null);
      // The right-hand block starts level with the left one; the next row below the lower.
      if (i % 2 === 0 && i + 1 < participants.length) {
        rowBottom = doc.y;
        doc.y = top;
      } else {
        doc.y = Math.max(doc.y, rowBottom);
      }
    });
    doc.x = w.left;
    doc.moveDown(1);
  }
  w.h1(t(lang, 'brief.distribution'));
  w.table([
    { header: t(lang, 'brief.col.copy'), width: 0.1 },
    { header: t(lang, 'brief.col.agency'), width: 0.36 },
    { header: t(lang, 'brief.col.addressee'), width: 0.3 },
    { header: t(lang, 'brief.col.receivedBy'), width: 0.24 },
  ], m.distribution.map((d) => [
    String(d.number),
    d.agencyId === null ? t(lang, 'brief.distribution.file') : `${c.agencyShort(d.agencyId)} — ${c.agencyName(d.agencyId)}`,
    d.addressee,
    '',
  ]), { bold: (r) => m.copy !== null && m.distribution[r]!.number === m.copy.number });
}
