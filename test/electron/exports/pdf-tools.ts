/** Poppler (pdftotext, pdftoppm, pdfinfo) over a PDF written to a temp file. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Text per page (pdftotext separates pages with form feeds), in content order. */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)![1]);
}

/** Whitespace-free text, so a title wrapped over two lines inside a cell still matches. */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

export interface Word {
  page: number;
  text: string;
  yMin: number;
  yMax: number;
  pageHeight: number;
}

/** Every word with its box (pdftotext -bbox), pages numbered from 1. */
export function pdfWords(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const words: Word[] = [];
  let page = 0;
  let pageHeight = 0;
  for (const line of html.split('\n')) {
    const p = /<page width="([\d.]+)" height="([\d.]+)"/.exec(line);
    if (p) {
      page++;
      pageHeight = Number(p[2]);
      continue;
    }
    const w = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (w) words.push({ page, text: w[5]!, yMin: Number(w[2]), yMax: Number(w[4]), pageHeight });
  }
  return words;
}

/** Renders pages to PNG; returns the files written. */
export function renderPngs(file: string, outDir: string, resolution = 40): string[] {
  const prefix = path.join(outDir, 'page');
  execFileSync('pdftoppm', ['-png', '-r', String(resolution), file, prefix]);
  return fs.readdirSync(outDir).filter((f) => f.startsWith('page') && f.endsWith('.png')).map((f) => path.join(outDir, f));
}
