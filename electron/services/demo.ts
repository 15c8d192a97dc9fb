/**
 * The demo dataset: a controlled delivery of contraband cigarettes through the Yahodyn border
 * crossing point, led by customs, with National Police, Security Service, Border Guard and
 * prosecutor tasks across three phases. Dates are relative to "now" so that the plan is always
 * upcoming and its notification deadlines are meaningful. Built through the same services as
 * user input, so it is validated and recorded like any other plan.
 */
import { PersonDraft, ResourceDraft, UnitDraft } from '../../shared/domain/directory.js';
import { ExchangeDraft } from '../../shared/domain/exchange.js';
import { OperationDraft, PhaseDraft, type Operation } from '../../shared/domain/operation.js';
import { TaskDraft, type TaskDraftInput } from '../../shared/domain/task.js';
import { transact, type ServiceContext } from './context.js';
import { createPerson, createResource, createUnit } from './directory.js';
import { createExchange } from './exchange.js';
import { addPhase, createOperation } from './operations.js';
import { createTask } from './tasks.js';

const HOUR = 3_600_000;

export function loadDemo(ctx: ServiceContext): { operationId: string } {
  return transact(ctx, () => buildDemo(ctx));
}

function buildDemo(ctx: ServiceContext): { operationId: string } {
  // Start at 06:00 Kyiv time two days from now.
  const base = new Date(ctx.now().getTime() + 2 * 24 * HOUR);
  base.setUTCHours(4, 0, 0, 0);
  const at = (h: number) => new Date(base.getTime() + h * HOUR).toISOString();

  const unit = (agencyId: string, name: string, kind: string, label: string, lat: number, lon: number) =>
    createUnit(ctx, UnitDraft.parse({ agencyId, name, kind, place: { label, point: { lat, lon } } }));
  const uDms = unit('DMS', 'Митний пост «Ягодин» Волинської митниці', 'митний пост', 'ПП «Ягодин»', 51.1826, 23.8089);
  const uNpu = unit('NPU', 'ГУНП у Волинській області, відділ протидії наркозлочинності', 'обласне управління', 'Луцьк', 50.7472, 25.3254);
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
  const pBondar = person('NPU', uNpu.id, 'Бондар Сергій Васильович', 'Старший слідчий', 'майор поліції', 'Сокіл', '+380 50 200 30 40', ['investigator']);
  const pTkachuk = person('NPU', uNpu.id, 'Ткачук Максим Романович', 'Оперуповноважений', 'капітан поліції', 'Сокіл-2', '+380 50 200 30 41', ['driver']);
  const pLysenko = person('SBU', uSbu.id, 'Лисенко Дмитро Олександрович', 'Старший оперуповноважений', 'підполковник', 'Беркут', '+380 66 300 40 50');
  const pHnatiuk = person('DPSU', uDpsu.id, 'Гнатюк Василь Степанович', 'Начальник зміни прикордонних нарядів', 'майор', 'Кордон-1', '+380 95 400 50 60');
  const pSavchenko = person('OGP', uOgp.id, 'Савченко Наталія Миколаївна', 'Прокурор відділу процесуального керівництва', 'радник юстиції', '', '+380 63 500 60 70');

  const resource = (agencyId: string, unitId: string, name: string, kind: ResourceDraft['kind'], identifier: string, capacity = 0) =>
    createResource(ctx, ResourceDraft.parse({ agencyId, unitId, name, kind, identifier, capacity }));
  const rScanner = resource('DMS', uDms.id, 'Мобільний рентген-сканер', 'xray_scanner', 'ІДК-01');
  const rK9 = resource('DMS', uDms.id, 'Службовий собака «Рекс»', 'k9', 'К9-14');
  const rCarNpu = resource('NPU', uNpu.id, 'Автомобіль супроводу Škoda Octavia', 'vehicle', 'AC 4412 BK', 4);
  const rCarSbu = resource('SBU', uSbu.id, 'Автомобіль спостереження VW Transporter', 'vehicle', 'AC 7731 CE', 6);
  const rDrone = resource('DPSU', uDpsu.id, 'Безпілотник спостереження', 'drone', 'БПЛА-3');

  const op: Operation = createOperation(ctx, OperationDraft.parse({
    codeName: 'ЯНТАРНИЙ ШЛЯХ',
    type: 'controlled_delivery',
    handlingCode: 'H2',
    form: 'coordination',
    formality: 'formal',
    legalBasis: 'ст. 558 Митного кодексу України; ст. 271 КПК України (контроль за вчиненням злочину); рішення прокурора про проведення контрольованої поставки',
    leadAgencyId: 'DMS',
    participatingAgencyIds: ['NPU', 'SBU', 'DPSU', 'OGP'],
    startsAt: at(-24),
    endsAt: at(14),
    timeZone: 'Europe/Kyiv',
    area: 'Волинська область: ПП «Ягодин» і маршрут руху вантажу',
    // Only the crossing point is everyone's: the escort route and the place of interception are
    // the lead's need-to-know details below ("only the shift chief knows" at the crossing point).
    locations: [
      { label: 'ПП «Ягодин», смуга вантажного контролю', point: { lat: 51.1826, lon: 23.8089 } },
    ],
    objectives: 'Задокументувати канал контрабанди тютюнових виробів, встановити отримувачів у м. Ковель, затримати учасників під час розвантаження, вилучити вантаж.',
    situation: 'За оперативною інформацією, у напівпричепі з «меблевою фурнітурою» переміщується близько 400 тис. пачок сигарет без акцизних марок. Відправник — компанія з Польщі; отримувач — ТОВ «Західтранслогістик».',
    execution: 'Вантаж пропускається через ПП «Ягодин» під непомітним контролем, супроводжується до місця розвантаження і перехоплюється під час передачі отримувачам.',
    sustainment: 'Медична допомога — КНП «Ковельська лікарня»; евакуація — автомобіль НПУ. Пальне та зв’язок — за рахунок кожного відомства.',
    commandPost: 'Штаб у приміщенні митного поста «Ягодин», кімн. 12',
    risks: [
      { threat: 'Водій помітить супровід і змінить маршрут', likelihood: 'medium', impact: 'high', mitigation: 'Змінні екіпажі, дрон ДПСУ на ділянці М-07', owner: 'СБУ' },
      { threat: 'Витік інформації на пункті пропуску', likelihood: 'low', impact: 'high', mitigation: 'Коло поінформованих — лише начальник зміни', owner: 'ДМС' },
    ],
    comms: [
      { channel: 'Спільна група ТЕТРА', frequencyOrTalkGroup: 'TG 4417 «ЯНТАР»', callsign: 'Штаб', agencyId: 'DMS', phone: '+380 67 100 20 30', notes: 'Основний' },
      { channel: 'Резервний УКХ', frequencyOrTalkGroup: '152.450 МГц', callsign: 'Беркут', agencyId: 'SBU', phone: '', notes: 'Лише при втраті ТЕТРА' },
    ],
    subjects: [
      { kind: 'vehicle', plate: 'AC 1234 XT', vin: 'WDB9634031L738216', description: 'Тягач Mercedes-Benz Actros', notes: '' },
      { kind: 'container', number: 'CSQU3054383', notes: 'Напівпричіп-контейнер' },
      { kind: 'company', name: 'ТОВ «Західтранслогістик»', edrpou: '14360570', notes: 'Отримувач' },
      { kind: 'person', fullName: 'Петренко Іван Миколайович', dateOfBirth: '1984-03-12', notes: 'Водій' },
      { kind: 'address', address: 'м. Ковель, вул. Заводська, 5', point: { lat: 51.2152, lon: 24.7147 }, notes: 'Склад' },
    ],
    commandHead: 'Коваленко Олег Петрович, начальник митного поста «Ягодин»',
    commandDeputy: 'Бондар Андрій Іванович, слідчий СВ Ковельського РУП',
    commandSuccession: 'Керівник → заступник → старший групи супроводу СБУ',
    goNoGoCriteria: 'Рішення прокурора чинне; вантаж прибув на ПП «Ягодин» до 08:00; усі групи доповіли про готовність.',
    abortCriteria: 'Ознаки розшифрування; загроза життю учасників або сторонніх; втрата вантажу з-під контролю понад 30 хв.',
    onCompromise: 'Доповісти на пункт управління кодовим словом «ГРІМ»; рішення про затримання — за керівником операції.',
    onLostContact: 'Через 10 хв без зв’язку — перехід на резервний УКХ; через 30 хв — доповідь телефоном черговому.',
    useOfForce: 'Лише працівниками НПУ відповідно до Закону України «Про Національну поліцію»; інші учасники — за потреби для самозахисту.',
    reportingSchedule: 'Щогодини, на кожній ключовій події та негайно — у разі відхилення від плану.',
    evidenceHandling: 'Вилучене опечатується на місці, фіксується в протоколі й передається слідчому; ланцюг передачі — в акті.',
    pressLine: 'Жодних коментарів учасниками; інформація для ЗМІ — лише через прес-службу прокуратури після завершення.',
    codeWords: [{ word: 'ГРІМ', meaning: 'розшифрування' }, { word: 'ЯНТАР', meaning: 'вантаж пройшов пункт пропуску' }],
    medical: 'Бригада екстреної медичної допомоги на виклик (103); найближчий стаціонар — у районі розвантаження.',
    detaineeTransport: 'Автомобіль НПУ з конвоєм до ізолятора тимчасового тримання.',
    evidenceStorage: 'Камера схову речових доказів слідчого підрозділу.',
    interpreters: 'Перекладач польської мови — на виклик (через ДМС).',
    registrationNumber: '45/2-ДСК',
    restrictedListItem: 'пункт переліку відомостей ДМС, що становлять службову інформацію (уточнити за чинним переліком)',
    approverPosition: 'Начальник Волинської митниці',
    restrictedSources: 'Оперативна інформація Управління СБУ у Волинській області; оцінка B2. Відомості про джерело — у матеріалах СБУ.',
    restrictedDetails: 'Маршрут супроводу: автодорога М-07. Точка перехоплення: 12 км від кордону (51.20610, 24.03120). Місце розвантаження: склад у м. Ковель, вул. Заводська, 5 (51.21520, 24.71470). Перехоплення — під час розвантаження.',
  }));

  const ph1 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Підготовка та рішення', ordinal: 0, startsAt: at(-24), endsAt: at(0) }));
  const ph2 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Пропуск і супровід', ordinal: 1, startsAt: at(0), endsAt: at(6) }));
  const ph3 = addPhase(ctx, PhaseDraft.parse({ operationId: op.id, name: 'Перехоплення і документування', ordinal: 2, startsAt: at(6), endsAt: at(14) }));

  const task = (t: Omit<TaskDraftInput, 'operationId'>) =>
    createTask(ctx, TaskDraft.parse({ operationId: op.id, ...t }));
  const point = (label: string, lat: number, lon: number) => ({ label, point: { lat, lon } });
  const bcp = point('ПП «Ягодин»', 51.1826, 23.8089);

  const t1 = task({ phaseId: ph1.id, title: 'Підтвердити оперативну інформацію про вантаж', type: 'intelligence_check', accountableAgencyId: 'SBU', unitId: uSbu.id, personIds: [pLysenko.id], resourceIds: [], startsAt: at(-24), endsAt: at(-18), place: point('Луцьк', 50.7593, 25.3424) });
  const t2 = task({ phaseId: ph1.id, title: 'Рішення прокурора про контрольовану поставку', type: 'prosecutor_decision', accountableAgencyId: 'OGP', unitId: uOgp.id, personIds: [pSavchenko.id], resourceIds: [], startsAt: at(-16), endsAt: at(-12), place: point('Луцьк', 50.7468, 25.3261), isDecisionPoint: true, dependencies: [{ predecessorId: t1.id, lagMinutes: 60 }] });
  const t3 = task({ phaseId: ph1.id, title: 'Інструктаж учасників у штабі', type: 'briefing', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pKovalenko.id, pBondar.id, pLysenko.id, pHnatiuk.id], resourceIds: [], startsAt: at(-3), endsAt: at(-2), place: bcp, dependencies: [{ predecessorId: t2.id, lagMinutes: 0 }], checklist: [{ id: 'c1', text: 'Роздати схему зв’язку', done: false }, { id: 'c2', text: 'Звірити позивні', done: false }] });
  task({ phaseId: ph2.id, title: 'Прикордонний контроль без затримки вантажу', type: 'border_control', accountableAgencyId: 'DPSU', unitId: uDpsu.id, personIds: [pHnatiuk.id], resourceIds: [], startsAt: at(0), endsAt: at(1), place: bcp });
  const t5 = task({ phaseId: ph2.id, title: 'Передача вантажу під непомітний контроль на пункті пропуску', type: 'handover', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pKovalenko.id, pMelnyk.id], resourceIds: [rScanner.id, rK9.id], startsAt: at(0.5), endsAt: at(1.5), place: bcp, isKeyEvent: true, dependencies: [{ predecessorId: t3.id, lagMinutes: 0 }], checklist: [{ id: 'c1', text: 'Сканування без розкриття пломби', done: false }, { id: 'c2', text: 'Фото пломби та номера контейнера', done: false }] });
  const t6 = task({ phaseId: ph2.id, title: 'Супровід під негласним спостереженням М-07', type: 'surveillance', accountableAgencyId: 'SBU', unitId: uSbu.id, personIds: [pLysenko.id], resourceIds: [rCarSbu.id, rDrone.id], startsAt: at(1.5), endsAt: at(6), place: point('Автодорога М-07', 51.2061, 24.0312), dependencies: [{ predecessorId: t5.id, lagMinutes: 0 }] });
  const t7 = task({ phaseId: ph3.id, title: 'Перехоплення і затримання учасників під час розвантаження', type: 'detention', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pBondar.id, pTkachuk.id], resourceIds: [rCarNpu.id], startsAt: at(6), endsAt: at(8), place: point('Склад, м. Ковель', 51.2152, 24.7147), isKeyEvent: true, isDecisionPoint: true, dependencies: [{ predecessorId: t6.id, lagMinutes: 0 }] });
  const t8 = task({ phaseId: ph3.id, title: 'Огляд і вилучення вантажу, документування', type: 'seizure', accountableAgencyId: 'NPU', unitId: uNpu.id, personIds: [pBondar.id], resourceIds: [], startsAt: at(8), endsAt: at(12), place: point('Склад, м. Ковель', 51.2152, 24.7147), dependencies: [{ predecessorId: t7.id, lagMinutes: 0 }] });
  task({ phaseId: ph3.id, title: 'Митна експертиза вилучених виробів', type: 'expert_examination', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pShevchuk.id], resourceIds: [], startsAt: at(10), endsAt: at(13), place: point('Склад, м. Ковель', 51.2152, 24.7147), dependencies: [{ predecessorId: t8.id, lagMinutes: -120 }] });
  task({ phaseId: ph3.id, title: 'Письмове повідомлення НПУ про виявлене правопорушення (ст. 558 МК України)', type: 'notification', accountableAgencyId: 'DMS', unitId: uDms.id, personIds: [pKovalenko.id], resourceIds: [], startsAt: at(12), endsAt: at(14), place: bcp, dependencies: [{ predecessorId: t8.id, lagMinutes: 0 }] });

  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_operational_info', form: 'information_exchange', formality: 'formal',
    legalBasis: 'ст. 558 Митного кодексу України (обов’язок правоохоронного органу інформувати митницю)',
    fromAgencyId: 'SBU', toAgencyId: 'DMS', operationId: op.id,
    subject: 'Оперативна інформація про переміщення тютюнових виробів через ПП «Ягодин»',
    body: 'Тягач AC 1234 XT з напівпричепом CSQU3054383; орієнтовний час прибуття на пункт пропуску — доба Д.',
    handlingCode: 'H2', handlingNote: '', sourceReliability: 'B', infoAccuracy: '2',
    sentAt: at(-30), dueAt: null, acknowledgedAt: at(-29),
  }));
  createExchange(ctx, ExchangeDraft.parse({
    kind: 'art558_notification', form: 'information_exchange', formality: 'formal',
    legalBasis: 'ст. 558 Митного кодексу України (письмове повідомлення про виявлене правопорушення)',
    fromAgencyId: 'DMS', toAgencyId: 'NPU', operationId: op.id,
    subject: 'Письмове повідомлення про виявлене порушення (контрабанда тютюнових виробів)',
    body: 'Надсилається після документування вилучення.',
    handlingCode: 'H2', handlingNote: '', sourceReliability: 'A', infoAccuracy: '1',
    sentAt: null, dueAt: at(24), acknowledgedAt: null,
  }));
  return { operationId: op.id };
}
