/**
 * Operation templates: the default phases and task checklists planners start from, per
 * operation type. The data is bilingual; `buildFromTemplate` is pure (ids come from the caller)
 * and produces a plan in one language, laid out in time from the operation's start.
 *
 * Tasks are given to the agency whose procedural powers cover them (TASK_TYPE_REQUIRED_POWER):
 * a detention goes to the National Police, a customs inspection to customs, the decision on a
 * controlled delivery to the prosecutor — so a fresh plan starts without power conflicts.
 */
import type { Lang } from '../i18n/catalog.js';
import type { OperationType, TaskType } from '../domain/enums.js';

type Bi = readonly [uk: string, en: string];

interface TemplateTask {
  key: string;
  type: TaskType;
  /** A reference agency code (SEED_AGENCIES) or 'lead' for the operation's lead agency. */
  agency: string;
  /** Hours after the operation's start. */
  at: number;
  hours: number;
  title: Bi;
  checklist: readonly Bi[];
  after?: readonly string[];
  keyEvent?: boolean;
  decisionPoint?: boolean;
}

interface TemplatePhase {
  name: Bi;
  tasks: readonly TemplateTask[];
}

export interface OperationTemplate {
  id: string;
  type: OperationType;
  name: Bi;
  leadAgency: string;
  legalBasis: Bi;
  phases: readonly TemplatePhase[];
}

const PREP: Bi = ['Підготовка', 'Preparation'];
const EXEC: Bi = ['Виконання', 'Execution'];
const DONE: Bi = ['Завершення', 'Completion'];

export const OPERATION_TEMPLATES: readonly OperationTemplate[] = [
  {
    id: 'controlled_delivery',
    type: 'controlled_delivery',
    name: ['Контрольована поставка', 'Controlled delivery'],
    leadAgency: 'DMS',
    legalBasis: ['ст. 558 Митного кодексу України; ст. 271 КПК України (контроль за вчиненням злочину)', 'Customs Code of Ukraine Art. 558; Criminal Procedure Code Art. 271 (control over the commission of a crime)'],
    phases: [
      {
        name: PREP,
        tasks: [
          { key: 'intel', type: 'intelligence_check', agency: 'DMS', at: 0, hours: 6,
            title: ['Підтвердження оперативної інформації', 'Confirm the intelligence'],
            checklist: [
              ['Оцінити надійність джерела та достовірність інформації', 'Grade source reliability and information accuracy'],
              ['Звірити дані про вантаж: декларація, контейнер, транспорт', 'Cross-check consignment data: declaration, container, vehicle'],
              ['Перевірити перетин з іншими операціями щодо тих самих об’єктів', 'Check overlaps with other operations on the same subjects'],
            ] },
          { key: 'decision', type: 'prosecutor_decision', agency: 'OGP', at: 6, hours: 8, after: ['intel'], decisionPoint: true,
            title: ['Рішення прокурора про контрольовану поставку', "Prosecutor's decision on the controlled delivery"],
            checklist: [
              ['Клопотання слідчого підготовлено', "Investigator's application prepared"],
              ['Постанову прокурора підписано', "Prosecutor's decision signed"],
              ['Витяг доведено до учасників', 'Extract communicated to participants'],
            ] },
          { key: 'briefing', type: 'briefing', agency: 'lead', at: 16, hours: 2, after: ['decision'],
            title: ['Спільний інструктаж учасників', 'Joint briefing of participants'],
            checklist: [
              ['Ролі та план зв’язку', 'Roles and communications plan'],
              ['Пункт передачі та маршрут', 'Handover point and route'],
              ['Критерії припинення операції', 'Abort criteria'],
            ] },
        ],
      },
      {
        name: EXEC,
        tasks: [
          { key: 'handover', type: 'handover', agency: 'DPSU', at: 24, hours: 2, after: ['briefing'], keyEvent: true,
            title: ['Передача під контроль у пункті пропуску', 'Handover at the border crossing point'],
            checklist: [
              ['Пропуск через кордон без ознак зацікавленості', 'Border passage without signs of interest'],
              ['Митні формальності без огляду вантажу', 'Customs formalities without opening the cargo'],
              ['Підтверджено роботу засобів контролю', 'Tracking means confirmed working'],
            ] },
          { key: 'escort', type: 'surveillance', agency: 'NPU', at: 26, hours: 22, after: ['handover'],
            title: ['Супровід під спостереженням', 'Escorted movement under surveillance'],
            checklist: [
              ['Групи спостереження за естафетною схемою', 'Surveillance teams in relay'],
              ['Доповіді про маршрут щогодини', 'Route reports every hour'],
              ['Порядок дій у разі втрати контакту', 'Loss-of-contact procedure'],
            ] },
          { key: 'intercept', type: 'detention', agency: 'NPU', at: 48, hours: 4, after: ['escort'], keyEvent: true, decisionPoint: true,
            title: ['Перехоплення та затримання', 'Interception and detention'],
            checklist: [
              ['Рішення про момент затримання', 'Decision on the moment of detention'],
              ['Група затримання на позиціях', 'Arrest team in position'],
              ['Протокол затримання', 'Detention record'],
            ] },
        ],
      },
      {
        name: DONE,
        tasks: [
          { key: 'seizure', type: 'seizure', agency: 'NPU', at: 52, hours: 8, after: ['intercept'],
            title: ['Вилучення та документування', 'Seizure and documentation'],
            checklist: [
              ['Протокол огляду та вилучення', 'Inspection and seizure record'],
              ['Зразки для експертизи', 'Samples for expert examination'],
              ['Ланцюг збереження речових доказів', 'Chain of custody of evidence'],
            ] },
          { key: 'notify', type: 'notification', agency: 'DMS', at: 60, hours: 4, after: ['seizure'],
            title: ['Обов’язкові повідомлення (ст. 558 МК України)', 'Mandatory notifications (Art. 558)'],
            checklist: [
              ['Письмове повідомлення органам-учасникам', 'Written notification to participating agencies'],
              ['Запис у журналі обміну', 'Entry in the exchange log'],
            ] },
        ],
      },
    ],
  },
  {
    id: 'joint_search',
    type: 'joint_search',
    name: ['Спільний обшук', 'Joint search'],
    leadAgency: 'NPU',
    legalBasis: ['ст. 234 КПК України (ухвала слідчого судді); ст. 558 Митного кодексу України', 'Criminal Procedure Code Art. 234 (investigating judge ruling); Customs Code Art. 558'],
    phases: [
      { name: PREP, tasks: [
        { key: 'intel', type: 'intelligence_check', agency: 'NPU', at: 0, hours: 4,
          title: ['Аналіз інформації про об’єкт обшуку', 'Analyse information on the search premises'],
          checklist: [['План приміщень і під’їздів', 'Floor plan and approaches'], ['Особи, що можуть бути присутні', 'Persons likely present']] },
        { key: 'ruling', type: 'prosecutor_decision', agency: 'OGP', at: 4, hours: 6, after: ['intel'], decisionPoint: true,
          title: ['Погодження клопотання про обшук', 'Approve the search application'],
          checklist: [['Клопотання погоджено прокурором', 'Application approved by the prosecutor'], ['Ухвалу слідчого судді отримано', 'Investigating judge ruling obtained']] },
        { key: 'briefing', type: 'briefing', agency: 'lead', at: 10, hours: 1, after: ['ruling'],
          title: ['Інструктаж слідчо-оперативної групи', 'Brief the search team'],
          checklist: [['Розподіл ролей і понятих', 'Roles and attesting witnesses'], ['Безпека та медичне забезпечення', 'Safety and medical cover']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'search', type: 'search', agency: 'NPU', at: 12, hours: 5, after: ['briefing'], keyEvent: true,
          title: ['Проведення обшуку', 'Conduct the search'],
          checklist: [['Ухвалу пред’явлено', 'Ruling presented'], ['Відеофіксація', 'Video recording'], ['Протокол обшуку', 'Search record']] },
        { key: 'inspect', type: 'customs_inspection', agency: 'DMS', at: 13, hours: 3, after: ['briefing'],
          title: ['Митний огляд виявлених товарів', 'Customs inspection of goods found'],
          checklist: [['Ідентифікація товарів і документів', 'Identify goods and documents'], ['Попередня класифікація УКТ ЗЕД', 'Preliminary tariff classification']] },
        { key: 'seizure', type: 'seizure', agency: 'NPU', at: 17, hours: 2, after: ['search'],
          title: ['Вилучення речових доказів', 'Seize the evidence'],
          checklist: [['Опис і пакування', 'Inventory and packaging'], ['Ланцюг збереження', 'Chain of custody']] },
      ] },
      { name: DONE, tasks: [
        { key: 'notify', type: 'notification', agency: 'NPU', at: 19, hours: 2, after: ['seizure'],
          title: ['Повідомлення митниці про результати', 'Notify customs of the results'],
          checklist: [['Письмове повідомлення', 'Written notification'], ['Запис у журналі обміну', 'Entry in the exchange log']] },
      ] },
    ],
  },
  {
    id: 'customs_inspection',
    type: 'customs_inspection',
    name: ['Митний огляд з експертизою', 'Customs inspection with expert examination'],
    leadAgency: 'DMS',
    legalBasis: ['ст. 338, 356, 357 Митного кодексу України', 'Customs Code of Ukraine Arts. 338, 356, 357'],
    phases: [
      { name: PREP, tasks: [
        { key: 'risk', type: 'intelligence_check', agency: 'DMS', at: 0, hours: 2,
          title: ['Аналіз ризиків партії', 'Risk analysis of the consignment'],
          checklist: [['Профіль ризику спрацював', 'Risk profile triggered'], ['Документи партії перевірено', 'Consignment documents checked']] },
        { key: 'briefing', type: 'briefing', agency: 'DMS', at: 2, hours: 1, after: ['risk'],
          title: ['Інструктаж групи огляду', 'Brief the inspection team'],
          checklist: [['Сканер і кінолог заплановані', 'Scanner and K9 scheduled']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'inspect', type: 'customs_inspection', agency: 'DMS', at: 4, hours: 4, after: ['briefing'], keyEvent: true,
          title: ['Митний огляд (переогляд) товарів', 'Customs inspection of the goods'],
          checklist: [['Сканування', 'Scanning'], ['Фізичний огляд', 'Physical inspection'], ['Акт огляду', 'Inspection report']] },
        { key: 'samples', type: 'expert_examination', agency: 'DMS', at: 8, hours: 24, after: ['inspect'], decisionPoint: true,
          title: ['Відбір проб і митна експертиза', 'Sampling and customs expert examination'],
          checklist: [['Акт відбору проб', 'Sampling record'], ['Направлення до лабораторії', 'Referral to the laboratory'], ['Висновок експерта', "Expert's conclusion"]] },
      ] },
      { name: DONE, tasks: [
        { key: 'decision', type: 'documentation', agency: 'DMS', at: 32, hours: 4, after: ['samples'],
          title: ['Рішення за результатами експертизи', 'Decision on the examination results'],
          checklist: [['Класифікаційне рішення або протокол про порушення', 'Classification decision or violation record']] },
        { key: 'notify', type: 'notification', agency: 'DMS', at: 36, hours: 2, after: ['decision'],
          title: ['Повідомлення правоохоронного органу (за потреби)', 'Notify law enforcement (when warranted)'],
          checklist: [['Письмове повідомлення (ст. 558 МК України)', 'Written notification (Customs Code Art. 558)']] },
      ] },
    ],
  },
  {
    id: 'joint_patrol',
    type: 'joint_patrol',
    name: ['Спільне патрулювання', 'Joint patrol'],
    leadAgency: 'DPSU',
    legalBasis: ['Спільний наказ про організацію взаємодії; ст. 558 Митного кодексу України', 'Joint order on interaction; Customs Code Art. 558'],
    phases: [
      { name: PREP, tasks: [
        { key: 'briefing', type: 'briefing', agency: 'DPSU', at: 0, hours: 1,
          title: ['Інструктаж змішаних нарядів', 'Brief the mixed patrol teams'],
          checklist: [['Маршрути і сектори', 'Routes and sectors'], ['Позивні та частоти', 'Callsigns and frequencies']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'patrol-border', type: 'border_control', agency: 'DPSU', at: 1, hours: 8, after: ['briefing'], keyEvent: true,
          title: ['Прикордонний контроль на маршруті', 'Border control along the route'],
          checklist: [['Доповіді кожні 2 години', 'Reports every 2 hours']] },
        { key: 'patrol-customs', type: 'patrol', agency: 'DMS', at: 1, hours: 8, after: ['briefing'],
          title: ['Мобільна митна група', 'Mobile customs team'],
          checklist: [['Вибіркові перевірки транспорту', 'Spot checks of vehicles']] },
        { key: 'patrol-police', type: 'patrol', agency: 'NPU', at: 1, hours: 8, after: ['briefing'],
          title: ['Патрулювання прилеглих доріг', 'Patrol the approach roads'],
          checklist: [['Пости на перехрестях', 'Checkpoints at junctions']] },
      ] },
      { name: DONE, tasks: [
        { key: 'debrief', type: 'meeting', agency: 'DPSU', at: 9, hours: 1, after: ['patrol-border', 'patrol-customs', 'patrol-police'],
          title: ['Підбиття підсумків', 'Debrief'],
          checklist: [['Зведення результатів', 'Results summary'], ['Обмін інформацією (ст. 558)', 'Information exchange (Art. 558)']] },
      ] },
    ],
  },
  {
    id: 'joint_training',
    type: 'joint_training',
    name: ['Спільне навчання', 'Joint training'],
    leadAgency: 'DMS',
    legalBasis: ['ст. 558 Митного кодексу України (спільне навчання)', 'Customs Code of Ukraine Art. 558 (joint training)'],
    phases: [
      { name: PREP, tasks: [
        { key: 'plan', type: 'meeting', agency: 'DMS', at: 0, hours: 2,
          title: ['Узгодження програми навчання', 'Agree the training programme'],
          checklist: [['Програма і сценарій', 'Programme and scenario'], ['Список учасників від органів', 'Participants from each agency']] },
        { key: 'logistics', type: 'logistics', agency: 'DMS', at: 2, hours: 4, after: ['plan'],
          title: ['Логістика навчання', 'Training logistics'],
          checklist: [['Приміщення та обладнання', 'Venue and equipment'], ['Транспорт', 'Transport']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'train-customs', type: 'training', agency: 'DMS', at: 24, hours: 6, after: ['logistics'], keyEvent: true,
          title: ['Практичне заняття: митний огляд', 'Practical session: customs inspection'],
          checklist: [['Відпрацювання сценарію', 'Run the scenario']] },
        { key: 'train-police', type: 'training', agency: 'NPU', at: 24, hours: 6, after: ['logistics'],
          title: ['Практичне заняття: затримання', 'Practical session: detention'],
          checklist: [['Відпрацювання взаємодії', 'Practise the interaction']] },
      ] },
      { name: DONE, tasks: [
        { key: 'review', type: 'meeting', agency: 'DMS', at: 30, hours: 2, after: ['train-customs', 'train-police'],
          title: ['Розбір і висновки', 'After-action review'],
          checklist: [['Висновки та пропозиції', 'Lessons and proposals']] },
      ] },
    ],
  },
  {
    id: 'working_group',
    type: 'working_group',
    name: ['Засідання робочої групи', 'Working-group meeting'],
    leadAgency: 'DMS',
    legalBasis: ['ст. 558 Митного кодексу України; положення про робочу групу', 'Customs Code Art. 558; working-group terms of reference'],
    phases: [
      { name: PREP, tasks: [
        { key: 'agenda', type: 'liaison', agency: 'DMS', at: 0, hours: 24,
          title: ['Збір пропозицій до порядку денного', 'Collect agenda proposals'],
          checklist: [['Запит органам-учасникам', 'Request to participating agencies'], ['Порядок денний розіслано', 'Agenda circulated']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'meeting', type: 'meeting', agency: 'DMS', at: 48, hours: 3, after: ['agenda'], keyEvent: true, decisionPoint: true,
          title: ['Засідання робочої групи', 'Working-group meeting'],
          checklist: [['Реєстрація учасників', 'Attendance'], ['Рішення за пунктами порядку денного', 'Decisions on agenda items']] },
      ] },
      { name: DONE, tasks: [
        { key: 'minutes', type: 'documentation', agency: 'DMS', at: 51, hours: 24, after: ['meeting'],
          title: ['Протокол і доручення', 'Minutes and action items'],
          checklist: [['Протокол підписано', 'Minutes signed'], ['Запис у журналі обміну', 'Entry in the exchange log']] },
      ] },
    ],
  },
];

export function findTemplate(id: string): OperationTemplate | undefined {
  return OPERATION_TEMPLATES.find((t) => t.id === id);
}

export function templateAgencyCodes(tpl: OperationTemplate): string[] {
  const codes = new Set<string>([tpl.leadAgency]);
  for (const p of tpl.phases) for (const t of p.tasks) if (t.agency !== 'lead') codes.add(t.agency);
  return [...codes];
}

export interface BuiltPhase { name: string; ordinal: number; startsAt: string; endsAt: string }
export interface BuiltTask {
  phaseIndex: number;
  id: string;
  title: string;
  type: TaskType;
  accountableAgencyId: string;
  startsAt: string;
  endsAt: string;
  checklist: { id: string; text: string; done: false }[];
  dependencies: { predecessorId: string; lagMinutes: number }[];
  isKeyEvent: boolean;
  isDecisionPoint: boolean;
}
export interface BuiltPlan {
  type: OperationType;
  legalBasis: string;
  leadAgencyId: string;
  participatingAgencyIds: string[];
  startsAt: string;
  endsAt: string;
  phases: BuiltPhase[];
  tasks: BuiltTask[];
}

const HOUR = 3600_000;

/**
 * Lays a template out from `startsAt`. `agencyExists` filters reference agencies an
 * installation may have removed: their tasks fall to the lead agency rather than vanish.
 */
export function buildFromTemplate(
  tpl: OperationTemplate,
  opts: { startsAt: string; lang: Lang; leadAgencyId?: string; agencyExists(id: string): boolean; newId(): string },
): BuiltPlan {
  const pick = (b: Bi) => (opts.lang === 'uk' ? b[0] : b[1]);
  const lead = opts.leadAgencyId ?? tpl.leadAgency;
  const agencyOf = (code: string) => (code === 'lead' || !opts.agencyExists(code) ? lead : code);
  const t0 = new Date(opts.startsAt).getTime();
  const at = (h: number) => new Date(t0 + h * HOUR).toISOString();
  const ids = new Map<string, string>();
  for (const p of tpl.phases) for (const t of p.tasks) ids.set(t.key, opts.newId());

  const phases: BuiltPhase[] = [];
  const tasks: BuiltTask[] = [];
  let end = t0;
  tpl.phases.forEach((p, phaseIndex) => {
    const from = Math.min(...p.tasks.map((t) => t.at));
    const to = Math.max(...p.tasks.map((t) => t.at + t.hours));
    phases.push({ name: pick(p.name), ordinal: phaseIndex, startsAt: at(from), endsAt: at(to) });
    end = Math.max(end, t0 + to * HOUR);
    for (const t of p.tasks) {
      tasks.push({
        phaseIndex,
        id: ids.get(t.key)!,
        title: pick(t.title),
        type: t.type,
        accountableAgencyId: agencyOf(t.agency),
        startsAt: at(t.at),
        endsAt: at(t.at + t.hours),
        checklist: t.checklist.map((c) => ({ id: opts.newId(), text: pick(c), done: false })),
        dependencies: (t.after ?? []).map((k) => ({ predecessorId: ids.get(k)!, lagMinutes: 0 })),
        isKeyEvent: t.keyEvent ?? false,
        isDecisionPoint: t.decisionPoint ?? false,
      });
    }
  });
  const participating = [...new Set(tasks.map((t) => t.accountableAgencyId))].filter((a) => a !== lead);
  for (const code of templateAgencyCodes(tpl)) {
    const a = agencyOf(code);
    if (a !== lead && !participating.includes(a)) participating.push(a);
  }
  return {
    type: tpl.type,
    legalBasis: pick(tpl.legalBasis),
    leadAgencyId: lead,
    participatingAgencyIds: participating,
    startsAt: at(0),
    endsAt: new Date(end).toISOString(),
    phases,
    tasks,
  };
}
