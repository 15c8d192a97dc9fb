/**
 * The scenario end to end, on five real SQLite files: the demo operation planned on the
 * police unit that leads it (a controlled delivery in the police's proceeding) is shared with
 * units of customs, the security service, the border guard and the prosecutors — first over
 * bundles handed to each (read with the real `age` CLI before import), then through the Sync
 * page's folder exchange (one shared folder, every unit running it in turn, each sending its own
 * edits and its own agreement mark), until the police approve it. Each unit ends with exactly
 * its agency's view of the operation — every task it may see with its assignments, the records
 * they refer to, the exchange entries, the legal spine and the decisions it may see, nothing
 * else — every row it shares with the police byte-identical, and an empty quarantine. The
 * expected views are worked out here from the rule as README states it, in SQL over the police
 * unit's tables (test/helpers/need-to-know.ts).
 */
import { LEAD_ONLY_FIELDS } from '../../../shared/visibility/rule.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../shared/sync/change.js';
import { ENTITIES } from '../../../electron/db/entities.js';
import { loadDemo } from '../../../electron/services/demo.js';
import { AgreeRequest } from '../../../shared/api/legal.js';
import { StatusChange } from '../../../shared/api/operations.js';
import { agree } from '../../../electron/services/legal.js';
import { changeOperationStatus, updateOperation } from '../../../electron/services/operations.js';
import { updateTask } from '../../../electron/services/tasks.js';
import { importBundle } from '../../../electron/sync/bundle-import.js';
import { syncFolders } from '../../../electron/sync/folders.js';
import { requireUnlocked } from '../../../electron/sync/identity.js';
import { viewOfAgency, type ExpectedView } from '../../helpers/need-to-know.js';
import { send, syncFixtures, trustAll, type Unit } from './sync-helpers.js';

const fx = syncFixtures();
const PARTICIPANTS = ['DMS', 'SBU', 'DPSU', 'OGP'] as const;

/** Every synced row a unit holds, keyed by table and key, without the local touch column. */
function heldRows(u: Unit): Map<string, string> {
  const out = new Map<string, string>();
  for (const def of Object.values(ENTITIES)) {
    for (const r of u.ctx.db.prepare(`SELECT * FROM ${def.table}`).all() as Record<string, unknown>[]) {
      if (def.touchColumn) delete r[def.touchColumn];
      out.set(`${def.table}:${def.key.map((k) => String(r[k])).join(':')}`, JSON.stringify(r));
    }
  }
  return out;
}

/** The rows of `view` as keys of heldRows; agencies (reference data) are everyone's. */
function viewKeys(v: ExpectedView, lead: Map<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const k of lead.keys()) {
    const [table, a] = k.split(':') as [string, string];
    const inView = table === 'agencies'
      || (table === 'operations' && v.operations.has(a))
      || (['operation_agencies', 'operation_notes', 'proceedings', 'operation_roles', 'agreements', 'international_items'].includes(table) && v.operations.size > 0)
      || (table === 'decisions' && v.decisions.has(a))
      || (table === 'phases' && v.phases.has(a))
      || (table === 'tasks' && v.tasks.has(a))
      || ((table === 'task_people' || table === 'task_resources') && v.tasks.has(a))
      || (table === 'people' && v.people.has(a))
      || (table === 'resources' && v.resources.has(a))
      || (table === 'units' && v.units.has(a))
      || (table === 'exchange_entries' && v.exchange.has(a));
    if (inView) keys.add(k);
  }
  return keys;
}

function expectExactlyItsView(u: Unit, police: Unit, operationId: string): ExpectedView {
  const view = viewOfAgency(police.ctx.db, operationId, u.agencyId);
  const all = heldRows(police);
  const mine = heldRows(u);
  const expected = viewKeys(view, all);
  expect([...mine.keys()].sort(), `${u.agencyId} holds exactly its view`).toEqual([...expected].sort());
  // Shared rows are byte-identical; the operation row of a participant only without the lead's
  // need-to-know columns (it never receives them).
  const leads = u.ctx.db.prepare('SELECT 1 FROM operations WHERE id = ? AND lead_agency_id = ?').get(operationId, u.agencyId) !== undefined;
  const leadOnly = [...(LEAD_ONLY_FIELDS.operation ?? [])].map((f) => ENTITIES.operation.fields[f]!.column);
  for (const [k, row] of mine) {
    let theirs = all.get(k)!;
    if (k.startsWith('operations:') && !leads) theirs = JSON.stringify({ ...JSON.parse(theirs) as object, ...Object.fromEntries(leadOnly.map((c) => [c, ''])) });
    expect(row, `${k} at ${u.agencyId}`).toBe(theirs);
  }
  expect(u.ctx.db.prepare('SELECT count(*) FROM sync_quarantine').pluck().get(), `${u.agencyId} quarantine`).toBe(0);
  expect(u.ctx.db.prepare('SELECT count(*) FROM sync_pending').pluck().get(), `${u.agencyId} waiting rows`).toBe(0);
  return view;
}

/** The rows a bundle carries, as the age CLI decrypts it with the recipient's identity. */
function rowsInBundle(file: string, reader: Unit, dir: string): Set<string> {
  const key = path.join(dir, `${reader.ctx.siteId}.agekey`);
  fs.writeFileSync(key, `${requireUnlocked(reader.ctx).ageIdentity}\n`, { mode: 0o600 });
  const lines = execFileSync('age', ['-d', '-i', key, file]).toString('utf8').trimEnd().split('\n').slice(1);
  return new Set(lines.map((l) => {
    const c = JSON.parse(l) as ChangeRecord;
    const def = ENTITIES[c.entity];
    return `${def.table}:${c.rowId}`;
  }));
}

describe('the demo shared from police with customs, security service, border guard and prosecutors', () => {
  it('over bundles, then through the folder exchange to approval: each unit ends with exactly its view', async () => {
    const police = await fx.unit('NPU', 'ГУНП у Волинській області');
    const units = new Map<string, Unit>();
    for (const a of PARTICIPANTS) units.set(a, await fx.unit(a, `Підрозділ ${a}`));
    const all = [police, ...units.values()];
    trustAll(all);
    const { operationId } = loadDemo(police.ctx);
    const dir = fx.dir();

    // 1. A bundle for each agency, read by the adversary's own tool before it is imported.
    for (const u of units.values()) {
      const sent = await send(police, [u], dir);
      const carried = rowsInBundle(sent.file, u, dir);
      const allowed = viewKeys(viewOfAgency(police.ctx.db, operationId, u.agencyId), heldRows(police));
      for (const row of carried) expect(allowed.has(row), `${u.agencyId}'s bundle carries ${row}`).toBe(true);
      const r = await importBundle(u.ctx, { path: sent.file });
      expect(r.quarantinedCount).toBe(0);
      expect(r.pendingRows).toBe(0);
    }
    const views = new Map([...units].map(([a, u]) => [a, expectExactlyItsView(u, police, operationId)]));
    // Of the 11 tasks: customs act in the briefing, the passage and the specialist's support; the
    // security service in the check of its information, the briefing and the control over the
    // movement; the border guard in the briefing and its border control only (its shift chief is
    // the one at the crossing point who knows); prosecutors in their decision — each with every
    // assignment. The decision's reference reaches the prosecutors (its holder) and the agencies
    // acting in a task it covers (customs, the security service), not the border guard.
    expect([...views].map(([a, v]) => `${a}:${v.tasks.size}`)).toEqual(['DMS:3', 'SBU:3', 'DPSU:2', 'OGP:1']);
    expect([...views].map(([a, v]) => `${a}:${v.decisions.size}`)).toEqual(['DMS:1', 'SBU:1', 'DPSU:0', 'OGP:1']);

    // 2. Through the folder exchange: each agency edits what it may, then every unit runs the
    // exchange over one shared folder (outbox/<peer site>/ is that peer's inbox), twice round.
    const dmsTask = [...views.get('DMS')!.tasks].find((id) => police.ctx.db.prepare('SELECT accountable_agency_id FROM tasks WHERE id = ?').pluck().get(id) === 'DMS')!;
    updateTask(units.get('DMS')!.ctx, { id: dmsTask, patch: { notes: 'Сканер на смузі з 06:00' } });
    const ogpTask = [...views.get('OGP')!.tasks][0]!;
    updateTask(units.get('OGP')!.ctx, { id: ogpTask, patch: { notes: 'Рішення № 42/2026 підписано' } });
    updateOperation(units.get('DPSU')!.ctx, operationId, { sustainment: 'Пальне — за рахунок кожного органу' });
    // Each participating agency gives its own agreement mark on its own unit.
    for (const [a, u] of units) agree(u.ctx, AgreeRequest.parse({ operationId, signedBy: `Керівник ${a}` }));
    const shared = fx.dir('spilno-folder-');
    const exchangeAll = async () => {
      for (let round = 0; round < 2; round++) {
        for (const u of all) {
          const r = await syncFolders(u.ctx, { outbox: shared, inbox: path.join(shared, u.ctx.siteId), autoImport: true });
          expect(r.refused, `${u.agencyId} refused`).toEqual([]);
          expect(r.awaitingReview, `${u.agencyId} left for review`).toEqual([]);
        }
      }
    };
    await exchangeAll();
    for (const u of units.values()) expectExactlyItsView(u, police, operationId);
    const notes = (u: Unit, id: string) => u.ctx.db.prepare('SELECT notes FROM tasks WHERE id = ?').pluck().get(id);
    expect(notes(police, dmsTask)).toBe('Сканер на смузі з 06:00');
    expect(notes(police, ogpTask)).toBe('Рішення № 42/2026 підписано');
    for (const u of all) {
      expect(u.ctx.db.prepare('SELECT sustainment FROM operations WHERE id = ?').pluck().get(operationId)).toBe('Пальне — за рахунок кожного органу');
    }

    // 3. The head of the lead body approves once every participant's mark has arrived; the
    // approval reaches every unit, and each still holds exactly its view.
    changeOperationStatus(police.ctx, StatusChange.parse({ id: operationId, to: 'planned' }));
    const approved = changeOperationStatus(police.ctx, StatusChange.parse({ id: operationId, to: 'approved', approvedBy: 'Начальник ГУНП у Волинській області' }));
    expect(approved.status).toBe('approved');
    await exchangeAll();
    for (const u of all) {
      expect(u.ctx.db.prepare('SELECT status FROM operations WHERE id = ?').pluck().get(operationId), u.agencyId).toBe('approved');
      expect(u.ctx.db.prepare('SELECT count(*) FROM agreements WHERE operation_id = ? AND deleted = 0').pluck().get(operationId), u.agencyId).toBe(4);
    }
    for (const u of units.values()) expectExactlyItsView(u, police, operationId);
  });
});
