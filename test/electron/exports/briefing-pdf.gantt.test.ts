/**
 * The Gantt timeline in the briefing pack: landscape pages drawn as vectors from the Gantt
 * page's own layout, marked like every other page, with bars in agency colours and the critical
 * path outlined; a per-agency pack draws only what that agency sees.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BriefingRequest } from '../../../shared/api/exports.js';
import { SEED_AGENCIES } from '../../../shared/domain/agencies-seed.js';
import type { Task } from '../../../shared/domain/task.js';
import { t } from '../../../shared/i18n/index.js';
import { listTasksByOperation } from '../../../electron/db/repos/tasks.repo.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { exportBriefing } from '../../../electron/services/exports.js';
import { buildLargeOperation } from '../../helpers/large-operation.js';
import { tasksAgencySees } from '../../helpers/need-to-know.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';
import { pdfPages, squash, writeTemp } from './pdf-tools.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
let tc: TempContext;
let out: string;
let operationId: string;
let tasks: Task[];

beforeAll(() => {
  tc = openTempContext({ now: () => NOW });
  out = tempDataDir('spilno-pdf-gantt-');
  operationId = loadDemo(tc.ctx).operationId;
  tasks = listTasksByOperation(tc.ctx.db, operationId);
});
afterAll(() => {
  tc.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

async function pack(name: string, agencyId: string | null, ctx = tc.ctx, opId = operationId): Promise<string> {
  const r = await exportBriefing(ctx, BriefingRequest.parse({ operationId: opId, agencyId, lang: 'uk' }));
  return writeTemp(out, name, r.bytes);
}

/** 1-based numbers of the pages whose text holds the Gantt heading or continue it (landscape). */
function ganttPages(file: string): number[] {
  const pages = pdfPages(file);
  const first = pages.findIndex((p) => squash(p).includes(squash(t('uk', 'brief.gantt')))) + 1;
  expect(first).toBeGreaterThan(0);
  const found: number[] = [];
  for (let n = first; n <= pages.length && pageSize(file, n).landscape; n++) found.push(n);
  return found;
}

function pageSize(file: string, n: number): { landscape: boolean } {
  const info = execFileSync('pdfinfo', ['-f', String(n), '-l', String(n), file], { encoding: 'utf8' });
  const [, w, h] = /Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
  return { landscape: Number(w) > Number(h) };
}

/** Pixels of the rendered page within a small distance of `hex` (the watermark tints a little). */
function pixelsOf(file: string, page: number, hex: string): number {
  const prefix = path.join(out, `px-${page}-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', '60', '-f', String(page), '-l', String(page), '-singlefile', file, prefix]);
  const ppm = fs.readFileSync(`${prefix}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const data = ppm.subarray(header[0].length);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += 3) {
    if (Math.abs(data[i]! - r) < 14 && Math.abs(data[i + 1]! - g) < 14 && Math.abs(data[i + 2]! - b) < 14) n++;
  }
  return n;
}

const color = (id: string) => SEED_AGENCIES.find((a) => a.id === id)!.color;
/** What fits of a title in the chart's label column is at least its first words. */
const head = (title: string) => squash(title).slice(0, 14);

describe('Gantt timeline in the briefing pack', () => {
  it('the coordinator\'s pack draws every task on a marked landscape page, bars in agency colours, the critical path in red', async () => {
    const file = await pack('all.pdf', null);
    const pages = pdfPages(file);
    const gantt = ganttPages(file);
    expect(gantt).toHaveLength(1);
    const text = squash(pages[gantt[0]! - 1]!);
    expect(text.split(squash(`${t('uk', 'brief.marking')} · H2`)).length - 1).toBe(2);
    expect(text).toContain(squash(t('uk', 'brief.draft')));
    expect(text).toContain(squash(t('uk', 'brief.pageOf', { x: gantt[0]!, y: pages.length })));
    for (const task of tasks) expect(text, task.title).toContain(head(task.title));
    for (const key of ['gantt.legend.critical', 'gantt.legend.slack', 'gantt.legend.keyEvent', 'gantt.legend.decision'] as const) {
      expect(text).toContain(squash(t('uk', key)));
    }
    // Lags print on the arrows they belong to, in hours and minutes.
    expect(text).toContain(squash('+1 год'));
    // The axis is on the operation's clock: the demo's days, Kyiv time said.
    expect(text).toContain(squash('пн 30.11'));
    expect(text).toContain(squash('за київським часом'));
    for (const agencyId of new Set(tasks.map((x) => x.accountableAgencyId!))) {
      expect(pixelsOf(file, gantt[0]!, color(agencyId)), agencyId).toBeGreaterThan(20);
    }
    expect(pixelsOf(file, gantt[0]!, '#d92d20')).toBeGreaterThan(50);
  });

  it('an agency\'s pack draws only the tasks that agency sees, and says so', async () => {
    const file = await pack('dms.pdf', 'DMS');
    const gantt = ganttPages(file);
    const text = squash(gantt.map((n) => pdfPages(file)[n - 1]!).join('\n'));
    expect(text).toContain(squash(t('uk', 'brief.gantt.agencyNote')));
    const sees = new Set(tasksAgencySees(tc.ctx.db, operationId, 'DMS').map((x) => x.id));
    const seenHeads = new Set(tasks.filter((x) => sees.has(x.id)).map((x) => head(x.title)));
    for (const task of tasks) {
      if (sees.has(task.id)) expect(text, task.title).toContain(head(task.title));
      else if (!seenHeads.has(head(task.title))) expect(text, task.title).not.toContain(head(task.title));
    }
    // Customs' bars are drawn; prosecutors' (hidden from customs) are not.
    expect(pixelsOf(file, gantt[0]!, color('DMS'))).toBeGreaterThan(20);
    expect(pixelsOf(file, gantt[0]!, color('OGP'))).toBeLessThan(5);
  });

  it('500 tasks run over several landscape pages, each with the time axis, the marking and every task once', async () => {
    const big = openTempContext();
    try {
      const large = buildLargeOperation(big.ctx, { agencies: 12, tasks: 500 });
      const file = await pack('large.pdf', null, big.ctx, large.operationId);
      const pages = pdfPages(file);
      const gantt = ganttPages(file);
      expect(gantt.length).toBeGreaterThan(5);
      const rows = new Map<string, number>();
      for (const n of gantt) {
        const page = pages[n - 1]!;
        expect(squash(page)).toContain(squash(t('uk', 'gantt.tasks')));
        expect(squash(page).split(squash(t('uk', 'brief.marking'))).length - 1).toBe(2);
        for (const m of page.matchAll(/([A-Z]+-\d{4}) /g)) rows.set(m[1]!, (rows.get(m[1]!) ?? 0) + 1);
      }
      expect(rows.size).toBe(500);
      expect([...rows.values()].every((c) => c === 1)).toBe(true);
    } finally {
      big.cleanup();
    }
  });
});
