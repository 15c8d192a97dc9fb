/**
 * `npm run bench -- multi-site`: a simulated federation on real units (a real SQLite file, real
 * keys, real bundles each): 100 units of 10 agencies, one headquarters unit per agency linked to
 * the other headquarters and to its own field units (the hub topology, README), 20 operations of
 * 3–6 agencies each, planned and edited at random by field units. A round is one simulated hour:
 * bundles due are delivered (imported), planners edit, then every unit writes what its peers
 * are owed by the automatic folder sync's own rules (sync/watch.ts: `peersOwed`,
 * `writeBundleFor` — debounced to the round, one per peer, replacing the one still in transit,
 * written again when unacknowledged for three hours). Delivery is imperfect on purpose: a
 * bundle takes one to five hours, 5 % are lost and 5 % arrive twice.
 *
 * Reported: rounds (simulated hours) until every unit of every agency taking part in an
 * operation holds the same tasks as its lead; edit latency (hours until every unit entitled to
 * an edit holds it); bytes written per unit per simulated day; bundle size by day while the
 * change record grows (it must follow the new changes, not the history); import CPU per unit.
 *
 * Scale: `npm run bench -- multi-site --units 30 --hours 12` (defaults 100 units, 24 hours of
 * editing, 10 edits an hour); the figures in README say which scale they come from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TaskDraft } from '../../shared/domain/task.js';
import { maxChangeSeq } from '../../electron/db/repos/change-log.repo.js';
import { createTask, updateTask } from '../../electron/services/tasks.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { addPeerFromCard, makeContactCard, trustPeer } from '../../electron/sync/identity.js';
import { importAndNote, peersOwed, writeBundleFor } from '../../electron/sync/watch.js';
import { newOperation, openUnit, withIdentity, type Unit } from '../electron/sync/sync-helpers.js';
import { tempDataDir } from '../helpers/temp-context.js';
import type { BenchReport } from './bench-kit.js';

export const explicitOnly = true;

const AGENCIES = ['NPU', 'DMS', 'SBU', 'DPSU', 'BEB', 'NABU', 'DBR', 'OGP', 'VSP', 'DAS'] as const;
/** Agencies that may lead a controlled delivery (criminal procedure powers). */
const LEADS = ['NPU', 'SBU', 'BEB', 'NABU', 'DBR'] as const;
const HOUR = 3_600_000;
const RESEND_MS = 3 * HOUR;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** mulberry32: the same federation and the same edits on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimUnit {
  unit: Unit;
  agency: string;
  hub: boolean;
  peers: SimUnit[];
  importCpuMs: number;
  bytesOut: number;
}

interface InTransit {
  from: SimUnit;
  to: SimUnit;
  file: string;
  bundleSeq: number;
  deliverAt: number;
  /** The sender's newer bundle replaced this one before it arrived (Syncthing deletes it). */
  replaced: boolean;
}

export async function run(report: BenchReport): Promise<void> {
  const unitCount = Math.max(AGENCIES.length * 2, Math.round(arg('units', 100)));
  const editHours = arg('hours', 24);
  const editsPerHour = arg('edits', 10);
  const random = rng(21);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let clock = Date.parse('2026-12-01T06:00:00Z');
  const now = () => new Date(clock);
  const work = tempDataDir('spilno-multi-site-');
  const setupStart = performance.now();

  // Units: the first of each agency is its headquarters.
  const sims: SimUnit[] = [];
  for (let i = 0; i < unitCount; i++) {
    const agency = AGENCIES[i % AGENCIES.length]!;
    const unit = await withIdentity(openUnit(agency, `${agency}-${Math.floor(i / AGENCIES.length)}`, now));
    sims.push({ unit, agency, hub: i < AGENCIES.length, peers: [], importCpuMs: 0, bytesOut: 0 });
  }
  const hubs = sims.filter((s) => s.hub);
  const hubOf = new Map(hubs.map((h) => [h.agency, h]));
  const cards = sims.map((s) => JSON.stringify(makeContactCard(s.unit.ctx)));
  for (const s of sims) {
    // Every unit holds every card (the federation's directory, so a relayed change names its
    // author's agency); it trusts only its links.
    s.unit.ctx.db.transaction(() => {
      sims.forEach((o, k) => { if (o !== s) addPeerFromCard(s.unit.ctx, cards[k]!); });
    })();
    s.peers = s.hub ? [...hubs.filter((h) => h !== s), ...sims.filter((o) => !o.hub && o.agency === s.agency)] : [hubOf.get(s.agency)!];
    for (const p of s.peers) trustPeer(s.unit.ctx, p.unit.ctx.siteId, makeContactCard(p.unit.ctx).fingerprint);
  }
  const field = sims.filter((s) => !s.hub);

  // Operations, each planned by a field unit of its lead agency.
  const ops: { id: string; agencies: string[]; tasks: string[] }[] = [];
  for (let i = 0; i < 20; i++) {
    const lead = pick(LEADS);
    const others = AGENCIES.filter((a) => a !== lead).slice().sort(() => random() - 0.5).slice(0, 2 + Math.floor(random() * 4));
    const planner = pick(field.filter((s) => s.agency === lead));
    const op = newOperation(planner.unit.ctx, {
      codeName: `ОПЕРАЦІЯ-${i + 1}`, leadAgencyId: lead, participatingAgencyIds: others,
      startsAt: '2026-12-05T06:00:00Z', endsAt: '2026-12-09T18:00:00Z',
    });
    ops.push({ id: op.id, agencies: [lead, ...others], tasks: [] });
  }
  report.line({ name: 'setup (units, keys, cards, operations)', value: (performance.now() - setupStart) / 1000, unit: 's', note: `${unitCount} units, ${hubs.length} headquarters, ${ops.length} operations` });

  const transit: InTransit[] = [];
  const latest = new Map<string, InTransit>();
  let round = 0;
  let bundles = 0;
  let lost = 0;
  let duplicated = 0;
  let refused = 0;
  /** Per 12 simulated hours: bytes and count of kept bundles, and the record length at the end. */
  const days: { bytes: number; bundles: number; changes: number; record: number }[] = [];
  /** Edits waiting to be seen everywhere they should be: round made, task, value. */
  const pendingEdits: { round: number; opIndex: number; taskId: string; title: string }[] = [];
  const latencies: number[] = [];
  let editCount = 0;

  /** Every title given to a task, in the order the edits were made. */
  const titlesOf = new Map<string, string[]>();
  const titleAt = (s: SimUnit, taskId: string) =>
    (s.unit.ctx.db.prepare('SELECT title FROM tasks WHERE id = ?').get(taskId) as { title: string } | undefined)?.title;
  /** An edit has landed when every entitled unit holds the same title for the task, and it is
   *  this edit's or a later one's (two concurrent edits of a field: the merge keeps one, the
   *  same everywhere, whichever of them was typed last). */
  const landed = (e: { opIndex: number; taskId: string; title: string }) => {
    const titles = titlesOf.get(e.taskId)!;
    const from = titles.lastIndexOf(e.title);
    const held = entitled(e.opIndex).map((s) => titleAt(s, e.taskId));
    return held.every((t) => t === held[0]) && (titles.indexOf(held[0]!, from) >= from || titles.slice(0, from).includes(held[0]!));
  };
  const entitled = (opIndex: number) => sims.filter((s) => ops[opIndex]!.agencies.includes(s.agency));

  const edit = () => {
    const s = pick(field);
    const mine = ops.map((o, k) => ({ o, k })).filter(({ o }) => o.agencies.includes(s.agency)
      && s.unit.ctx.db.prepare('SELECT 1 FROM operations WHERE id = ?').get(o.id) !== undefined);
    if (mine.length === 0) return;
    const { o, k } = pick(mine);
    const known = o.tasks.filter((t) => s.unit.ctx.db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(t) !== undefined);
    const title = `Завдання ${++editCount} (${s.unit.ctx.unitName})`;
    let taskId: string;
    if (known.length > 0 && random() < 0.6) {
      taskId = pick(known);
      updateTask(s.unit.ctx, { id: taskId, patch: { title } });
    } else {
      const day = `2026-12-0${5 + Math.floor(random() * 4)}`;
      const hour = 6 + Math.floor(random() * 10);
      taskId = createTask(s.unit.ctx, TaskDraft.parse({
        operationId: o.id, title, type: 'escort', accountableAgencyId: null,
        startsAt: `${day}T${String(hour).padStart(2, '0')}:00:00Z`, endsAt: `${day}T${String(hour + 2).padStart(2, '0')}:00:00Z`,
      })).id;
      o.tasks.push(taskId);
    }
    (titlesOf.get(taskId) ?? titlesOf.set(taskId, []).get(taskId)!).push(title);
    pendingEdits.push({ round, opIndex: k, taskId, title });
  };

  const converged = (only?: number[]) => ops.every((o, k) => {
    if (only && !only.includes(k)) return true;
    const digests = entitled(k).map((s) => JSON.stringify(s.unit.ctx.db.prepare('SELECT id, title, starts_at FROM tasks WHERE operation_id = ? ORDER BY id').all(o.id)));
    return digests.every((d) => d === digests[0]);
  });

  const simStart = performance.now();
  let quietRounds = -1;
  const maxRounds = editHours + 72;
  for (round = 1; round <= maxRounds; round++) {
    clock += HOUR;
    // 1. Deliveries due, each receiver's in the order its senders wrote them.
    const due = transit.filter((t) => t.deliverAt <= round && !t.replaced).sort((a, b) => a.bundleSeq - b.bundleSeq);
    for (const t of due) {
      const c0 = process.cpuUsage();
      try {
        await importAndNote(t.to.unit.ctx, t.file);
      } catch (e) {
        const key = (e as { details?: Record<string, unknown> }).details?.['messageKey'];
        if (key !== 'bundle.stale') {
          refused++;
          if (refused <= 3) console.error('refused:', (e as Error).message);
        }
      }
      const c = process.cpuUsage(c0);
      t.to.importCpuMs += (c.user + c.system) / 1000;
    }
    for (let i = transit.length - 1; i >= 0; i--) if (transit[i]!.deliverAt <= round || transit[i]!.replaced) transit.splice(i, 1);

    // 2. Planners edit during the working hours of the first `editHours`.
    if (round <= editHours) for (let i = 0; i < editsPerHour; i++) edit();

    // 3. Every unit writes what its peers are owed.
    const dayIndex = Math.floor((round - 1) / 12);
    days[dayIndex] ??= { bytes: 0, bundles: 0, changes: 0, record: 0 };
    for (const s of sims) {
      for (const peer of peersOwed(s.unit.ctx, clock, RESEND_MS)) {
        const to = sims.find((o) => o.unit.ctx.siteId === peer.site_id)!;
        const file = path.join(work, `${bundles++}.spilno`);
        const { written, kept } = await writeBundleFor(s.unit.ctx, peer, file);
        if (!kept) continue;
        s.bytesOut += written.bytes;
        days[dayIndex].bytes += written.bytes;
        days[dayIndex].bundles++;
        days[dayIndex].changes += written.changeCount;
        const key = `${s.unit.ctx.siteId}>${peer.site_id}`;
        const before = latest.get(key);
        if (before && before.deliverAt > round) before.replaced = true;
        if (random() < 0.05) {
          lost++;
          continue;
        }
        const delay = 1 + (random() < 0.7 ? 0 : random() < 0.67 ? 1 : 2 + Math.floor(random() * 3));
        const t: InTransit = { from: s, to, file, bundleSeq: written.bundleSeq, deliverAt: round + delay, replaced: false };
        transit.push(t);
        latest.set(key, t);
        if (random() < 0.05) {
          duplicated++;
          transit.push({ ...t, deliverAt: t.deliverAt + 1 + Math.floor(random() * 3) });
        }
      }
    }
    days[dayIndex].record = Math.max(...sims.map((s) => maxChangeSeq(s.unit.ctx.db)));

    // Edits now held by every unit entitled to them.
    for (let i = pendingEdits.length - 1; i >= 0; i--) {
      const e = pendingEdits[i]!;
      if (landed(e)) {
        latencies.push(round - e.round);
        pendingEdits.splice(i, 1);
      }
    }
    if (round > editHours && pendingEdits.length === 0 && transit.length === 0 && converged()) {
      quietRounds = round - editHours;
      break;
    }
  }
  const wall = (performance.now() - simStart) / 1000;
  const simDays = (round) / 24;

  const diverged = ops.filter((_, k) => !converged([k])).length;
  report.line({
    name: 'rounds (simulated hours) after the last edit until every unit converged', value: quietRounds, unit: 'h',
    note: quietRounds < 0
      ? `not converged within ${maxRounds - editHours} h: ${diverged} operations differ, ${pendingEdits.length} edits not landed, ${transit.length} bundles in transit`
      : `${editCount} edits over ${editHours} h`,
  });
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  report.line({ name: 'edit latency, median', value: q(0.5), unit: 'h', note: `until every unit of every agency taking part holds it (${latencies.length} edits)` });
  report.line({ name: 'edit latency, 95th percentile', value: q(0.95), unit: 'h' });
  report.line({ name: 'edit latency, max', value: latencies[latencies.length - 1] ?? NaN, unit: 'h' });
  report.line({ name: 'bundles written', value: bundles, unit: '', note: `${lost} lost, ${duplicated} delivered twice, ${refused} refused` });
  const totalBytes = sims.reduce((a, s) => a + s.bytesOut, 0);
  report.line({ name: 'bytes per unit per simulated day, field unit', value: field.reduce((a, s) => a + s.bytesOut, 0) / field.length / simDays / 1024, unit: 'KiB' });
  report.line({ name: 'bytes per unit per simulated day, headquarters', value: hubs.reduce((a, s) => a + s.bytesOut, 0) / hubs.length / simDays / 1024, unit: 'KiB' });
  report.line({ name: 'bytes per unit per simulated day, all', value: totalBytes / sims.length / simDays / 1024, unit: 'KiB' });
  days.forEach((d, i) => {
    report.line({
      name: `hours ${i * 12 + 1}–${(i + 1) * 12}: mean bundle`, value: d.bundles ? d.bytes / d.bundles / 1024 : 0, unit: 'KiB',
      note: `${d.bundles} bundles, ${d.bundles ? (d.changes / d.bundles).toFixed(1) : 0} changes each; longest change record ${d.record}`,
    });
  });
  // What a bundle of the whole history costs, for comparison: the first headquarters to the second.
  const fullFile = path.join(work, 'full.spilno');
  const full = await exportBundle(hubs[0]!.unit.ctx, { peers: [hubs[1]!.unit.ctx.siteId], outPath: fullFile, full: true });
  report.line({ name: 'a full bundle (whole history) between two headquarters at the end', value: full.bytes / 1024, unit: 'KiB', note: `${full.changeCount} changes` });
  const cpu = (xs: SimUnit[]) => xs.reduce((a, s) => a + s.importCpuMs, 0) / xs.length / simDays;
  report.line({ name: 'import CPU per field unit per simulated day', value: cpu(field), unit: 'ms' });
  report.line({ name: 'import CPU per headquarters per simulated day', value: cpu(hubs), unit: 'ms' });
  report.line({ name: 'simulation wall time', value: wall, unit: 's', note: `${round} rounds` });

  for (const s of sims) s.unit.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
}
