/**
 * The PDF benches' baseline: one A4 page in pdfkit with the same fonts and a marking line —
 * what any PDF the app writes costs at least (font embedding, document set-up, the stream).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

export function onePagePdf(): Promise<void> {
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('regular', fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));
  doc.registerFont('bold', fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')));
  doc.font('bold').text('Для службового користування').font('regular').text('Сторінка 1 з 1');
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.on('data', () => undefined);
  doc.end();
  return done;
}
