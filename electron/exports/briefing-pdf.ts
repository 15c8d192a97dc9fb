/**
 * The briefing pack as a PDF, drawn from the data (never a screenshot) so it reads on paper and
 * its text can be searched and checked. Layout policy:
 * - every page carries the national marking and the handling code in its header and footer, and
 *   the recipient as a watermark: a page torn out of the pack still says what it is and whose;
 * - all times are in the operation's time zone, stated on the cover.
 * Page set-up, fonts, the marking, text blocks and tables are the PDF engine's (./pdf/); this
 * module says what the pack contains and in which order.
 */
import { t, tDynamic, type Lang } from '../../shared/i18n/index.js';
import { agencyShort } from '../../shared/domain/directory.js';
import type { Task } from '../../shared/domain/task.js';
import { formatDegrees, toMgrs } from '../../shared/geo/mgrs.js';
import { operationGeo } from '../../shared/geo/operation-geo.js';
import { describeConflict } from '../../shared/scheduling/describe.js';
import { redactHidden, type BriefingModel } from './briefing-model.js';
import { Clock } from './pdf/clock.js';
import { createPdf, DRAFT_RED, GREY, PAGE, SIZE } from './pdf/document.js';
import { builtInBasemap } from './pdf/basemap.js';
import { drawGanttChart } from './pdf/gantt-chart.js';
import { drawMapChart, drawMapLegend } from './pdf/map-chart.js';
import { drawPageMarking } from './pdf/marking.js';
import { drawSignatureBlock } from './pdf/signature.js';
import { Writer } from './pdf/writer.js';

export interface BriefingPdfOptions {
  lang: Lang;
  /** Told the pages drawn so far (see createPdf). */
  onPage?: (pages: number) => void;
}

/** Renders the pack; resolves to the PDF bytes. */
export function renderBriefingPdf(model: BriefingModel, options: BriefingPdfOptions): Promise<Buffer> {
  const { lang } = options;
  const op = model.operation;
  const { doc, finish } = createPdf({
    title: `${op.codeName} — ${t(lang, 'brief.title')}`,
    subject: `${t(lang, 'brief.marking')} · ${op.handlingCode}`,
    createdAt: model.generatedAt,
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });
  const w = new Writer(doc);
  const clock = new Clock(lang, op.timeZone);
  const ctx = new PackText(model, lang, clock);
  drawCover(w, ctx);
  w.newPage();
  drawOrder(w, ctx);
  drawMap(w, ctx);
  w.newPage();
  drawOrganisation(w, ctx);
  drawAssignments(w, ctx);
  w.newPage();
  drawTimeline(w, ctx);
  if (drawGantt(w, ctx)) w.newPage();
  drawMatrix(w, ctx);
  drawLegal(w, ctx);
  drawConflicts(w, ctx);
  drawAgreementAndDistribution(w, ctx);
  drawMarking(w, ctx);
  return finish();
}

/** The engine's page marking, filled in with this pack's marking, copy, recipient and draft state. */
function drawMarking(w: Writer, c: PackText): void {
  const { lang, m } = c;
  const watermark = m.recipientAgencyId === null ? t(lang, 'brief.allAgencies') : c.agencyShort(m.recipientAgencyId);
  drawPageMarking(w.doc, {
    marking: [t(lang, 'brief.marking'), c.handling(), m.copy ? t(lang, 'brief.copy', { n: m.copy.number }) : ''],
    label: `${m.operation.codeName} · ${watermark}`,
    watermark,
    // «ПРОЄКТ» stamped at the top of every page until the operation is approved.
    draft: m.draft ? t(lang, 'brief.draft') : null,
    footnote: m.operation.registrationNumber ? t(lang, 'brief.regShort', { n: m.operation.registrationNumber }) : '',
    pageOf: (x, y) => t(lang, 'brief.pageOf', { x, y }),
  });
}

/** Names and labels in the pack's language. */
class PackText {
  constructor(readonly m: BriefingModel, readonly lang: Lang, readonly clock: Clock) {}
  agencyName(id: string | null): string {
    if (id === null || id === '') return '—';
    const a = this.m.agencies.get(id);
    if (!a) return id;
    return this.lang === 'uk' ? a.nameUk : a.nameEn;
  }
  /** ДМС, прокуратура; SCS, prosecutor's office: a Latin code is no word of Ukrainian text. */
  agencyShort(id: string | null): string {
    if (id === null || id === '') return '—';
    const a = this.m.agencies.get(id);
    return a ? agencyShort(a, this.lang) : id;
  }
  /** The lead's need-to-know fields: in the whole-plan copy and in the lead agency's own. */
  holdsRestricted(): boolean {
    return this.m.recipientAgencyId === null || this.m.recipientAgencyId === this.m.operation.leadAgencyId;
  }
  recipientLabel(): string {
    return this.m.recipientAgencyId === null
      ? t(this.lang, 'brief.allAgencies')
      : `${this.agencyShort(this.m.recipientAgencyId)} — ${this.agencyName(this.m.recipientAgencyId)}`;
  }
  phaseName(id: string | null): string {
    return this.m.phases.find((p) => p.id === id)?.name ?? '—';
  }
  markers(task: Task): string {
    return [
      task.isKeyEvent ? t(this.lang, 'brief.keyEvent') : '',
      task.isDecisionPoint ? t(this.lang, 'brief.decisionPoint') : '',
    ].filter(Boolean).join(', ');
  }
  handling(): string {
    const op = this.m.operation;
    return op.handlingCode === 'H3' && op.handlingNote ? `${op.handlingCode} (${op.handlingNote})` : op.handlingCode;
  }
}

function drawCover(w: Writer, c: PackText): void {
  const { lang, m } = c;
  const op = m.operation;
  const doc = w.doc;
  // The document's marking block, top right as on any marked document: the marking, this
  // copy's number, the item of the agency's list that makes it restricted, the registration
  // number; under it the approval block.
  const colW = w.width * 0.46;
  const colX = w.left + w.width - colW;
  doc.y = PAGE.top;
  w.font(true, SIZE.body).doc.fillColor('black').text(t(lang, 'brief.marking'), colX, doc.y, { width: colW });
  if (m.copy) w.font(true, SIZE.body).doc.text(t(lang, 'brief.copy', { n: m.copy.number }), colX, doc.y, { width: colW });
  if (op.restrictedListItem) w.font(false, SIZE.small).doc.fillColor(GREY).text(op.restrictedListItem, colX, doc.y, { width: colW });
  if (op.registrationNumber) {
    w.font(false, SIZE.small).doc.fillColor(GREY).text(t(lang, 'brief.regShort', { n: op.registrationNumber }), colX, doc.y, { width: colW });
  }
  doc.moveDown(1);
  // Approved: who approved and when, as recorded; before that, who is to approve.
  const approved = !m.draft && op.approvedBy.trim() !== '';
  drawSignatureBlock(w, colX, colW, t(lang, 'brief.approve'), [approved ? op.approvedBy : op.approverPosition],
    approved ? '' : op.approverName, lang, approved && op.approvedAt ? c.clock.at(op.approvedAt).slice(0, 10) : null);

  doc.moveDown(1.5);
  w.font(false, 12).doc.fillColor('black').text(t(lang, 'brief.title'), w.left, doc.y, { width: w.width, align: 'center' });
  doc.moveDown(0.5);
  w.font(true, 26).doc.text(op.codeName, w.left, doc.y, { width: w.width, align: 'center' });
  doc.moveDown(0.3);
  w.font(false, 13).doc.text(tDynamic(lang, `opType.${op.type}`), w.left, doc.y, { width: w.width, align: 'center' });
  if (m.draft) {
    doc.moveDown(0.5);
    w.font(true, SIZE.h2).doc.fillColor(DRAFT_RED).text(t(lang, 'brief.draftNote'), w.left, doc.y, { width: w.width, align: 'center' });
  }
  doc.moveDown(1.5);
  w.field(t(lang, 'brief.recipient'), c.recipientLabel());
  if (m.copy) w.field(t(lang, 'brief.copyOf'), `№ ${m.copy.number}${m.copy.addressee ? ` — ${m.copy.addressee}` : ''}`);
  w.field(t(lang, 'brief.regNumber'), op.registrationNumber);
  w.field(t(lang, 'brief.listItem'), op.restrictedListItem);
  w.field(t(lang, 'brief.handlingCode'), c.handling());
  w.field(t(lang, 'brief.status'), tDynamic(lang, `status.${op.status}`));
  w.field(t(lang, 'brief.leadAgency'), `${c.agencyShort(op.leadAgencyId)} — ${c.agencyName(op.leadAgencyId)}`);
  w.field(t(lang, 'brief.formality'), `${tDynamic(lang, `form.${op.form}`)} · ${tDynamic(lang, `formality.${op.formality}`)}`);
  w.field(t(lang, 'brief.window'), c.clock.range(op.startsAt, op.endsAt));
  w.field(t(lang, 'brief.timeZone'), c.clock.zoneLabel(op.startsAt));
  w.field(t(lang, 'brief.generatedAt'), c.clock.at(m.generatedAt));
  w.field(t(lang, 'brief.validUntil'), c.clock.at(m.validUntil));
  doc.moveDown(1);
  w.para(m.recipientAgencyId === null ? t(lang, 'brief.coordinatorPack') : t(lang, 'brief.agencyPack'), '');
  w.font(false, SIZE.small);
  doc.fillColor(GREY).text(`${c.clock.allTimes(op.startsAt)}. ${t(lang, 'brief.notCertified')}`,
    w.left, doc.y, { width: w.width });
}

function drawOrder(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  const op = m.operation;
  const none = t(lang, 'brief.none');

  w.h1(t(lang, 'brief.s1'));
  w.h2(t(lang, 'brief.s1.summary'));
  w.para(op.situation, none);
  w.h2(t(lang, 'brief.s1.area'));
  w.para(op.area, none);
  if (op.locations.length > 0) {
    w.bullets(op.locations.map((l) => l.point ? `${l.label} (${l.point.lat.toFixed(5)}, ${l.point.lon.toFixed(5)})` : l.label));
  }
  w.h2(t(lang, 'brief.s1.subjects'));
  if (op.subjects.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.kind'), width: 0.16 },
      { header: t(lang, 'brief.col.details'), width: 0.5 },
      { header: t(lang, 'brief.col.notes'), width: 0.34 },
    ], op.subjects.map((s) => [tDynamic(lang, `subject.${s.kind}`), subjectDetails(s, lang), s.notes]));
  }
  w.h2(t(lang, 'brief.s1.risks'));
  if (op.risks.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.threat'), width: 0.28 },
      { header: t(lang, 'brief.col.likelihood'), width: 0.12 },
      { header: t(lang, 'brief.col.impact'), width: 0.1 },
      { header: t(lang, 'brief.col.mitigation'), width: 0.34 },
      { header: t(lang, 'brief.col.owner'), width: 0.16 },
    ], op.risks.map((r) => [r.threat, tDynamic(lang, `risk.${r.likelihood}`), tDynamic(lang, `risk.${r.impact}`), r.mitigation, r.owner]));
  }

  if (c.holdsRestricted()) {
    w.h2(t(lang, 'brief.restricted'));
    w.h3(t(lang, 'brief.restricted.sources'));
    w.para(op.restrictedSources, none);
    w.h3(t(lang, 'brief.restricted.details'));
    w.para(op.restrictedDetails, none);
  }

  w.h1(t(lang, 'brief.s2'));
  w.para(op.objectives, none);

  w.h1(t(lang, 'brief.s3'));
  w.h2(t(lang, 'brief.s3.concept'));
  w.para(op.execution, none);
  w.h2(t(lang, 'brief.s3.phases'));
  if (m.phases.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.phase'), width: 0.5 },
      { header: t(lang, 'brief.col.time'), width: 0.5 },
    ], m.phases.map((p) => [`${p.ordinal + 1}. ${p.name}`, clock.range(p.startsAt, p.endsAt)]));
  }
  w.h2(t(lang, 'brief.s3.coordinating'));
  w.bullets([clock.allTimes(op.startsAt)]);
  // Every instruction is printed, empty ones as a dash: a gap in the order shows as a gap.
  for (const [key, text] of [
    ['brief.s3.goNoGo', op.goNoGoCriteria], ['brief.s3.abort', op.abortCriteria],
    ['brief.s3.compromise', op.onCompromise], ['brief.s3.lostContact', op.onLostContact],
    ['brief.s3.useOfForce', op.useOfForce], ['brief.s3.reporting', op.reportingSchedule],
    ['brief.s3.evidence', op.evidenceHandling], ['brief.s3.press', op.pressLine],
  ] as const) {
    w.h3(t(lang, key));
    w.para(text, none);
  }
  w.h3(t(lang, 'brief.s3.codeWords'));
  if (op.codeWords.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.codeWord'), width: 0.3 },
      { header: t(lang, 'brief.col.meaning'), width: 0.7 },
    ], op.codeWords.map((x) => [x.word, x.meaning]));
  }
  const keyTasks = m.tasks.filter((x) => x.isKeyEvent || x.isDecisionPoint);
  if (keyTasks.length > 0) {
    w.h3(t(lang, 'brief.s3.keyEvents'));
    w.table([
      { header: t(lang, 'brief.col.time'), width: 0.24 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.task'), width: 0.43 },
      { header: t(lang, 'brief.col.kind'), width: 0.2 },
    ], keyTasks.map((x) => [clock.range(x.startsAt, x.endsAt), c.agencyShort(x.accountableAgencyId), x.title, c.markers(x)]));
  }
  if (m.handoffs.length > 0) {
    w.h3(t(lang, 'brief.s3.handoffs'));
    w.table([
      { header: t(lang, 'brief.col.task'), width: 0.38 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.details'), width: 0.49 },
    ], m.handoffs.map((h) => {
      const after = h.predecessor
        ? `${c.agencyShort(h.predecessorAgencyId)}: ${h.predecessor.title}`
        : t(lang, 'brief.s3.afterTaskOf', { agency: c.agencyShort(h.predecessorAgencyId) });
      const lag = h.lagMinutes === 0 ? '' : ` (${t(lang, 'brief.lag', { minutes: `${h.lagMinutes > 0 ? '+' : ''}${h.lagMinutes}` })})`;
      return [h.task.title, c.agencyShort(h.task.accountableAgencyId), `${after}${lag}`];
    }));
  }

  w.h1(t(lang, 'brief.s4'));
  w.h2(t(lang, 'brief.s4.logistics'));
  w.para(op.sustainment, none);
  w.h2(t(lang, 'brief.s4.medical'));
  const medical = m.tasks.filter((x) => x.type === 'medical');
  if (op.medical !== '' || medical.length === 0) w.para(op.medical, none);
  if (medical.length > 0) w.bullets(medical.map((x) => `${clock.range(x.startsAt, x.endsAt)} · ${c.agencyShort(x.accountableAgencyId)} · ${x.title}${x.place.label ? ` · ${x.place.label}` : ''}`));
  w.h2(t(lang, 'brief.s4.detainees'));
  w.para(op.detaineeTransport, none);
  w.h2(t(lang, 'brief.s4.evidenceStorage'));
  w.para(op.evidenceStorage, none);
  w.h2(t(lang, 'brief.s4.interpreters'));
  w.para(op.interpreters, none);
  w.h2(t(lang, 'brief.s4.safety'));
  const mitigations = op.risks.filter((r) => r.mitigation !== '');
  if (mitigations.length === 0) w.para('', none);
  else w.bullets(mitigations.map((r) => `${r.threat}: ${r.mitigation}`));

  w.h1(t(lang, 'brief.s5'));
  w.h2(t(lang, 'brief.s5.command'));
  w.field(t(lang, 'brief.s5.head'), op.commandHead);
  w.field(t(lang, 'brief.s5.deputy'), op.commandDeputy);
  w.field(t(lang, 'brief.s5.succession'), op.commandSuccession);
  w.h2(t(lang, 'brief.s5.commandPost'));
  w.para(op.commandPost, none);
  w.h2(t(lang, 'brief.s5.liaison'));
  if (m.liaison.length === 0) w.para('', none);
  else {
    w.table([
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.person'), width: 0.25 },
      { header: t(lang, 'brief.col.position'), width: 0.3 },
      { header: t(lang, 'brief.col.callsign'), width: 0.14 },
      { header: t(lang, 'brief.col.phone'), width: 0.18 },
    ], m.liaison.map((l) => [c.agencyShort(l.agencyId), l.person.fullName, [l.person.position, l.person.rank].filter(Boolean).join(', '), l.person.callsign, l.person.phone]));
  }
  w.h2(t(lang, 'brief.s5.comms'));
  if (op.comms.length === 0) w.para('', none);
  else {
    w.table([
      { header: `${t(lang, 'brief.col.channel')} / ${t(lang, 'brief.col.function')}`, width: 0.2 },
      { header: `${t(lang, 'brief.col.talkGroup')} / ${t(lang, 'brief.col.encryption')}`, width: 0.19 },
      { header: `${t(lang, 'brief.col.callsign')} / ${t(lang, 'brief.col.agency')}`, width: 0.13 },
      { header: t(lang, 'brief.col.assignment'), width: 0.18 },
      { header: t(lang, 'brief.col.phone'), width: 0.14 },
      { header: t(lang, 'brief.col.notes'), width: 0.16 },
    ], op.comms.map((x) => [
      { head: x.channel, body: x.function },
      [x.frequencyOrTalkGroup, x.encryption].filter(Boolean).join('\n'),
      [x.callsign, x.agencyId ? c.agencyShort(x.agencyId) : ''].filter(Boolean).join('\n'),
      x.assignment, x.phone, x.notes,
    ]));
  }
}

function subjectDetails(s: BriefingModel['operation']['subjects'][number], lang: Lang): string {
  switch (s.kind) {
    case 'person': return [s.fullName, s.dateOfBirth, s.citizenship, s.passport].filter(Boolean).join(', ');
    case 'vehicle': return [s.plate, s.vin ? `VIN ${s.vin}` : '', s.description].filter(Boolean).join(' · ');
    case 'container': return s.number;
    case 'company': return [s.name, s.edrpou ? `${lang === 'uk' ? 'ЄДРПОУ' : 'EDRPOU'} ${s.edrpou}` : ''].filter(Boolean).join(' · ');
    case 'address': return s.point ? `${s.address} (${s.point.lat.toFixed(5)}, ${s.point.lon.toFixed(5)})` : s.address;
  }
}

function drawOrganisation(w: Writer, c: PackText): void {
  const { lang, m } = c;
  w.h1(t(lang, 'brief.org'));
  w.table([
    { header: t(lang, 'brief.col.code'), width: 0.14 },
    { header: t(lang, 'brief.col.name'), width: 0.48 },
    { header: t(lang, 'brief.col.kind'), width: 0.24 },
    { header: t(lang, 'brief.col.role'), width: 0.14 },
  ], m.agencyIds.map((id) => [
    c.agencyShort(id), c.agencyName(id), tDynamic(lang, `agencyKind.${m.agencies.get(id)?.kind ?? ''}`),
    t(lang, id === m.operation.leadAgencyId ? 'brief.role.lead' : 'brief.role.participant'),
  ]), { bold: (r) => m.agencyIds[r] === m.recipientAgencyId });
  if (m.organisationUnits.length > 0) {
    w.h2(t(lang, 'brief.org.units'));
    w.table([
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.unit'), width: 0.39 },
      { header: t(lang, 'brief.col.place'), width: 0.28 },
      { header: t(lang, 'brief.col.phone'), width: 0.2 },
    ], m.organisationUnits.map((u) => [c.agencyShort(u.agencyId), u.kind ? `${u.name} (${u.kind})` : u.name, u.place.label, u.phone]));
  }
}

function drawAssignments(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  const groups: (string | null)[] = m.recipientAgencyId !== null ? [m.recipientAgencyId] : [...m.agencyIds];
  if (m.recipientAgencyId === null && m.tasks.some((x) => x.accountableAgencyId === null)) groups.push(null);
  for (const agencyId of groups) {
    const tasks = m.tasks.filter((x) => x.accountableAgencyId === agencyId);
    w.newPage();
    w.h1(t(lang, 'brief.assignments', { agency: agencyId === null ? '—' : `${c.agencyShort(agencyId)} — ${c.agencyName(agencyId)}` }));
    if (tasks.length === 0) {
      w.para('', t(lang, 'brief.assignments.none'));
      continue;
    }
    w.table([
      { header: t(lang, 'brief.col.time'), width: 0.14 },
      { header: t(lang, 'brief.col.task'), width: 0.29 },
      { header: t(lang, 'brief.col.place'), width: 0.14 },
      { header: `${t(lang, 'brief.col.people')} / ${t(lang, 'brief.col.resources')}`, width: 0.24 },
      { header: t(lang, 'brief.col.checklist'), width: 0.19 },
    ], tasks.map((x) => [
      clock.range(x.startsAt, x.endsAt),
      {
        head: x.title,
        body: [`${tDynamic(lang, `taskType.${x.type}`)} · ${c.phaseName(x.phaseId)}`, c.markers(x), m.units.get(x.unitId ?? '')?.name ?? '']
          .filter(Boolean).join('\n'),
      },
      x.place.label,
      [
        ...x.personIds.map((id) => m.people.get(id)).filter((p) => p !== undefined)
          .map((p) => `${p.fullName}${p.callsign ? ` («${p.callsign}»)` : ''}${p.phone ? `, ${p.phone}` : ''}`),
        ...x.resourceIds.map((id) => m.resources.get(id)).filter((r) => r !== undefined)
          .map((r) => `${r.name}${r.identifier ? ` [${r.identifier}]` : ''}`),
      ].join('\n'),
      x.checklist.map((i) => `${i.done ? '☑' : '☐'} ${i.text}`).join('\n'),
    ]));
    const noted = tasks.filter((x) => x.notes.trim() !== '');
    if (noted.length > 0) {
      w.h2(t(lang, 'brief.notes'));
      for (const x of noted) {
        w.h3(x.title);
        w.para(x.notes, '');
      }
    }
  }
}

function drawTimeline(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.timeline'));
  if (m.tasks.length === 0) {
    w.para('', t(lang, 'brief.assignments.none'));
    return;
  }
  w.table([
    { header: t(lang, 'brief.col.time'), width: 0.25 },
    { header: t(lang, 'brief.col.agency'), width: 0.13 },
    { header: t(lang, 'brief.col.task'), width: 0.4 },
    { header: t(lang, 'brief.col.phase'), width: 0.22 },
  ], m.tasks.map((x) => [
    clock.range(x.startsAt, x.endsAt), c.agencyShort(x.accountableAgencyId),
    [x.title, c.markers(x)].filter(Boolean).join('\n'), c.phaseName(x.phaseId),
  ]), { bold: (r) => m.tasks[r]!.isKeyEvent || m.tasks[r]!.isDecisionPoint });
}

/**
 * The Gantt timeline on landscape pages, from the tasks the recipient may see: a per-agency pack
 * draws only that agency's view, and says so. Rows by phase, bars in agency colours. Returns
 * whether anything was drawn.
 */
function drawGantt(w: Writer, c: PackText): boolean {
  const { lang, m, clock } = c;
  if (m.tasks.length === 0) return false;
  w.newPage('landscape');
  w.h1(t(lang, 'brief.gantt'));
  if (m.recipientAgencyId !== null) w.para(t(lang, 'brief.gantt.agencyNote'), '', { small: true });
  else w.flush(0);
  drawGanttChart(w, {
    lang, clock,
    operation: m.operation,
    phases: m.phases,
    tasks: m.tasks,
    agencies: m.agencyIds.map((id) => ({ id, label: c.agencyShort(id), color: m.agencies.get(id)?.color ?? '#6b7280' })),
    groupBy: 'phase',
    now: m.generatedAt,
    labels: { noPhase: t(lang, 'task.noPhase'), unassigned: t(lang, 'board.unassigned') },
  });
  return true;
}

/**
 * The operation's map on a landscape page, from the same places, route and basemap as the map
 * view, then the numbered list of what is on it. A recipient agency's pack maps only its view
 * (its tasks' places; the operation's shared places and subjects' addresses) and says so.
 * No page when nothing has coordinates.
 */
function drawMap(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  const geo = operationGeo(m.operation, m.tasks);
  if (geo.places.length === 0) return;
  const colorOf = (id: string | null) => (id === null ? undefined : m.agencies.get(id)?.color) ?? '#6b7280';
  w.newPage('landscape');
  w.h1(t(lang, 'brief.map'));
  if (m.recipientAgencyId !== null) w.para(t(lang, 'brief.map.agencyNote'), '', { small: true });
  else w.flush(0);
  const doc = w.doc;
  const frame = { x: w.left, y: doc.y, width: w.width, height: w.bottom - doc.y - 44 };
  const markers = drawMapChart(w, { lang, geo, basemap: builtInBasemap(), colorOf }, frame);
  doc.y = frame.y + frame.height + 4;
  const used = new Set(geo.places.map((p) => p.agencyId));
  drawMapLegend(w, lang, m.agencyIds.filter((id) => used.has(id)).map((id) => ({ label: c.agencyShort(id), color: colorOf(id) })),
    geo.route ? { color: colorOf(geo.route.agencyId) } : null, geo.places.some((p) => p.kind === 'lastSeen'));
  w.font(false, SIZE.small - 1).doc.fillColor(GREY).text(t(lang, 'brief.map.source'), w.left, doc.y, { width: w.width });

  w.newPage();
  w.h2(t(lang, 'brief.map.places'));
  w.table([
    { header: t(lang, 'brief.col.number'), width: 0.06 },
    { header: t(lang, 'brief.col.kind'), width: 0.16 },
    { header: t(lang, 'brief.col.place'), width: 0.32 },
    { header: t(lang, 'brief.col.agency'), width: 0.11 },
    { header: t(lang, 'map.coordinates'), width: 0.2 },
    { header: t(lang, 'brief.col.time'), width: 0.15 },
  ], markers.flatMap((mk) => mk.places).sort((a, b) => a.n - b.n).map(({ n, place }) => [
    String(n),
    place.order === null ? tDynamic(lang, `map.kind.${place.kind}`) : `${tDynamic(lang, `map.kind.${place.kind}`)}, ${t(lang, 'map.waypoint', { n: place.order })}`,
    place.label,
    c.agencyShort(place.agencyId),
    `${formatDegrees(place.lat, place.lon)}\nMGRS ${toMgrs(place.lat, place.lon)}`,
    place.startsAt && place.endsAt ? clock.range(place.startsAt, place.endsAt) : place.seenAt ? clock.at(place.seenAt) : '—',
  ]));
}

function drawMatrix(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.matrix'));
  if (m.recipientAgencyId !== null) {
    w.para(t(lang, 'brief.matrix.note'), '', { small: true });
  }
  const cols = m.matrixColumns;
  const first = 0.13;
  const each = (1 - first) / Math.max(1, cols.length);
  w.table([
    { header: t(lang, 'brief.col.agency'), width: first },
    ...cols.map((col) => ({
      header: col.kind === 'phase' ? `${col.index + 1}. ${col.name}\n${clock.range(col.startsAt, col.endsAt)}`
        : col.kind === 'bucket' ? clock.range(col.startsAt, col.endsAt)
          : t(lang, 'brief.none'),
      width: each,
    })),
  ], m.matrix.map((row) => [
    c.agencyShort(row.agencyId),
    ...row.cells.map((cell) => {
      if (!row.visible) return cell.count > 0 ? t(lang, 'brief.matrix.others', { n: cell.count }) : '';
      return cell.titles.map((x) => `• ${x}`).join('\n');
    }),
  ]), { bold: (r) => m.matrix[r]!.agencyId === m.recipientAgencyId, size: cols.length > 4 ? SIZE.small : SIZE.table });
}

function drawLegal(w: Writer, c: PackText): void {
  const { lang, m, clock } = c;
  w.h1(t(lang, 'brief.legal'));
  w.h2(t(lang, 'brief.legal.basis'));
  w.para(m.operation.legalBasis, tDynamic(lang, `formality.${m.operation.formality}`));
  w.h2(t(lang, 'brief.legal.notifications'));
  if (m.notifications.length === 0) {
    w.para('', t(lang, 'brief.legal.noNotifications'));
    return;
  }
  w.table([
    { header: t(lang, 'brief.col.kind'), width: 0.22 },
    { header: t(lang, 'brief.col.from'), width: 0.13 },
    { header: t(lang, 'brief.col.to'), width: 0.13 },
    { header: t(lang, 'brief.col.subject'), width: 0.2 },
    { header: t(lang, 'brief.col.due'), width: 0.17 },
    { header: t(lang, 'brief.col.state'), width: 0.15 },
  ], m.notifications.map(({ entry, state }) => [
    tDynamic(lang, `exchangeKind.${entry.kind}`), c.agencyShort(entry.fromAgencyId), c.agencyShort(entry.toAgencyId),
    entry.subject, entry.dueAt ? clock.at(entry.dueAt) : '—', tDynamic(lang, `exchangeState.${state}`),
  ]), { bold: (r) => m.notifications[r]!.state === 'overdue' });
}

function drawConflicts(w: Writer, c: PackText): void {
  const { lang, m } = c;
  w.h1(t(lang, 'brief.conflicts'));
  if (m.conflicts.length === 0 && m.alerts.length === 0) {
    w.para('', t(lang, 'brief.conflicts.none'));
    return;
  }
  const redact = (text: string) => redactHidden(text, m.hiddenTitles, '…');
  if (m.conflicts.length > 0) {
    w.table([
      { header: t(lang, 'brief.col.severity'), width: 0.17 },
      { header: t(lang, 'brief.col.agency'), width: 0.13 },
      { header: t(lang, 'brief.col.message'), width: 0.7 },
    ], m.conflicts.map((x) => {
      const d = describeConflict(lang, x, (id) => c.agencyShort(id));
      return [d.severity, x.agencyIds.map((a) => c.agencyShort(a)).join(', '), { head: d.rule, body: redact(`${d.message}\n${d.fix}`) }];
    }), { bold: (r) => m.conflicts[r]!.severity === 'blocking' });
  }
  if (m.alerts.length > 0) {
    w.h2(t(lang, 'brief.alerts'));
    w.table([
      { header: t(lang, 'brief.col.kind'), width: 0.16 },
      { header: t(lang, 'brief.col.subject'), width: 0.4 },
      { header: t(lang, 'brief.col.otherOperation'), width: 0.44 },
    ], m.alerts.map((a) => [
      t(lang, a.kind === 'subject' ? 'brief.alert.subject' : 'brief.alert.proximity'),
      a.distanceMeters === null ? a.label : `${a.label} (${Math.round(a.distanceMeters)} m)`,
      [
        a.other.codeName ?? '',
        `${t(lang, 'brief.leadAgency')}: ${c.agencyShort(a.other.leadAgencyId)}`,
        a.windowsOverlap ? t(lang, 'brief.alert.overlap') : '',
      ].filter(Boolean).join('\n'),
    ]));
  }
}

/**
 * The document's last part: an agreement block (ПОГОДЖЕНО) for each participating agency, and
 * the distribution list — every copy, its number and its recipient, this copy in bold.
 */
function drawAgreementAndDistribution(w: Writer, c: PackText): void {
  const { lang, m } = c;
  const doc = w.doc;
  const participants = m.agencyIds.filter((id) => id !== m.operation.leadAgencyId);
  if (participants.length > 0) {
    w.h1(t(lang, 'brief.agreements'));
    w.flush(110);
    const colW = (w.width - 20) / 2;
    let rowBottom = 0;
    participants.forEach((id, i) => {
      const x = w.left + (i % 2) * (colW + 20);
      if (i % 2 === 0) {
        if (i > 0) doc.moveDown(1.2);
        if (doc.y + 100 > w.bottom) w.newPage();
      }
      const top = doc.y;
      // A recorded agreement mark prints who agreed and when; otherwise lines to sign.
      const mark = m.agreements.get(id);
      drawSignatureBlock(w, x, colW, t(lang, 'brief.agree'), [c.agencyName(id)], mark?.signedBy ?? '', lang,
        mark ? c.clock.at(mark.agreedAt).slice(0, 10) : null);
      // The right-hand block starts level with the left one; the next row below the lower.
      if (i % 2 === 0 && i + 1 < participants.length) {
        rowBottom = doc.y;
        doc.y = top;
      } else {
        doc.y = Math.max(doc.y, rowBottom);
      }
    });
    doc.x = w.left;
    doc.moveDown(1);
  }
  w.h1(t(lang, 'brief.distribution'));
  w.table([
    { header: t(lang, 'brief.col.copy'), width: 0.1 },
    { header: t(lang, 'brief.col.agency'), width: 0.36 },
    { header: t(lang, 'brief.col.addressee'), width: 0.3 },
    { header: t(lang, 'brief.col.receivedBy'), width: 0.24 },
  ], m.distribution.map((d) => [
    String(d.number),
    d.agencyId === null ? t(lang, 'brief.distribution.file') : `${c.agencyShort(d.agencyId)} — ${c.agencyName(d.agencyId)}`,
    d.addressee,
    '',
  ]), { bold: (r) => m.copy !== null && m.distribution[r]!.number === m.copy.number });
}
