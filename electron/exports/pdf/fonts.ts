/**
 * The fonts every Spilno PDF embeds: DejaVu Sans, regular and bold, registered as 'regular' and
 * 'bold'. The standard PDF fonts have no Cyrillic, and @fontsource subsets lose Latin letters and
 * digits in PDFs; the TTFs of `dejavu-fonts-ttf` carry both, so Ukrainian and English text comes
 * back exactly from pdftotext. Read once per process: the files do not change while it runs.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

export type FontName = 'regular' | 'bold';

let fontCache: Record<FontName, Buffer> | null = null;

function fonts(): Record<FontName, Buffer> {
  fontCache ??= {
    regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontCache;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const f = fonts();
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
}
