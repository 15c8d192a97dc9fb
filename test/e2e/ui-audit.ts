/**
 * Checks every page can be given: text that overflows its box (or is cut off without its full
 * text at hand), and axe-core's accessibility rules. Used by ui-audit.e2e.ts over every page, at
 * both window sizes, in both languages.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Overflow {
  element: string;
  text: string;
  box: string;
}

/**
 * Elements whose content does not fit: wider (or, when they clip, taller) than their box and not
 * scrollable. Text cut short (an ellipsis, a calendar event too short for its title) passes only
 * when its full text is in a `title` on it or an ancestor; anything else cut off is a finding,
 * and so is a page that scrolls sideways.
 */
export function findOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: { element: string; text: string; box: string }[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      out.push({ element: 'html', text: 'the page scrolls sideways', box: `${doc.scrollWidth} > ${doc.clientWidth}` });
    }
    const skip = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'SCRIPT', 'STYLE', 'HTML', 'BODY']);
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (!(el instanceof HTMLElement) || skip.has(el.tagName)) continue;
      if (el.closest('.sr-only, svg, dialog:not([open])')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.display === 'inline' || cs.visibility === 'hidden' || el.clientWidth === 0) continue;
      const scrollX = cs.overflowX === 'auto' || cs.overflowX === 'scroll';
      const scrollY = cs.overflowY === 'auto' || cs.overflowY === 'scroll';
      const clipsY = cs.overflowY === 'hidden' || cs.overflowY === 'clip';
      const wide = !scrollX && el.scrollWidth > el.clientWidth + 1;
      const tall = !scrollY && clipsY && el.scrollHeight > el.clientHeight + 2;
      if (!wide && !tall) continue;
      const text = (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
      // Boxes with no text of their own cut off nothing a reader misses (FullCalendar's now line).
      if (!text) continue;
      const holder = el.closest<HTMLElement>('[title]');
      if (holder && holder.title.replace(/\s+/g, ' ').includes(text.slice(0, 24))) continue;
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const tid = el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '';
      out.push({
        element: `${el.tagName.toLowerCase()}${cls}${tid}`,
        text: text.slice(0, 80),
        box: `${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
      });
    }
    return out;
  });
}

/** Entries of the main navigation whose text runs onto more than one line. */
export function wrappedNavigation(page: Page): Promise<string[]> {
  return page.locator('.main-nav a').evaluateAll((links) => links.filter((a) => {
    const range = document.createRange();
    range.selectNodeContents(a);
    const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
    return tops.size > 1;
  }).map((a) => a.textContent ?? ''));
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  // Evaluated over the DevTools protocol: the page's Content-Security-Policy (no inline or
  // injected scripts) stays as it ships.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
