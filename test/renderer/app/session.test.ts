/**
 * Locked means nothing to see (issue 14): every zustand store of the renderer is either emptied
 * when the session ends (SESSION_STORES in app/session.ts) or declared to hold no data of the
 * store (NON_SESSION_STORES). A new store that is in neither list fails here, before it can keep
 * a plan in memory under the lock screen. Read as text: the modules touch `window` on import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../renderer/src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('the renderer session', () => {
  it('every zustand store is emptied on lock or declared to hold no data of the store', () => {
    const stores = sources(SRC).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/export const (use\w+) = create</g)].map((m) => m[1]!));
    expect(stores.length).toBeGreaterThan(3);
    const session = fs.readFileSync(path.join(SRC, 'app/session.ts'), 'utf8');
    const list = (name: string) => {
      const m = new RegExp(`${name}[^=]*=\\s*\\[([^\\]]*)\\]`).exec(session);
      return (m?.[1] ?? '').split(',').map((s) => s.trim().replace(/^'|'$/g, '')).filter(Boolean);
    };
    const emptied = list('SESSION_STORES');
    const kept = list('NON_SESSION_STORES');
    expect(emptied).toContain("useCalendarStore");
    expect(kept).toEqual(['useI18nStore', 'useLockStore']);
    expect(stores.filter((s) => !emptied.includes(s) && !kept.includes(s))).toEqual([]);
  });
});
