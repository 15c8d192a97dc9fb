/**
 * The map page of the briefing pack: a marked landscape page drawn as vectors over the built-in
 * Natural Earth basemap, the operation's route and places numbered in agency colours, then the
 * numbered list with coordinates in degrees and MGRS; a per-agency pack maps only its view.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingRequest } from '../../../shared/api/exports.js';
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import type { Task } from '../../../shared/domain/task.js';
import { formatDegrees, toMgrs } from '../../../shared/geo/mgrs.js';
import { t } from '../../../shared/i18n/index.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { dispatch } from '../../../electron/api/dispatch.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportBriefing } from '../../../electron/services/exports.js';
import { tasksAgencySees } from '../../helpers/need-to-know.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';
import { pdfPages, squash, writeTemp } from './pdf-tools.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
const ROUTE = [
  { label: 'ПП «Ягодин», смуга вантажного контролю', point: { lat: 51.1826, lon: 23.8089 } },
  { label: 'Автодорога М-07, 12 км від кордону', point: { lat: 51.2061, lon: 24.0312 } },
  { label: 'Склад у м. Ковель, вул. Заводська, 5', point: { lat: 51.2152, lon: 24.7147 } },
];
let tc: TempContext;
let out: string;
let operationId: string;
let tasks: Task[];

beforeAll(async () => {
  tc = openTempContext({ now: () => NOW });
  out = tempDataDir('spilno-pdf-map-');
  operationId = loadDemo(tc.ctx).operationId;
  tasks = listTasksByOperation(tc.ctx.db, operationId);
  const r = await dispatch(tc.ctx, 'operations', 'update', { id: operationId, patch: { locations: ROUTE } });
  expect(r.ok).toBe(true);
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

async function pack(name: string, agencyId: string | null, lang: 'uk' | 'en' = 'uk'): Promise<string> {
  const r = await exportBriefing(tc.ctx, BriefingRequest.parse({ operationId, agencyId, lang }));
  return writeTemp(out, name, r.bytes);
}

function landscape(file: string, n: number): boolean {
  const info = execFileSync('pdfinfo', ['-f', String(n), '-l', String(n), file], { encoding: 'utf8' });
  const [, w, h] = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
  return Number(w) > Number(h);
}

/** Pixels of the map (the page above its legend) near `hex` (the watermark tints a little). */
function pixelsOf(file: string, page: number, hex: string): number {
  const prefix = path.join(out, `px-${page}-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', '60', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const ppm = fs.readFileSync(`${prefix}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = ppm.subarray(header[0].length, header[0].length + width * Math.floor(height * 0.8) * 3);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += 3) {
    if (Math.abs(data[i]! - r) < 10 && Math.abs(data[i + 1]! - g) < 10 && Math.abs(data[i + 2]! - b) < 10) n++;
  }
  return n;
}

const color = (id: string) => SEED_AGENCIES.find((a) => a.id === id)!.color;

function mapPage(file: string, lang: 'uk' | 'en'): { n: number; text: string; list: string } {
  const pages = pdfPages(file);
  const i = pages.findIndex((p) => squash(p).includes(squash(t(lang, 'brief.map'))) && squash(p).includes(squash(t(lang, 'brief.map.source'))));
  expect(i).toBeGreaterThanOrEqual(0);
  return { n: i + 1, text: squash(pages[i]!), list: squash(pages[i + 1]!) };
}

describe('map page in the briefing pack', () => {
  for (const lang of ['uk', 'en'] as const) {
    it(`the coordinator's pack in ${lang}: a marked landscape map over the basemap, the route and every place, listed with degrees and MGRS`, async () => {
      const file = await pack(`all-${lang}.pdf`, null, lang);
      const pages = pdfPages(file);
      const { n, text, list } = mapPage(file, lang);
      expect(landscape(file, n)).toBe(true);
      expect(text.split(squash(`${t(lang, 'brief.marking')} · H2`)).length - 1).toBe(2);
      expect(text).toContain(squash(t(lang, 'brief.draft')));
      expect(text).toContain(squash(t(lang, 'brief.pageOf', { x: n, y: pages.length })));
      expect(text).toContain(squash(t(lang, 'brief.map.route')));
      expect(text).toContain(squash(t(lang, 'brief.map.km', { n: 25 }).replace('25', '')));
      // The list: every route point in order, every task with coordinates, in degrees and MGRS.
      expect(list).toContain(squash(t(lang, 'brief.map.places')));
      ROUTE.forEach((r, i) => {
        expect(list).toContain(squash(r.label));
        expect(list).toContain(squash(t(lang, 'map.waypoint', { n: i + 1 })));
        expect(list).toContain(squash(formatDegrees(r.point.lat, r.point.lon)));
        expect(list).toContain(squash(toMgrs(r.point.lat, r.point.lon)));
      });
      for (const task of tasks.filter((x) => x.place.point)) expect(list, task.title).toContain(squash(task.title));
      // Drawn, not only written: land from the basemap, places in their agencies' colours.
      expect(pixelsOf(file, n, '#f3efe6')).toBeGreaterThan(10_000);
      for (const agencyId of ['NPU', 'DMS', 'OGP']) expect(pixelsOf(file, n, color(agencyId)), agencyId).toBeGreaterThan(8);
    });
  }

  it('an agency\'s pack maps only what that agency sees, and says so', async () => {
    const file = await pack('dms.pdf', 'DMS');
    const { n, text, list } = mapPage(file, 'uk');
    expect(text).toContain(squash(t('uk', 'brief.map.agencyNote')));
    const sees = new Set(tasksAgencySees(tc.ctx.db, operationId, 'DMS').map((x) => x.id));
    for (const task of tasks.filter((x) => x.place.point)) {
      if (sees.has(task.id)) expect(list, task.title).toContain(squash(task.title));
      else expect(list, task.title).not.toContain(squash(task.title));
    }
    // The shared route is everyone's.
    for (const r of ROUTE) expect(list).toContain(squash(r.label));
    // Customs' places are drawn; the prosecutor's (hidden from customs) are not.
    expect(pixelsOf(file, n, color('DMS'))).toBeGreaterThan(8);
    expect(pixelsOf(file, n, color('OGP'))).toBeLessThan(3);
  });
});
