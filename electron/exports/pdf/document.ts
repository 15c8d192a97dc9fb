/**
 * Setting up a Spilno PDF: A4, pages buffered so the marking and "X of Y" can be written once
 * the page count is known (marking.ts), DejaVu embedded, bytes collected into one Buffer.
 * Page geometry and the type scale live here so every document looks like the same office's.
 */
import PDFDocument from 'pdfkit';
import { registerFonts } from './fonts.js';

export type Doc = PDFKit.PDFDocument;

/** Margins in points; `top` and `bottom` leave room for the marking header and footer. */
export const PAGE = { margin: 45, top: 62, bottom: 58 } as const;
export const SIZE = { body: 9, small: 7.5, table: 8, h1: 14, h2: 11 } as const;
export const GREY = '#555555';
export const RULE = '#999999';
export const HEADER_FILL = '#e6e6e6';
export const DRAFT_RED = '#b00020';

export interface PdfInfo {
  title: string;
  subject: string;
  createdAt: Date;
  /** Told the number of pages so far as each page is begun (a long pack reports progress). */
  onPage?: (pages: number) => void;
}

export interface PdfHandle {
  doc: Doc;
  /** Ends the document; resolves to its bytes. */
  finish: () => Promise<Buffer>;
}

export function createPdf(info: PdfInfo): PdfHandle {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    autoFirstPage: true,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    info: { Title: info.title, Subject: info.subject, Creator: 'Spilno', CreationDate: info.createdAt },
  });
  registerFonts(doc);
  if (info.onPage) {
    const onPage = info.onPage;
    let pages = 1;
    onPage(pages);
    doc.on('pageAdded', () => onPage(++pages));
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish: () => {
      doc.end();
      return done;
    },
  };
}
