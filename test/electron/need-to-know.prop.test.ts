/**
 * Need-to-know, from the adversary's side: random plans (agencies taking part or not, tasks
 * with and without an accountable agency, cross-agency assignments, exchange entries H0–H3
 * inside and outside the operation) are built on the lead's unit, then every producer makes
 * its file for every recipient agency — a sync bundle and the encrypted briefing pack (PDF,
 * calendar, contacts in a tar) — and the files are opened with the real `age` CLI, `tar` and
 * `pdftotext`. Every text that belongs to something outside the recipient's view (a task title,
 * a person's name, callsign and phone, a resource, a unit, an exchange entry) carries a unique
 * marker, and no marker of a hidden thing may appear in what the recipient can read.
 *
 * The view is worked out here from the rule as README states it, not by the code under test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackRequest } from '../../shared/api/exports.js';
import { PersonDraft, ResourceDraft, UnitDraft } from '../../shared/domain/directory.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { PhaseDraft } from '../../shared/domain/operation.js';
import { TaskDraft } from '../../shared/domain/task.js';
import { createPerson, createResource, createUnit } from '../../electron/services/directory.js';
import { createExchange } from '../../electron/services/exchange.js';
import { addPhase, updateOperation } from '../../electron/services/operations.js';
import { exportPack } from '../../electron/services/exports.js';
import { createTask } from '../../electron/services/tasks.js';
import { exportBundle } from '../../electron/sync/bundle-export.js';
import { requireUnlocked } from '../../electron/sync/identity.js';
import { tempDataDir } from '../helpers/temp-context.js';
import { pdfPages, squash } from './exports/pdf-tools.js';
import { newOperation, openUnit, trust, withIdentity, type Unit } from './sync/sync-helpers.js';

const AGENCIES = ['DMS', 'NPU', 'SBU', 'DPSU', 'OGP'] as const;
/** Recipients: every agency above plus one that never takes part. */
const RECIPIENTS = [...AGENCIES, 'BEB'] as const;

interface PlanModel {
  lead: string;
  participants: string[];
  people: string[];
  resources: string[];
  tasks: { accountable: string | null; unit: boolean; people: number[]; resources: number[] }[];
  exchange: { from: string; to: string; handling: 'H0' | 'H1' | 'H2' | 'H3'; inOperation: boolean }[];
}

const agency = fc.constantFrom(...AGENCIES);
const planModel: fc.Arbitrary<PlanModel> = fc.record({
  lead: agency,
  participants: fc.subarray([...AGENCIES]),
  people: fc.array(fc.constantFrom(...AGENCIES, 'BEB'), { minLength: 1, maxLength: 6 }),
  resources: fc.array(agency, { maxLength: 3 }),
  tasks: fc.array(fc.record({
    accountable: fc.option(agency, { nil: null }),
    unit: fc.boolean(),
    people: fc.array(fc.nat(), { maxLength: 3 }),
    resources: fc.array(fc.nat(), { maxLength: 2 }),
  }), { minLength: 1, maxLength: 6 }),
  exchange: fc.array(fc.record({
    from: agency, to: agency, handling: fc.constantFrom('H0' as const, 'H1' as const, 'H2' as const, 'H3' as const), inOperation: fc.boolean(),
  }).filter((e) => e.from !== e.to), { maxLength: 4 }),
});

let counter = 0;
/** A marker no other marker contains. */
const marker = () => `ZQ${(counter++).toString(36).toUpperCase().padStart(5, '0')}X`;
const phone = () => `+38067${String(counter++).padStart(7, '0')}`;

interface Thing {
  /** Texts that appear wherever this thing is shown. */
  markers: string[];
  visibleTo: (agencyId: string) => boolean;
}

let recipients: Map<string, Unit>;
let keyFiles: Map<string, string>;
let dir: string;

beforeAll(async () => {
  dir = tempDataDir('spilno-ntk-prop-');
  recipients = new Map();
  keyFiles = new Map();
  for (const a of RECIPIENTS) {
    const u = await withIdentity(openUnit(a, `Підрозділ ${a}`));
    recipients.set(a, u);
    const key = path.join(dir, `${a}.agekey`);
    fs.writeFileSync(key, `${requireUnlocked(u.ctx).ageIdentity}\n`, { mode: 0o600 });
    keyFiles.set(a, key);
  }
});
afterAll(() => {
  for (const u of recipients.values()) u.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Builds the plan on a fresh unit of the lead agency; returns what each marker belongs to. */
async function build(m: PlanModel): Promise<{ lead: Unit; operationId: string; things: Thing[]; taskTitles: Map<string, string> }> {
  const lead = openUnit(m.lead, `Штаб ${m.lead}`);
  const ctx = lead.ctx;
  const participants = m.participants.filter((a) => a !== m.lead);
  const takesPart = (a: string) => a === m.lead || participants.includes(a);
  const op = newOperation(ctx, { leadAgencyId: m.lead, participatingAgencyIds: participants, codeName: 'СПІЛЬНИЙ ПЛАН' });
  const things: Thing[] = [];
  // The lead's need-to-know fields: the lead alone; a phase nobody acts in: everyone taking part.
  const sources = marker();
  const details = marker();
  updateOperation(ctx, op.id, { restrictedSources: `Джерело ${sources}`, restrictedDetails: `Місце ${details}` });
  things.push({ markers: [sources, details], visibleTo: (a) => a === m.lead });
  const emptyPhase = marker();
  addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: `Резерв ${emptyPhase}`, startsAt: '2026-12-05T05:00:00Z', endsAt: '2026-12-05T06:00:00Z' }));
  things.push({ markers: [emptyPhase], visibleTo: takesPart });

  const unitIds = new Map<string, string>();
  const unitName = new Map<string, string>();
  for (const a of new Set([...AGENCIES, ...m.people])) {
    const name = `Підрозділ ${marker()}`;
    unitIds.set(a, createUnit(ctx, UnitDraft.parse({ agencyId: a, name })).id);
    unitName.set(a, name);
  }
  const people = m.people.map((a) => {
    const fullName = `Особа ${marker()}`;
    const callsign = marker();
    const tel = phone();
    const p = createPerson(ctx, PersonDraft.parse({ agencyId: a, unitId: unitIds.get(a), fullName, callsign, phone: tel }));
    return { id: p.id, agency: a, texts: [fullName.split(' ')[1]!, callsign, tel] };
  });
  const resources = m.resources.map((a) => {
    const name = `Засіб ${marker()}`;
    const identifier = marker();
    const r = createResource(ctx, ResourceDraft.parse({ agencyId: a, unitId: unitIds.get(a), name, kind: 'vehicle', identifier }));
    return { id: r.id, agency: a, texts: [name.split(' ')[1]!, identifier] };
  });

  const taskTitles = new Map<string, string>();
  const visibleTasksOf = new Map<string, Set<number>>();
  m.tasks.forEach((t, i) => {
    const staff = [...new Set(t.people.map((k) => k % people.length))];
    const gear = resources.length ? [...new Set(t.resources.map((k) => k % resources.length))] : [];
    const unitAgency = t.unit ? (t.accountable ?? m.lead) : null;
    const title = `Завдання ${marker()}`;
    const startsAt = `2026-12-05T${String(6 + 2 * i).padStart(2, '0')}:00:00Z`;
    // Each task in its own phase: a phase is seen by those who see a task in it.
    const phaseName = `Фаза ${marker()}`;
    const phase = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: phaseName, startsAt, endsAt: `2026-12-05T${String(7 + 2 * i).padStart(2, '0')}:00:00Z` }));
    const task = createTask(ctx, TaskDraft.parse({
      operationId: op.id, phaseId: phase.id, title, type: 'escort', accountableAgencyId: t.accountable,
      unitId: unitAgency ? unitIds.get(unitAgency) : null,
      personIds: staff.map((k) => people[k]!.id), resourceIds: gear.map((k) => resources[k]!.id),
      // One task after another: the same officer on two tasks is no double booking.
      startsAt, endsAt: `2026-12-05T${String(7 + 2 * i).padStart(2, '0')}:00:00Z`,
    }));
    taskTitles.set(task.id, title.split(' ')[1]!);
    // README: the lead sees every task; another agency that takes part sees the tasks nobody is
    // accountable for and those it acts in (accountable, its unit, people or resources on it).
    const actsIn = (a: string) => t.accountable === a || unitAgency === a
      || staff.some((k) => people[k]!.agency === a) || gear.some((k) => resources[k]!.agency === a);
    const sees = (a: string) => takesPart(a) && (a === m.lead || t.accountable === null || actsIn(a));
    things.push({ markers: [title.split(' ')[1]!], visibleTo: sees });
    things.push({ markers: [phaseName.split(' ')[1]!], visibleTo: sees });
    for (const a of RECIPIENTS) {
      if (!sees(a)) continue;
      let set = visibleTasksOf.get(a);
      if (!set) visibleTasksOf.set(a, (set = new Set()));
      set.add(i);
    }
  });
  // A record is seen by whoever sees a task it is on; a unit by whoever sees a task, person or
  // resource of it.
  const onVisibleTask = (a: string, test: (t: PlanModel['tasks'][number], i: number) => boolean) =>
    [...(visibleTasksOf.get(a) ?? [])].some((i) => test(m.tasks[i]!, i));
  people.forEach((p, k) => things.push({
    markers: p.texts,
    visibleTo: (a) => onVisibleTask(a, (t) => t.people.some((x) => x % people.length === k)),
  }));
  resources.forEach((r, k) => things.push({
    markers: r.texts,
    visibleTo: (a) => onVisibleTask(a, (t) => t.resources.some((x) => x % resources.length === k)),
  }));
  for (const [unitAgency, name] of unitName) {
    things.push({
      markers: [name.split(' ')[1]!],
      visibleTo: (a) => onVisibleTask(a, (t) => (t.unit && (t.accountable ?? m.lead) === unitAgency)
        || t.people.some((x) => people[x % people.length]!.agency === unitAgency)
        || (resources.length > 0 && t.resources.some((x) => resources[x % resources.length]!.agency === unitAgency))),
    });
  }
  for (const e of m.exchange) {
    const subject = `Відомості ${marker()}`;
    const body = `Зміст ${marker()}`;
    createExchange(ctx, ExchangeDraft.parse({
      kind: 'art558_information', fromAgencyId: e.from, toAgencyId: e.to, subject, body, legalBasis: 'ст. 558 МКУ',
      handlingCode: e.handling, handlingNote: e.handling === 'H3' ? 'Лише для керівника' : '',
      operationId: e.inOperation ? op.id : null,
    }));
    // Parties always; inside the operation, those who take part when H0/H1; an entry of the
    // operation only for those who see the operation.
    const party = (a: string) => a === e.from || a === e.to;
    things.push({
      markers: [subject.split(' ')[1]!, body.split(' ')[1]!],
      visibleTo: (a) => (e.inOperation ? takesPart(a) && (party(a) || e.handling === 'H0' || e.handling === 'H1') : party(a)),
    });
  }
  await withIdentity(lead);
  for (const r of recipients.values()) trust(lead, r);
  return { lead, operationId: op.id, things, taskTitles };
}

function ageDecrypt(file: string, agencyId: string): Buffer {
  return execFileSync('age', ['-d', '-i', keyFiles.get(agencyId)!, file]);
}

function expectNothingHidden(text: string, things: readonly Thing[], agencyId: string, what: string): void {
  const flat = squash(text);
  for (const t of things) {
    if (t.visibleTo(agencyId)) continue;
    for (const mk of t.markers) expect(flat.includes(mk), `${what} for ${agencyId} holds hidden ${mk}`).toBe(false);
  }
}

describe('need-to-know across every producer', () => {
  it('no recipient can read anything outside its view in a bundle or a briefing pack', async () => {
    await fc.assert(fc.asyncProperty(planModel, async (m) => {
      const { lead, operationId, things, taskTitles } = await build(m);
      try {
        for (const a of RECIPIENTS) {
          const peer = recipients.get(a)!;
          const bundleFile = path.join(dir, `bundle-${a}.spilno`);
          await exportBundle(lead.ctx, { peers: [peer.ctx.siteId], outPath: bundleFile });
          const bundle = ageDecrypt(bundleFile, a).toString('utf8');
          expectNothingHidden(bundle, things, a, 'bundle');
          // …and the bundle is the whole view: every task the recipient may see is in it.
          for (const t of things.filter((x) => x.markers.length === 1 && [...taskTitles.values()].includes(x.markers[0]!))) {
            if (t.visibleTo(a)) expect(bundle, `bundle for ${a}`).toContain(t.markers[0]);
          }

          const takesPart = a === m.lead || m.participants.includes(a);
          const request = PackRequest.parse({ operationId, agencyId: a, lang: 'uk', recipients: [requireUnlocked(peer.ctx).ageRecipient] });
          if (!takesPart) {
            await expect(exportPack(lead.ctx, request)).rejects.toMatchObject({ code: 'invalid_input' });
            continue;
          }
          const packFile = path.join(dir, `pack-${a}.tar.age`);
          fs.writeFileSync(packFile, (await exportPack(lead.ctx, request)).bytes);
          const out = fs.mkdtempSync(path.join(dir, `pack-${a}-`));
          fs.writeFileSync(path.join(out, 'pack.tar'), ageDecrypt(packFile, a));
          execFileSync('tar', ['-xf', path.join(out, 'pack.tar'), '-C', out]);
          const files = fs.readdirSync(out).filter((f) => f !== 'pack.tar').sort();
          expect(files).toEqual([
            expect.stringMatching(new RegExp(`-${a}-\\d{4}-\\d\\d-\\d\\d-briefing-copy\\d+-uk\\.pdf$`)),
            expect.stringMatching(new RegExp(`-${a}-\\d{4}-\\d\\d-\\d\\d-calendar\\.ics$`)),
            expect.stringMatching(new RegExp(`-${a}-\\d{4}-\\d\\d-\\d\\d-contacts\\.vcf$`)),
          ]);
          expectNothingHidden(pdfPages(path.join(out, files[0]!)).join('\n'), things, a, 'briefing PDF');
          expectNothingHidden(fs.readFileSync(path.join(out, files[2]!), 'utf8'), things, a, 'contacts');
          expectNothingHidden(fs.readFileSync(path.join(out, files[1]!), 'utf8'), things, a, 'calendar');
          fs.rmSync(out, { recursive: true, force: true });
        }
      } finally {
        lead.cleanup();
      }
    }), { numRuns: 4 });
  }, 180_000);
});
