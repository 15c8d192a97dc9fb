/**
 * The demo dataset: a controlled delivery of a psychotropic substance hidden in a consignment of
 * "furniture fittings" through the Yahodyn border crossing point, as DOMAIN.md's
 * "Criminal-procedure spine" and the corrected controlled-delivery template have it:
 * - led by the investigating body (the National Police) inside a criminal proceeding registered
 *   in the Unified Register (ЄРДР number, date, qualification under Criminal Code Art. 305);
 * - the supervising prosecutor decides on control over the commission of a crime (КПК ст. 271);
 *   the decisions register holds its reference only — the decision stays in the classified file
 *   and no extract is handed out — and it names the tasks it covers, valid over their windows;
 * - customs lets the goods through under customs control and lends a specialist (КПК ст. 71);
 *   the border guard does its ordinary border control at the crossing point, without customs
 *   formalities; the Security Service gave the information and, on the investigator's written
 *   instruction, takes part in the control over the movement;
 * - procedural roles filled; no agreement marks — each participating agency gives its own
 *   (ПОГОДЖЕНО is that agency's act, made on its own installation), then the head of the lead
 *   body approves;
 * - Article 558 only where it belongs: the police inform customs of the consignment to be let
 *   through (operational information, a duty) and, afterwards, of the smuggling found;
 * - the need-to-know mitigation holds: where the information came from, the route, the place
 *   and time of the arrest are the lead's need-to-know fields, so the border guard's pack shows
 *   its border control and the briefing its shift chief attends, nothing of the interception.
 * Two template steps are left out as this operation does not need them before it runs: the
 * tracker (no tracker is planned) and the expert examination of what is seized (ordered by the
 * investigator after the seizure; entered in the register then).
 *
 * Dates are relative to "now" so that the plan is always upcoming. Built through the same
 * services as user input, in one transaction, so it is validated and recorded like any plan.
 */
import { PersonDraft, ResourceDraft, UnitDraft } from '../../shared/domain/directory.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { DecisionDraft, ProceedingDraft, RoleDraft, type RoleDraftInput } from '../../shared/domain/legal.js';
import { OperationDraft, PhaseDraft, type Operation } from '../../shared/domain/operation.js';
import { TaskDraft, type TaskDraftInput } from '../../shared/domain/task.js';
import { LEGAL_BASES, type LegalBasisId } from '../../shared/legal/reference.js';
import { randomUUID } from 'node:crypto';
import {
  ConsignmentDraft, CustodyDraft, DetentionDraft, EvidenceDraft, ProtocolDraft, SeizureDraft,
} from '../../shared/domain/results.js';
import { transact, type ServiceContext } from './context.js';
import { createPerson, createResource, createUnit } from './directory.js';
import { createExchange } from './exchange.js';
import { addDecision, addProceeding, addRole } from './legal.js';
import { addPhase, changeOperationStatus, createOperation, insertOperation, normalizeDraft } from './operations.js';
import {
  addConsignment, addDetention, addEvidence, addProtocol, addSeizure, recordCustody, setOutcome,
} from './results.js';
import { createTask, writeTaskChanges } from './tasks.js';

const HOUR = 3_600_000;

/**
 * `withCompleted` adds the second, completed operation (buildCompletedDemo) that the after-action
 * report and the statistics show figures for. It is not yet the default: the tests and e2e suites
 * written against the one-operation demo count its operations, people's bookings and bundles.
 */
export function loadDemo(ctx: ServiceContext, opts: { withCompleted?: boolean } = {}): { operationId: string; completedOperationId: string | null } {
  return transact(ctx, () => buildDemo(ctx, opts.withCompleted === true));
}

/** The calendar date in Kyiv of an instant (the register and the decisions are dated in Kyiv). */
function kyivDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** A step's legal basis, as the templates write it into the task's notes. */
const basis = (id: LegalBasisId) => `Правова підстава: ${LEGAL_BASES[id].cite[0]}`;

function buildDemo(ctx: ServiceContext, withCompleted: boolean): { operationId: string; completedOperationId: string | null } {
  // Day D starts at 06:00 Kyiv time two days from now.
  const base = new Date(ctx.now().getTime() + 2 * 24 * HOUR);
  base.setUTCHours(4, 0, 0, 0);
  const at = (h: number) => new Date(base.getTime() + h * HOUR).toISOString();

  const unit = (agencyId: string, name: string, kind: string, label: string, lat: number, lon: number) =>
    createUnit(ctx, UnitDraft.parse({ agencyId, name, kind, place: { label, point: { lat, lon } } }));
  const uDms = unit('DMS', 'Митний пост «Ягодин» Волинської митниці', 'митний пост', 'ПП «Ягодин»', 51.1826, 23.8089);
  const uNpu = unit('NPU', 'ГУНП у Волинській області, відділ протидії наркозлочинності', 'обласне управління', 'Луцьк', 50.7472, 25.3254);
  const uNpuInv = unit('NPU', 'Слідче управління ГУНП у Волинській області', 'слідчий підрозділ', 'Луцьк', 50.7472, 25.3254);
  const uSbu = unit('SBU', 'Управління СБУ у Волинській області', 'обласне управління', 'Луцьк', 50.7593, 25.3424);
  const uDpsu = unit('DPSU', 'Відділ прикордонної служби «Ягодин»', 'прикордонний загін', 'Ягодин', 51.1801, 23.8142);
  const uOgp = unit('OGP', 'Волинська обласна прокуратура', 'прокуратура', 'Луцьк', 50.7468, 25.3261);

  const person = (agencyId: string, unitId: string, fullName: string, position: string, rank: string,
    callsign: string, phone: string, skills: PersonDraft['skills'] = []) =>
    createPerson(ctx, PersonDraft.parse({
      agencyId, unitId, fullName, position, rank, phone, callsign, skills, clearance: 'none',
    }));
  const pKovalenko = person('DMS', uDms.id, 'Коваленко Олена Петрівна', 'Начальник митного поста', 'радник митної служби 2 рангу', 'Митниця-1', '+380 67 100 20 30');
  const pMelnyk = person('DMS', uDms.id, 'Мельник Андрій Ігорович', 'Головний інспектор, кінолог', 'інспектор митної служби 1 рангу', 'Пес-2', '+380 67 100 20 31', ['k9_handler']);
  const pShevchuk = person('DMS', uDms.id, 'Шевчук Ірина Олегівна', 'Експерт з класифікації товарів', '', 'Експерт', '+380 67 100 20 32', ['tariff_expert', 'valuation_expert']);
  const pRudenko = person('NPU', uNpu.id, 'Руденко Олег Вікторович', 'Заступник начальника ГУНП — начальник кримінальної поліції', 'полковник поліції', 'Сокіл-0', '+380 50 200 30 39');
  const pBondar = person('NPU', uNpuInv.id, 'Бондар Сергій Васильович', 'Старший слідчий', 'майор поліції', 'Сокіл', '+380 50 200 30 40', ['investigator']);
  const pKravchuk = person('NPU', uNpu.id, 'Кравчук Петро Андрійович', 'Начальник відділу протидії наркозлочинності', 'підполковник поліції', 'Сокіл-1', '+380 50 200 30 42');
  const pTkachuk = person('NPU', uNpu.id, 'Ткачук Максим Романович', 'Оперуповноважений', 'капітан поліції', 'Сокіл-2', '+380 50 200 30 41', ['driver']);
  const pLysenko = person('SBU', uSbu.id, 'Лисенко Дмитро Олександрович', 'Старший оперуповноважений', 'підполковник', 'Беркут', '+380 66 300 40 50');
  const pHnatiuk = person('DPSU', uDpsu.id, 'Гнатюк Василь Степанович', 'Начальник зміни прикордонних нарядів', 'майор', 'Кордон-1', '+380 95 400 50 60');
  const pSavchenko = person('OGP', uOgp.id, 'Савченко Наталія Миколаївна', 'Прокурор відділу процесуального керівництва', 'радник юстиції', '', '+380 63 500 60 70');

  const resource = (agencyId: string, unitId: string, name: string, kind: ResourceDraft['kind'], identifier: string, capacity = 0) =>
    createResource(ctx, ResourceDraft.parse({ agencyId, unitId, name, kind, identifier, capacity }));
  const rScanner = resource('DMS', uDms.id, 'Мобільний рентген-сканер', 'xray_scanner', 'ІДК-01');
  resource('DMS', uDms.id, 'Службовий собака «Рекс»', 'k9', 'К9-14');
  const rCarNpu = resource('NPU', uNpu.id, 'Автомобіль супроводу Škoda Octavia', 'vehicle', 'AC 4412 BK', 4);
  const rCarSbu = resource('SBU', uSbu.id, 'Автомобіль спостереження VW Transporter', 'vehicle', 'AC 7731 CE', 6);
  resource('DPSU', uDpsu.id, 'Безпілотник спостереження', 'drone', 'БПЛА-3');

  const bcpLabel = 'ПП «Ягодин», смуга вантажного контролю';
  const op: Operation = createOperation(ctx, OperationDraft.parse({
    codeName: 'ЯНТАРНИЙ ШЛЯХ',
    type: 'controlled_delivery',
    handlingCode: 'H2',
    form: 'coordination',
    formality: 'formal',
    legalBasis: 'ст. 246, 271 КПК України (контроль за вчиненням злочину) у кримінальному провадженні за ст. 305 КК України; рішення прокурора (реквізити — у реєстрі рішень, зміст — у справі з грифом); ст. 558 МК України (взаємодія з митницею)',
    leadAgencyId: 'NPU',
    participatingAgencyIds: ['DMS', 'SBU', 'DPSU', 'OGP'],
    startsAt: at(-24),
    endsAt: at(14),
    timeZone: 'Europe/Kyiv',
    // Where and when the consignment is received is the lead's need-to-know (restrictedDetails):
    // only the crossing point is everyone's.
    area: 'Волинська область: ПП «Ягодин» і маршрут руху вантажу',
    locations: [{ label: bcpLabel, point: { lat: 51.1826, lon: 23.8089 } }],
    objectives: 'Задокументувати канал контрабанди психотропної речовини, встановити отримувачів, затримати учасників під час отримання вантажу, вилучити предмет злочину.',
    situation: 'У кримінальному провадженні (реквізити — на вкладці «Провадження») встановлено, що в напівпричепі з «меблевою фурнітурою» з Польщі переміщується партія психотропної речовини. Вантаж пропускається через кордон під контролем для встановлення отримувачів.',
    execution: 'Прикордонний і митний контроль на ПП «Ягодин» — у звичайному порядку, без ознак зацікавленості; вантаж пропускається під митним контролем. Далі — контроль за переміщенням вантажу силами оперативних підрозділів за дорученням слідчого; затримання — за рішенням керівника операції.',
    sustainment: 'Кожен орган забезпечує свої сили пальним і зв’язком.',
    commandPost: 'Пункт управління — ГУНП у Волинській області, м. Луцьк, черговий штаб',
    commandHead: 'Руденко О. В., заступник начальника ГУНП у Волинській області — начальник кримінальної поліції',
    commandDeputy: 'Кравчук П. А., начальник відділу протидії наркозлочинності ГУНП',
    commandSuccession: '1. Руденко О. В. 2. Кравчук П. А. 3. Старший групи затримання (НПУ).',
    goNoGoCriteria: 'Рішення прокурора чинне і в реєстрі рішень; вантаж прибув на ПП «Ягодин» у день Д до 10:00 за київським часом; групи контролю на позиціях.',
    abortCriteria: 'Загроза життю чи здоров’ю людей; втрата контролю над вантажем понад 30 хв; ознаки розшифрування. Рішення про припинення — за керівником операції, прокурора повідомляють негайно.',
    onCompromise: 'Негайна доповідь керівникові операції; за його рішенням — затримання на місці і вилучення вантажу.',
    onLostContact: 'Доповідь штабу кожні 15 хв; за відсутності зв’язку 30 хв — перехід на резервний канал і повернення до останньої контрольної точки.',
    useOfForce: 'Відповідно до Закону України «Про Національну поліцію»; спецзасоби — лише групою затримання.',
    reportingSchedule: 'Про перетин кордону — начальник зміни ДПСУ керівникові операції; з маршруту — щогодини; про затримання — негайно керівникові операції і прокурору.',
    evidenceHandling: 'Огляд і вилучення — протоколом слідчого; пакування і опечатування на місці; зразки — на експертизу за постановою слідчого після вилучення (КПК ст. 242, 243).',
    pressLine: 'Коментарі — лише через відділ комунікації ГУНП після погодження з прокурором.',
    codeWords: [
      { word: 'ЯНТАР', meaning: 'Вантаж перетнув кордон' },
      { word: 'ТИША', meaning: 'Припинення операції' },
    ],
    medical: 'Екстрена допомога — 103; заклади охорони здоров’я на маршруті — у черговому штабі.',
    detaineeTransport: 'Автомобіль НПУ до ізолятора тимчасового тримання ГУНП.',
    evidenceStorage: 'Камера схову речових доказів ГУНП у Волинській області.',
    interpreters: 'Перекладач з польської — на виклик слідчого (водій — громадянин Польщі або України, уточнюється).',
    risks: [
      { threat: 'Водій помітить контроль і змінить маршрут', likelihood: 'medium', impact: 'high', mitigation: 'Змінні екіпажі НПУ і СБУ за естафетною схемою', owner: 'НПУ' },
      { threat: 'Витік інформації на пункті пропуску', likelihood: 'low', impact: 'high', mitigation: 'На пункті пропуску про операцію знають лише начальник зміни прикордонних нарядів і начальник митного поста; маршрут, місце і час затримання їм не доводяться', owner: 'Керівник операції (НПУ)' },
    ],
    comms: [
      { channel: 'Спільна група ТЕТРА', frequencyOrTalkGroup: 'TG 4417 «ЯНТАР»', callsign: 'Штаб', agencyId: 'NPU', phone: '+380 50 200 30 39', notes: 'Основний', function: 'Канал управління операцією', encryption: 'ТЕТРА, наскрізне шифрування', assignment: 'Штаб, групи контролю і затримання' },
      { channel: 'Телефон чергового штабу', frequencyOrTalkGroup: '', callsign: 'Штаб', agencyId: 'NPU', phone: '+380 50 200 30 39', notes: 'Лише доповіді з ПП', function: 'Доповіді з пункту пропуску', encryption: 'Відкритий — лише кодовими словами', assignment: 'Начальник зміни ДПСУ, начальник митного поста' },
      { channel: 'Резервний УКХ', frequencyOrTalkGroup: '152.450 МГц', callsign: 'Беркут', agencyId: 'SBU', phone: '', notes: 'Лише при втраті ТЕТРА', function: 'Резерв груп контролю', encryption: 'Без шифрування — лише кодовими словами', assignment: 'Групи контролю НПУ і СБУ' },
    ],
    subjects: [
      { kind: 'vehicle', plate: 'AC 1234 XT', vin: 'WDB9634031L738216', description: 'Тягач Mercedes-Benz Actros', notes: '' },
      { kind: 'container', number: 'CSQU3054383', notes: 'Напівпричіп-контейнер' },
      { kind: 'person', fullName: 'Петренко Іван Миколайович', dateOfBirth: '1984-03-12', notes: 'Водій' },
    ],
    restrictedSources: 'Оперативна інформація Управління СБУ у Волинській області, передана слідчому; оцінка B2.',
    restrictedDetails: 'Маршрут: ПП «Ягодин» — автодорога М-07 — м. Ковель. Контрольна точка: М-07, 12 км від кордону. Затримання: склад ТОВ «Західтранслогістик» (ЄДРПОУ 14360570), м. Ковель, вул. Заводська, 5, день Д орієнтовно 12:00–14:00 за київським часом.',
    registrationNumber: '214/05-дск',
    restrictedListItem: 'Пункт Переліку відомостей НПУ, що становлять службову інформацію (номер пункту — за чинним переліком)',
    approverPosition: 'Начальник ГУНП у Волинській області',
    approverName: 'Олександр ГРИЦЕНКО',
    classifiedFileRef: 'Матеріали НСРД — у справі з грифом секретності слідчого управління ГУНП у Волинській області (у Спільно лише реквізити)',
  }));

  const ph1 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Підготовка та рішення', ordinal: 0, startsAt: at(-24), endsAt: at(0) }));
  // The border guard acts in the crossing phase alone: its pack shows that phase's window, not
  // when the control over the movement ends and the arrest begins.
  const ph2 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Пропуск через пункт пропуску', ordinal: 1, startsAt: at(0), endsAt: at(1.5) }));
  const ph3 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Контроль, затримання і документування', ordinal: 2, startsAt: at(1.5), endsAt: at(14) }));

  const task = (t: Omit<TaskDraftInput, 'operationId'>) =>
    createTask(ctx, TaskDraft.parse({ operationId: op.id, ...t }));
  const point = (label: string, lat: number, lon: number) => ({ label, point: { lat, lon } });
  const bcp = point('ПП «Ягодин»', 51.1826, 23.8089);
  const lutsk = point('Луцьк, ГУНП', 50.7472, 25.3254);
  const warehouse = point('Склад, м. Ковель', 51.2152, 24.7147);

  const t1 = task({ phaseId: ph1.id, title: 'Підтвердити оперативну інформацію про вантаж', type: 'intelligence_check', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pTkachuk.id, pLysenko.id], resourceIds: [], startsAt: at(-24), endsAt: at(-20), place: lutsk, notes: basis('kpk40'),
    checklist: [{ id: 'c1', text: 'Оцінити надійність джерела та достовірність інформації', done: false }, { id: 'c2', text: 'Звірити дані про вантаж: декларація, контейнер, транспорт', done: false }] });
  const t2 = task({ phaseId: ph1.id, title: 'Внесення відомостей до ЄРДР і правова кваліфікація', type: 'proceeding_registration', accountableAgencyId: 'NPU', unitId: uNpuInv.id, personIds: [pBondar.id], resourceIds: [], startsAt: at(-20), endsAt: at(-19), place: lutsk, notes: basis('kpk214'), dependencies: [{ predecessorId: t1.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Номер і дата внесення до ЄРДР', done: true }, { id: 'c2', text: 'Правова кваліфікація: ст. 305 КК України', done: true }, { id: 'c3', text: 'Визначено слідчого і прокурора — процесуального керівника', done: true }] });
  const t3 = task({ phaseId: ph1.id, title: 'Рішення прокурора про контроль за вчиненням злочину (контрольована поставка)', type: 'prosecutor_decision', accountableAgencyId: 'OGP', unitId: uOgp.id, personIds: [pSavchenko.id], resourceIds: [], startsAt: at(-18), endsAt: at(-12), place: point('Луцьк, прокуратура', 50.7468, 25.3261), isDecisionPoint: true, notes: basis('kpk271'), dependencies: [{ predecessorId: t2.id, lagMinutes: 60 }],
    checklist: [{ id: 'c1', text: 'Клопотання слідчого розглянуто', done: false }, { id: 'c2', text: 'Рішення зберігається у справі з грифом; витяги учасникам не надаються', done: false }, { id: 'c3', text: 'Реквізити і строк дії внесено до реєстру рішень', done: false }] });
  const t4 = task({ phaseId: ph1.id, title: 'Інструктаж учасників у штабі', type: 'briefing', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pKravchuk.id, pBondar.id, pKovalenko.id, pLysenko.id, pHnatiuk.id], resourceIds: [], startsAt: at(-3), endsAt: at(-2), place: lutsk, notes: basis('kpk40'), dependencies: [{ predecessorId: t3.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Кожен орган отримує лише свою частину плану', done: false }, { id: 'c2', text: 'Роздати схему зв’язку, звірити позивні', done: false }, { id: 'c3', text: 'Критерії припинення', done: false }] });
  task({ phaseId: ph2.id, title: 'Прикордонний контроль водія і транспортного засобу у звичайному порядку', type: 'border_control', accountableAgencyId: 'DPSU', unitId: uDpsu.id, personIds: [pHnatiuk.id], resourceIds: [], startsAt: at(0), endsAt: at(1), place: bcp, notes: basis('borderControl'), dependencies: [{ predecessorId: t4.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Звичайний порядок прикордонного контролю', done: false }, { id: 'c2', text: 'Доповідь керівникові операції про перетин', done: false }] });
  const t6 = task({ phaseId: ph2.id, title: 'Пропуск вантажу під митним контролем', type: 'handover', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pKovalenko.id, pMelnyk.id], resourceIds: [rScanner.id], startsAt: at(0.5), endsAt: at(1.5), place: bcp, isKeyEvent: true, notes: basis('kpk271'), dependencies: [{ predecessorId: t4.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Митні формальності без розкриття вантажу і пломби', done: false }, { id: 'c2', text: 'Фото пломби і номера контейнера', done: false }] });
  const t7 = task({ phaseId: ph3.id, title: 'Контроль за переміщенням вантажу М-07 (оперативні підрозділи за дорученням слідчого)', type: 'controlled_delivery', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pTkachuk.id, pLysenko.id], resourceIds: [rCarNpu.id, rCarSbu.id], startsAt: at(1.5), endsAt: at(6), place: point('Автодорога М-07', 51.2061, 24.0312), notes: basis('kpk271'), dependencies: [{ predecessorId: t6.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Екіпажі НПУ і СБУ за естафетною схемою', done: false }, { id: 'c2', text: 'Доповіді про маршрут щогодини', done: false }, { id: 'c3', text: 'Порядок дій у разі втрати контакту', done: false }] });
  const t8 = task({ phaseId: ph3.id, title: 'Перехоплення і затримання учасників під час розвантаження', type: 'detention', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pBondar.id, pTkachuk.id], resourceIds: [rCarNpu.id], startsAt: at(6), endsAt: at(8), place: warehouse, isKeyEvent: true, isDecisionPoint: true, notes: basis('kpk208'), dependencies: [{ predecessorId: t7.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Момент затримання — за рішенням керівника операції', done: false }, { id: 'c2', text: 'Протокол затримання', done: false }] });
  const t9 = task({ phaseId: ph3.id, title: 'Огляд і вилучення вантажу, документування', type: 'seizure', accountableAgencyId: 'NPU', unitId: uNpuInv.id, personIds: [pBondar.id], resourceIds: [], startsAt: at(8), endsAt: at(12), place: warehouse, notes: basis('kpk236'), dependencies: [{ predecessorId: t8.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Протокол огляду та вилучення', done: false }, { id: 'c2', text: 'Ланцюг збереження речових доказів', done: false }] });
  task({ phaseId: ph3.id, title: 'Участь спеціаліста митниці: митні документи, пломби, класифікація товару', type: 'specialist_support', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pShevchuk.id], resourceIds: [], startsAt: at(9), endsAt: at(12), place: warehouse, notes: basis('kpk71'), dependencies: [{ predecessorId: t8.id, lagMinutes: 60 }],
    checklist: [{ id: 'c1', text: 'Пояснення спеціаліста до протоколу', done: false }] });
  task({ phaseId: ph3.id, title: 'Письмове повідомлення митниці про виявлену контрабанду (ст. 558 МК України)', type: 'notification', accountableAgencyId: 'NPU', unitId: uNpuInv.id, personIds: [pBondar.id], resourceIds: [], startsAt: at(12), endsAt: at(14), place: lutsk, notes: basis('mk558'), dependencies: [{ predecessorId: t9.id, lagMinutes: 0 }],
    checklist: [{ id: 'c1', text: 'Письмове повідомлення митниці', done: false }, { id: 'c2', text: 'Запис у журналі обміну', done: false }] });

  // The legal spine: the proceeding, who holds which role, the decision covering the delivery.
  const registeredAt = at(-20);
  const year = kyivDate(registeredAt).slice(0, 4);
  const proceeding = addProceeding(ctx, ProceedingDraft.parse({
    operationId: op.id,
    erdrNumber: `1${year}031100000417`,
    registeredOn: kyivDate(registeredAt),
    qualification: 'ст. 305 КК України (контрабанда наркотичних засобів, психотропних речовин, їх аналогів чи прекурсорів)',
    investigatingAgencyId: 'NPU',
    investigatingUnit: uNpuInv.name,
  }));
  const role = (r: Omit<RoleDraftInput, 'operationId'>) => addRole(ctx, RoleDraft.parse({ operationId: op.id, ...r }));
  const person$ = (p: { id: string; fullName: string; position: string; agencyId: string }) => ({ personId: p.id, name: p.fullName, position: p.position, agencyId: p.agencyId });
  role({ role: 'head', ...person$(pRudenko), unit: 'ГУНП у Волинській області', phone: pRudenko.phone });
  role({ role: 'deputy_head', ...person$(pKravchuk), unit: uNpu.name, phone: pKravchuk.phone });
  role({ role: 'investigator', ...person$(pBondar), unit: uNpuInv.name, phone: pBondar.phone, proceedingId: proceeding.id });
  role({ role: 'operational_unit', agencyId: 'NPU', name: uNpu.name, unit: uNpu.name, position: 'За письмовим дорученням слідчого', proceedingId: proceeding.id });
  role({ role: 'operational_unit', agencyId: 'SBU', name: uSbu.name, unit: uSbu.name, position: 'За письмовим дорученням слідчого', proceedingId: proceeding.id });
  role({ role: 'procedural_lead', ...person$(pSavchenko), unit: uOgp.name, phone: pSavchenko.phone, proceedingId: proceeding.id });
  role({ role: 'customs_specialist', ...person$(pShevchuk), unit: uDms.name, phone: pShevchuk.phone, proceedingId: proceeding.id });
  role({ role: 'liaison', ...person$(pKovalenko), unit: uDms.name, phone: pKovalenko.phone });
  role({ role: 'liaison', ...person$(pLysenko), unit: uSbu.name, phone: pLysenko.phone });
  role({ role: 'liaison', ...person$(pHnatiuk), unit: uDpsu.name, phone: pHnatiuk.phone });
  role({ role: 'liaison', ...person$(pSavchenko), unit: uOgp.name, phone: pSavchenko.phone });

  // The prosecutor's decision: its reference only. It covers letting the goods through and the
  // control over their movement, from its issue for ten days.
  const issued = at(-12);
  addDecision(ctx, DecisionDraft.parse({
    operationId: op.id,
    proceedingId: proceeding.id,
    kind: 'prosecutor_crime_control',
    number: '17т',
    issuedOn: kyivDate(issued),
    issuer: 'Прокурор Волинської обласної прокуратури — процесуальний керівник',
    holderAgencyId: 'OGP',
    validFrom: issued,
    validUntil: new Date(new Date(issued).getTime() + 10 * 24 * HOUR).toISOString(),
    taskIds: [t6.id, t7.id],
    handlingCode: 'H2',
    marking: 'dsk',
    classifiedFileRef: 'Оригінал — у матеріалах НСРД з грифом секретності у Волинській обласній прокуратурі; витяги учасникам не надаються',
    notes: 'У Спільно — лише реквізити і строк дії.',
  }));

  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_operational_info', form: 'information_exchange', formality: 'formal',
    legalBasis: 'ст. 558 Митного кодексу України (обов’язок правоохоронного органу інформувати митницю)',
    fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId: op.id,
    subject: 'Вантаж, що пропускається під митним контролем у межах контрольованої поставки',
    body: 'Тягач AC 1234 XT з напівпричепом CSQU3054383; прибуття на ПП «Ягодин» — день Д. Митні формальності без розкриття вантажу.',
    handlingCode: 'H2', handlingNote: '', sourceReliability: 'B', infoAccuracy: '2',
    sentAt: at(-10), dueAt: null, acknowledgedAt: at(-9),
  }));
  createExchange(ctx, ExchangeDraft.parse({
    kind: 'consultation', form: 'information_exchange', formality: 'formal',
    legalBasis: 'Закон України «Про оперативно-розшукову діяльність»; КПК ст. 214',
    fromAgencyId: 'SBU', toAgencyId: 'NPU', operationId: op.id,
    subject: 'Оперативна інформація про переміщення психотропної речовини через ПП «Ягодин»',
    body: 'Відправник — компанія з Польщі; отримувач — склад у м. Ковель; орієнтовний час прибуття на пункт пропуску — доба Д.',
    handlingCode: 'H2', handlingNote: '', sourceReliability: 'B', infoAccuracy: '2',
    sentAt: at(-30), dueAt: null, acknowledgedAt: at(-29),
  }));
  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_notification', form: 'information_exchange', formality: 'formal',
    legalBasis: 'ст. 558 Митного кодексу України (повідомлення митниці про виявлену контрабанду)',
    fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId: op.id,
    subject: 'Письмове повідомлення про виявлену контрабанду',
    body: 'Надсилається після документування вилучення.',
    handlingCode: 'H2', handlingNote: '', sourceReliability: 'A', infoAccuracy: '1',
    sentAt: null, dueAt: at(24), acknowledgedAt: null,
  }));

  const completedOperationId = withCompleted ? buildCompletedDemo(ctx, {
    uDms, uNpu, uNpuInv, pKovalenko, pMelnyk, pShevchuk, pBondar, pTkachuk, rScanner, rCarNpu,
  }) : null;
  return { operationId: op.id, completedOperationId };
}

/**
 * The second demo operation, three weeks back and COMPLETED, so the after-action report and the
 * statistics have real figures: an earlier controlled delivery by the same police and customs
 * units (the same tractor unit, so it links to the upcoming operation) that ended in a seizure,
 * evidence handed over with its seals, two detentions under КПК ст. 208, a customs-rule protocol
 * and a proceeding opened from the results. It was run live: actual starts and finishes (some
 * late), the unit log, one task never started — completed with the reason why.
 *
 * It is written as it happened: planned, then active (the approval of three weeks ago is
 * recorded as given: the participants' marks were their own installations' acts), then executed
 * through the execution service and completed through the lifecycle.
 */
function buildCompletedDemo(ctx: ServiceContext, d: {
  uDms: { id: string; name: string }; uNpu: { id: string; name: string }; uNpuInv: { id: string; name: string };
  pKovalenko: { id: string }; pMelnyk: { id: string }; pShevchuk: { id: string }; pBondar: { id: string };
  pTkachuk: { id: string }; rScanner: { id: string }; rCarNpu: { id: string };
}): string {
  const base = new Date(ctx.now().getTime() - 21 * 24 * HOUR);
  base.setUTCHours(4, 0, 0, 0);
  const at = (h: number) => new Date(base.getTime() + h * HOUR).toISOString();
  const point = (label: string, lat: number, lon: number) => ({ label, point: { lat, lon } });
  const bcp = point('ПП «Ягодин»', 51.1826, 23.8089);
  const depot = point('Склад, смт Луків', 51.0519, 24.9581);

  const draft = normalizeDraft(OperationDraft.parse({
    codeName: 'ЯШМА',
    type: 'controlled_delivery',
    handlingCode: 'H2',
    form: 'coordination',
    formality: 'formal',
    legalBasis: 'ст. 246, 271 КПК України у кримінальному провадженні за ст. 305 КК України; ст. 558 МК України',
    leadAgencyId: 'NPU',
    participatingAgencyIds: ['DMS', 'OGP'],
    startsAt: at(-6), endsAt: at(12), timeZone: 'Europe/Kyiv',
    area: 'Волинська область: ПП «Ягодин» — смт Луків',
    locations: [{ label: 'ПП «Ягодин», смуга вантажного контролю', point: { lat: 51.1826, lon: 23.8089 } }],
    objectives: 'Пропустити під контролем вантаж «автозапчастин» з прихованою партією прекурсорів, встановити отримувача, затримати учасників під час розвантаження і вилучити предмет злочину.',
    situation: 'Тягач AC 1234 XT із контейнером TOLU4734787 прямує з Польщі; за оперативними даними в піддонах приховано прекурсори.',
    execution: 'Митний контроль — у звичайному порядку, без розкриття пломби; контроль за переміщенням — оперативні підрозділи НПУ; затримання під час розвантаження; огляд і вилучення — слідчий за участю спеціаліста митниці.',
    sustainment: 'Кожен орган забезпечує свої сили.',
    commandPost: 'Черговий штаб ГУНП у Волинській області',
    subjects: [
      { kind: 'vehicle', plate: 'AC 1234 XT', description: 'Тягач Mercedes-Benz Actros', notes: 'Той самий тягач, що й у «ЯНТАРНИЙ ШЛЯХ»' },
      { kind: 'container', number: 'TOLU4734787', notes: '' },
      { kind: 'company', name: 'ТОВ «Луків-Агросервіс»', edrpou: '', notes: 'Отримувач' },
    ],
  }));
  const opId = randomUUID();
  insertOperation(ctx, opId, draft, 'planned');

  const task = (t: Omit<TaskDraftInput, 'operationId'>) => createTask(ctx, TaskDraft.parse({ operationId: opId, ...t }));
  const tHand = task({ title: 'Пропуск вантажу під митним контролем', type: 'handover', accountableAgencyId: 'DMS', unitId: d.uDms.id, personIds: [d.pKovalenko.id, d.pMelnyk.id], resourceIds: [d.rScanner.id], startsAt: at(0), endsAt: at(1), place: bcp, isKeyEvent: true, notes: basis('kpk271') });
  const tMove = task({ title: 'Контроль за переміщенням вантажу до смт Луків', type: 'controlled_delivery', accountableAgencyId: 'NPU', unitId: d.uNpu.id, personIds: [d.pTkachuk.id], resourceIds: [d.rCarNpu.id], startsAt: at(1), endsAt: at(4), place: point('Автодорога Н-22', 51.1, 24.5), notes: basis('kpk271'), dependencies: [{ predecessorId: tHand.id, lagMinutes: 0 }] });
  const tDet = task({ title: 'Затримання учасників під час розвантаження', type: 'detention', accountableAgencyId: 'NPU', unitId: d.uNpu.id, personIds: [d.pBondar.id, d.pTkachuk.id], resourceIds: [], startsAt: at(4), endsAt: at(5), place: depot, isKeyEvent: true, notes: basis('kpk208'), dependencies: [{ predecessorId: tMove.id, lagMinutes: 0 }] });
  const tSeize = task({ title: 'Огляд і вилучення вантажу, документування', type: 'seizure', accountableAgencyId: 'NPU', unitId: d.uNpuInv.id, personIds: [d.pBondar.id], resourceIds: [], startsAt: at(5), endsAt: at(8), place: depot, notes: basis('kpk236'), dependencies: [{ predecessorId: tDet.id, lagMinutes: 0 }] });
  const tSpec = task({ title: 'Участь спеціаліста митниці: пломби, документи, класифікація', type: 'specialist_support', accountableAgencyId: 'DMS', unitId: d.uDms.id, personIds: [d.pShevchuk.id], resourceIds: [], startsAt: at(5), endsAt: at(8), place: depot, notes: basis('kpk71') });
  const tRecheck = task({ title: 'Повторний огляд складу отримувача', type: 'seizure', accountableAgencyId: 'NPU', unitId: d.uNpuInv.id, personIds: [d.pBondar.id], resourceIds: [], startsAt: at(9), endsAt: at(11), place: depot, notes: basis('kpk236') });

  const proceeding = addProceeding(ctx, ProceedingDraft.parse({
    operationId: opId, erdrNumber: `1${kyivDate(at(-200)).slice(0, 4)}031100000389`, registeredOn: kyivDate(at(-200)),
    qualification: 'ч. 1 ст. 305 КК України (контрабанда прекурсорів)', investigatingAgencyId: 'NPU', investigatingUnit: d.uNpuInv.name,
  }));
  addDecision(ctx, DecisionDraft.parse({
    operationId: opId, proceedingId: proceeding.id, kind: 'prosecutor_crime_control', number: '11т', issuedOn: kyivDate(at(-48)),
    issuer: 'Прокурор Волинської обласної прокуратури — процесуальний керівник', holderAgencyId: 'OGP',
    validFrom: at(-48), validUntil: at(7 * 24), taskIds: [tHand.id, tMove.id], handlingCode: 'H2', marking: 'dsk',
    classifiedFileRef: 'Оригінал — у матеріалах НСРД з грифом у Волинській обласній прокуратурі',
  }));
  // Approved and activated three weeks ago, once its legal basis was in the register.
  ctx.writer.update('operation', opId, {
    status: 'active', approvedBy: 'Начальник ГУНП у Волинській області Олександр ГРИЦЕНКО', approvedAt: at(-8),
  }, opId);
  const consignment = addConsignment(ctx, ConsignmentDraft.parse({
    operationId: opId, declarationNumber: `UA205050/${kyivDate(at(0)).slice(0, 4)}/004117`, cmrNumber: 'PL 0412775', invoiceNumber: 'FV/2026/11/0387',
    commodity: 'Автомобільні запчастини (за документами)', hsCode: '8708 99 97 90', quantity: 18, quantityUnit: 'піддонів',
    declaredValue: 14250, currency: 'EUR', seals: ['PL 4417722'], consignor: 'Auto-Czesci Sp. z o.o., Lublin',
    consignee: 'ТОВ «Луків-Агросервіс»', truckPlate: 'AC 1234 XT', containerNumber: 'TOLU4734787',
  }));

  // Executed live: each actual and log entry as the execution service writes it, recorded a few
  // minutes after the fact by the unit on duty (three weeks ago, not at the demo's load time).
  const tasks = new Map([tHand, tMove, tDet, tSeize, tSpec, tRecheck].map((t) => [t.id, t]));
  const plus = (h: number, min: number) => new Date(new Date(at(h)).getTime() + min * 60_000).toISOString();
  const record = (which: 'start' | 'finish', taskId: string, h: number) => {
    const by = 'Черговий штабу ГУНП';
    const fields = which === 'start'
      ? { startedAt: at(h), startRecordedBy: by, startRecordedAt: plus(h, 5) }
      : { finishedAt: at(h), finishRecordedBy: by, finishRecordedAt: plus(h, 5) };
    if (which === 'start') {
      ctx.writer.create('task_actual', taskId, {
        operationId: opId, startedAt: null, startRecordedBy: '', startRecordedAt: null, finishedAt: null, finishRecordedBy: '', finishRecordedAt: null, ...fields,
      }, opId);
    } else ctx.writer.update('task_actual', taskId, fields, opId);
    const t = tasks.get(taskId)!;
    const next = { ...t, status: which === 'start' ? 'in_progress' as const : 'done' as const };
    writeTaskChanges(ctx, t, next);
    tasks.set(taskId, next);
  };
  const log = (h: number, unit: string, entry: string, taskId: string | null = null) => {
    ctx.writer.create('activity_entry', randomUUID(), {
      operationId: opId, at: at(h), agencyId: 'NPU', unit, author: 'Черговий штабу ГУНП', taskId, entry, recordedAt: plus(h, 2),
    }, opId);
  };
  {
    record('start', tHand.id, 0.25);
    log(0.3, 'Митний пост «Ягодин»', 'Тягач AC 1234 XT з контейнером TOLU4734787 прибув на смугу вантажного контролю; пломба PL 4417722 ціла.', tHand.id);
    record('finish', tHand.id, 1.1);
    record('start', tMove.id, 1.1);
    log(2, 'Група контролю НПУ', 'Вантаж рухається автодорогою Н-22, контакт стабільний.', tMove.id);
    log(3.5, 'Група контролю НПУ', 'Тягач заїхав на територію складу в смт Луків; почалося розвантаження.', tMove.id);
    record('finish', tMove.id, 3.6);
    record('start', tDet.id, 4.4);
    log(4.5, 'Група затримання НПУ', 'Затримано водія і представника отримувача під час розвантаження (КПК ст. 208).', tDet.id);
    record('finish', tDet.id, 5.2);
    record('start', tSeize.id, 5.3);
    record('start', tSpec.id, 5.5);
    log(6, 'Слідча група', 'У піддонах виявлено 24 каністри з рідиною; вилучено, упаковано, опечатано.', tSeize.id);
    record('finish', tSpec.id, 8);
    record('finish', tSeize.id, 8.75);

    const seizure = addSeizure(ctx, SeizureDraft.parse({
      operationId: opId, consignmentId: consignment.id, proceedingId: proceeding.id, category: 'precursors',
      description: 'Рідина в 24 каністрах, ймовірно прекурсор (фенілацетон) — до висновку експерта', quantity: 480, quantityUnit: 'л',
      hsCode: '2914 31 00 00', estimatedValue: 2400000, currency: 'UAH', seizedAt: at(6.5), seizedByAgencyId: 'NPU',
      storagePlace: 'Камера схову речових доказів ГУНП у Волинській області',
    }));
    const item = addEvidence(ctx, EvidenceDraft.parse({
      operationId: opId, seizureId: seizure.id, number: '1', description: 'Зразки рідини, 3 флакони по 100 мл', packaging: 'Сейф-пакет',
      sealNumber: 'PSP 0031447', packedAt: at(7), packedBy: 'Бондар Сергій Васильович', packedByAgencyId: 'NPU',
    }));
    recordCustody(ctx, CustodyDraft.parse({
      operationId: opId, evidenceId: item.id, fromPerson: 'Бондар Сергій Васильович', toPerson: 'Черговий камери схову ГУНП',
      toAgencyId: 'NPU', at: at(10), place: 'ГУНП у Волинській області', sealNumber: 'PSP 0031447', purpose: 'Зберігання',
    }));
    recordCustody(ctx, CustodyDraft.parse({
      operationId: opId, evidenceId: item.id, fromPerson: 'Черговий камери схову ГУНП', toPerson: 'Експерт Волинського НДЕКЦ МВС',
      toAgencyId: 'NPU', at: at(30), place: 'Волинський НДЕКЦ МВС', sealNumber: 'PSP 0031447', resealedAs: 'НДЕКЦ 118204',
      purpose: 'Судова хімічна експертиза за постановою слідчого',
    }));
    addDetention(ctx, DetentionDraft.parse({
      operationId: opId, proceedingId: proceeding.id, basis: 'kpk_208', fullName: 'Петренко Іван Миколайович', dateOfBirth: '1984-03-12',
      citizenship: 'UA', passport: 'FA 417220', detainedAt: at(4.45), detainedBy: 'Ткачук М. Р., оперуповноважений', detainedByAgencyId: 'NPU',
      place: 'Склад, смт Луків', takenTo: 'ІТТ ГУНП у Волинській області',
    }));
    addDetention(ctx, DetentionDraft.parse({
      operationId: opId, proceedingId: proceeding.id, basis: 'kpk_208', fullName: 'Nowak Tomasz', nameLatin: 'NOWAK TOMASZ', citizenship: 'PL',
      passport: 'EN 4471920', detainedAt: at(4.5), detainedBy: 'Бондар С. В., старший слідчий', detainedByAgencyId: 'NPU',
      place: 'Склад, смт Луків', takenTo: 'ІТТ ГУНП у Волинській області', notes: 'Перекладач з польської залучений о 13:10',
    }));
    addProtocol(ctx, ProtocolDraft.parse({
      operationId: opId, number: `0417/20500/${kyivDate(at(0)).slice(2, 4)}`, drawnOn: kyivDate(at(9)), drawnBy: 'Коваленко О. П., начальник митного поста',
      drawnByAgencyId: 'DMS', article: 'ст. 483 МК України', offender: 'ТОВ «Луків-Агросервіс»', seizureId: seizure.id,
    }));
    addProceeding(ctx, ProceedingDraft.parse({
      operationId: opId, erdrNumber: `1${kyivDate(at(10)).slice(0, 4)}031100000452`, registeredOn: kyivDate(at(10)),
      qualification: 'ч. 2 ст. 311 КК України (незаконне зберігання прекурсорів з метою збуту)', investigatingAgencyId: 'NPU',
      investigatingUnit: d.uNpuInv.name, result: 'opened',
    }));
    createExchange(ctx, ExchangeDraft.parse({
      kind: 'art558_notification', form: 'information_exchange', formality: 'formal',
      legalBasis: 'ст. 558 Митного кодексу України (повідомлення митниці про виявлену контрабанду)',
      fromAgencyId: 'NPU', toAgencyId: 'DMS', operationId: opId,
      subject: 'Письмове повідомлення про виявлену контрабанду прекурсорів', body: 'Вилучено 480 л рідини в контейнері TOLU4734787.',
      handlingCode: 'H2', handlingNote: '', sourceReliability: 'A', infoAccuracy: '1',
      sentAt: at(11), dueAt: at(24), acknowledgedAt: at(13),
    }));

    changeOperationStatus(ctx, { id: opId, to: 'completed', reason: 'Повторний огляд складу не знадобився: отримувач затриманий, склад оглянуто під час вилучення.' });
    setOutcome(ctx, { operationId: opId, outcome: 'achieved', lessons: 'Пломбу фотографувати до і після огляду; перекладача залучати до затримання іноземця, а не після; повторний огляд планувати лише за потреби.' });
  }
  return opId;
}
