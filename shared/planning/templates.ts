/**
 * Operation templates: the default phases and task checklists planners start from, per
 * operation type. The data is bilingual; `buildFromTemplate` is pure (ids come from the caller)
 * and produces a plan in one language, laid out in time from the operation's start.
 *
 * Tasks are given to the agency whose procedural powers cover them (TASK_TYPE_REQUIRED_POWER):
 * a detention goes to the National Police, a customs inspection to customs, the decision on a
 * controlled delivery to the prosecutor — so a fresh plan starts without power conflicts.
 *
 * Every step names its legal basis from the reference data (shared/legal/reference.ts), written
 * into the task's notes in the plan's language. The procedure follows DOMAIN.md's
 * "Criminal-procedure spine": a controlled delivery is led by the investigating body inside a
 * registered proceeding, decided by the prosecutor; customs lets the goods through under customs
 * control and lends a specialist; the decisions themselves stay in the classified file.
 */
import type { Lang } from '../i18n/catalog.js';
import type { OperationType, TaskType } from '../domain/enums.js';
import { COVERT_TASK_TYPES, LEGAL_BASES, type LegalBasisId } from '../legal/reference.js';

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
  /** The step's legal basis (reference data). */
  basis: LegalBasisId;
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
    // The investigating body leads (police here; the planner picks БЕБ, СБУ, НАБУ or ДБР as the
    // proceeding requires). Customs takes part; it does not lead or approve.
    leadAgency: 'NPU',
    legalBasis: ['ст. 246, 271 КПК України (контроль за вчиненням злочину); постанова прокурора; ст. 558 МК України (взаємодія з митницею)', 'Criminal Procedure Code Arts. 246, 271 (control over the commission of a crime); prosecutor\'s decision; Customs Code Art. 558 (interaction with customs)'],
    phases: [
      {
        name: PREP,
        tasks: [
          { key: 'intel', type: 'intelligence_check', agency: 'lead', at: 0, hours: 6, basis: 'kpk40',
            title: ['Оцінка оперативної інформації', 'Assess the intelligence'],
            checklist: [
              ['Оцінити надійність джерела та достовірність інформації', 'Grade source reliability and information accuracy'],
              ['Звірити дані про вантаж: декларація, контейнер, транспорт', 'Cross-check consignment data: declaration, container, vehicle'],
              ['Перевірити перетин з іншими операціями щодо тих самих об’єктів', 'Check overlaps with other operations on the same subjects'],
            ] },
          { key: 'register', type: 'proceeding_registration', agency: 'lead', at: 6, hours: 2, after: ['intel'], basis: 'kpk214',
            title: ['Внесення відомостей до ЄРДР і правова кваліфікація', 'Entry in the Unified Register and legal qualification'],
            checklist: [
              ['Номер і дата внесення до ЄРДР', 'Unified Register number and date'],
              ['Правова кваліфікація за статтею КК України', 'Legal qualification under an article of the Criminal Code'],
              ['Визначено слідчого і прокурора — процесуального керівника', 'Investigator and supervising prosecutor named'],
            ] },
          { key: 'decision', type: 'prosecutor_decision', agency: 'OGP', at: 8, hours: 8, after: ['register'], decisionPoint: true, basis: 'kpk271',
            title: ['Постанова прокурора про контроль за вчиненням злочину', "Prosecutor's decision on control over the commission of a crime"],
            checklist: [
              ['Клопотання слідчого розглянуто', "Investigator's application considered"],
              ['Постанову винесено; вона зберігається у справі з грифом', 'Decision issued; it stays in the classified file'],
              ['Реквізити (вид, номер, дата, строк) внесено до реєстру рішень', 'Its kind, number, date and validity entered in the decisions register'],
            ] },
          { key: 'tracker', type: 'covert_tracking', agency: 'lead', at: 16, hours: 2, after: ['decision'], basis: 'kpk248',
            title: ['Ухвала слідчого судді на встановлення місцезнаходження (трекер)', "Investigating judge's ruling on locating (tracker)"],
            checklist: [
              ['Клопотання погоджено прокурором', 'Application agreed by the prosecutor'],
              ['Ухвалу отримано; реквізити внесено до реєстру рішень', 'Ruling obtained; its reference entered in the decisions register'],
            ] },
          { key: 'briefing', type: 'briefing', agency: 'lead', at: 18, hours: 2, after: ['tracker'], basis: 'kpk40',
            title: ['Інструктаж учасників за дорученням слідчого', "Briefing of participants on the investigator's instruction"],
            checklist: [
              ['Кожен орган отримує лише свою частину плану', 'Each agency gets only its part of the plan'],
              ['Ролі, план зв’язку, критерії припинення', 'Roles, communications plan, abort criteria'],
            ] },
        ],
      },
      {
        name: EXEC,
        tasks: [
          { key: 'border', type: 'border_control', agency: 'DPSU', at: 24, hours: 1, after: ['briefing'], basis: 'borderControl',
            title: ['Прикордонний контроль у пункті пропуску без ознак зацікавленості', 'Border control at the crossing point without signs of interest'],
            checklist: [
              ['Звичайний порядок прикордонного контролю', 'Ordinary border control procedure'],
              ['Доповідь керівникові операції про перетин', 'Report the crossing to the head of the operation'],
            ] },
          { key: 'passage', type: 'handover', agency: 'DMS', at: 25, hours: 1, after: ['border'], keyEvent: true, basis: 'kpk271',
            title: ['Пропуск вантажу під митним контролем', 'Passage of the goods under customs control'],
            checklist: [
              ['Митні формальності без розкриття вантажу', 'Customs formalities without opening the cargo'],
              ['Фото пломби і номера контейнера', 'Photo of the seal and container number'],
            ] },
          { key: 'control', type: 'controlled_delivery', agency: 'lead', at: 26, hours: 22, after: ['passage'], basis: 'kpk271',
            title: ['Контроль за переміщенням вантажу (оперативний підрозділ за дорученням слідчого)', "Control over the consignment's movement (operational unit on the investigator's instruction)"],
            checklist: [
              ['Групи спостереження за естафетною схемою', 'Surveillance teams in relay'],
              ['Доповіді про маршрут щогодини', 'Route reports every hour'],
              ['Порядок дій у разі втрати контакту', 'Loss-of-contact procedure'],
            ] },
          { key: 'intercept', type: 'detention', agency: 'NPU', at: 48, hours: 4, after: ['control'], keyEvent: true, decisionPoint: true, basis: 'kpk208',
            title: ['Затримання під час отримання вантажу', 'Arrest when the consignment is received'],
            checklist: [
              ['Рішення про момент затримання — за керівником операції', 'The head of the operation decides the moment of arrest'],
              ['Група затримання на позиціях', 'Arrest team in position'],
              ['Протокол затримання', 'Arrest record'],
            ] },
        ],
      },
      {
        name: DONE,
        tasks: [
          { key: 'seizure', type: 'seizure', agency: 'lead', at: 52, hours: 6, after: ['intercept'], basis: 'kpk236',
            title: ['Вилучення і документування', 'Seizure and documentation'],
            checklist: [
              ['Протокол огляду та вилучення', 'Inspection and seizure record'],
              ['Ланцюг збереження речових доказів', 'Chain of custody of evidence'],
            ] },
          { key: 'specialist', type: 'specialist_support', agency: 'DMS', at: 53, hours: 4, after: ['intercept'], basis: 'kpk71',
            title: ['Участь спеціаліста митниці: ідентифікація і класифікація товару', 'Customs specialist: identifying and classifying the goods'],
            checklist: [['Пояснення спеціаліста до протоколу', "Specialist's explanation for the record"]] },
          { key: 'expert', type: 'forensic_examination', agency: 'lead', at: 58, hours: 6, after: ['seizure'], basis: 'kpk242',
            title: ['Залучення експерта для дослідження вилученого', 'Engage an expert to examine what was seized'],
            checklist: [['Постанову внесено до реєстру рішень', 'Decision entered in the decisions register'], ['Зразки направлено', 'Samples sent']] },
          { key: 'notify', type: 'notification', agency: 'lead', at: 64, hours: 4, after: ['expert'], basis: 'mk558',
            title: ['Повідомлення митниці про виявлену контрабанду (ст. 558 МК України)', 'Notify customs of the smuggling found (Customs Code Art. 558)'],
            checklist: [
              ['Письмове повідомлення митниці', 'Written notification to customs'],
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
    legalBasis: ['ст. 234–236 КПК України (обшук за ухвалою слідчого судді)', "Criminal Procedure Code Arts. 234–236 (search on the investigating judge's ruling)"],
    phases: [
      { name: PREP, tasks: [
        { key: 'intel', type: 'intelligence_check', agency: 'NPU', at: 0, hours: 4, basis: 'kpk40',
          title: ['Аналіз інформації про об’єкт обшуку', 'Analyse information on the search premises'],
          checklist: [['План приміщень і під’їздів', 'Floor plan and approaches'], ['Особи, що можуть бути присутні', 'Persons likely present']] },
        { key: 'ruling', type: 'prosecutor_decision', agency: 'OGP', at: 4, hours: 6, after: ['intel'], decisionPoint: true, basis: 'kpk234',
          title: ['Погодження клопотання про обшук і ухвала слідчого судді', 'Search application agreed and the investigating judge\'s ruling'],
          checklist: [['Клопотання погоджено прокурором', 'Application agreed by the prosecutor'], ['Ухвалу слідчого судді отримано; реквізити в реєстрі рішень', "Investigating judge's ruling obtained; its reference in the decisions register"]] },
        { key: 'briefing', type: 'briefing', agency: 'lead', at: 10, hours: 1, after: ['ruling'], basis: 'kpk40',
          title: ['Інструктаж слідчо-оперативної групи', 'Brief the search team'],
          checklist: [['Розподіл ролей і понятих', 'Roles and attesting witnesses'], ['Безпека та медичне забезпечення', 'Safety and medical cover']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'search', type: 'search', agency: 'NPU', at: 12, hours: 5, after: ['briefing'], keyEvent: true, basis: 'kpk234',
          title: ['Проведення обшуку', 'Conduct the search'],
          checklist: [['Ухвалу пред’явлено', 'Ruling presented'], ['Відеофіксація', 'Video recording'], ['Протокол обшуку', 'Search record']] },
        { key: 'specialist', type: 'specialist_support', agency: 'DMS', at: 13, hours: 3, after: ['briefing'], basis: 'kpk71',
          title: ['Участь спеціаліста митниці: ідентифікація товарів і документів', 'Customs specialist: identifying goods and documents'],
          checklist: [['Попередня класифікація УКТ ЗЕД', 'Preliminary tariff classification'], ['Пояснення спеціаліста до протоколу', "Specialist's explanation for the record"]] },
        { key: 'seizure', type: 'seizure', agency: 'NPU', at: 17, hours: 2, after: ['search'], basis: 'kpk236',
          title: ['Вилучення речових доказів', 'Seize the evidence'],
          checklist: [['Опис і пакування', 'Inventory and packaging'], ['Ланцюг збереження', 'Chain of custody']] },
      ] },
      { name: DONE, tasks: [
        { key: 'notify', type: 'notification', agency: 'NPU', at: 19, hours: 2, after: ['seizure'], basis: 'mk558',
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
    legalBasis: ['ст. 338, 356, 357 Митного кодексу України (товари під митним контролем)', 'Customs Code of Ukraine Arts. 338, 356, 357 (goods under customs control)'],
    phases: [
      { name: PREP, tasks: [
        { key: 'risk', type: 'intelligence_check', agency: 'DMS', at: 0, hours: 2, basis: 'mk338',
          title: ['Аналіз ризиків партії', 'Risk analysis of the consignment'],
          checklist: [['Профіль ризику спрацював', 'Risk profile triggered'], ['Документи партії перевірено', 'Consignment documents checked']] },
        { key: 'briefing', type: 'briefing', agency: 'DMS', at: 2, hours: 1, after: ['risk'], basis: 'mk338',
          title: ['Інструктаж групи огляду', 'Brief the inspection team'],
          checklist: [['Сканер і кінолог заплановані', 'Scanner and K9 scheduled']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'inspect', type: 'customs_inspection', agency: 'DMS', at: 4, hours: 4, after: ['briefing'], keyEvent: true, basis: 'mk338',
          title: ['Митний огляд (переогляд) товарів', 'Customs inspection of the goods'],
          checklist: [['Сканування', 'Scanning'], ['Фізичний огляд', 'Physical inspection'], ['Акт огляду', 'Inspection report']] },
        { key: 'samples', type: 'expert_examination', agency: 'DMS', at: 8, hours: 24, after: ['inspect'], decisionPoint: true, basis: 'mk356',
          title: ['Відбір проб і митна експертиза', 'Sampling and customs expert examination'],
          checklist: [['Акт відбору проб', 'Sampling record'], ['Направлення до лабораторії', 'Referral to the laboratory'], ['Висновок експерта', "Expert's conclusion"]] },
      ] },
      { name: DONE, tasks: [
        { key: 'decision', type: 'documentation', agency: 'DMS', at: 32, hours: 4, after: ['samples'], basis: 'mk356',
          title: ['Рішення за результатами експертизи', 'Decision on the examination results'],
          checklist: [['Класифікаційне рішення або протокол про порушення митних правил', 'Classification decision or protocol on a customs-rule violation']] },
        { key: 'notify', type: 'notification', agency: 'DMS', at: 36, hours: 2, after: ['decision'], basis: 'mk558',
          title: ['Повідомлення правоохоронного органу про правопорушення поза компетенцією митниці', 'Notify the competent body of an offence outside customs\' competence'],
          checklist: [['Письмове повідомлення (ст. 558 МК України)', 'Written notification (Customs Code Art. 558)']] },
      ] },
    ],
  },
  {
    id: 'customs_violation_case',
    type: 'customs_violation_case',
    name: ['Справа про порушення митних правил', 'Customs-rule violation case'],
    leadAgency: 'DMS',
    legalBasis: ['ст. 494, 511 Митного кодексу України (протокол; тимчасове вилучення)', 'Customs Code of Ukraine Arts. 494, 511 (protocol; temporary seizure)'],
    phases: [
      { name: PREP, tasks: [
        { key: 'detect', type: 'customs_inspection', agency: 'DMS', at: 0, hours: 2, basis: 'mk338',
          title: ['Виявлення порушення під час митного контролю', 'Violation found during customs control'],
          checklist: [['Зафіксувати обставини (фото, відео)', 'Record the circumstances (photo, video)'], ['Встановити особу', 'Identify the person']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'protocol', type: 'customs_violation_protocol', agency: 'DMS', at: 2, hours: 2, after: ['detect'], keyEvent: true, basis: 'mk494',
          title: ['Складання протоколу про порушення митних правил', 'Draw up the protocol on a customs-rule violation'],
          checklist: [['Права особи роз’яснено', "The person's rights explained"], ['Протокол підписано або зазначено відмову', 'Protocol signed, or the refusal noted']] },
        { key: 'seize', type: 'temporary_seizure', agency: 'DMS', at: 2.5, hours: 2, after: ['detect'], basis: 'mk511',
          title: ['Тимчасове вилучення товарів, транспортних засобів і документів', 'Temporary seizure of goods, vehicles and documents'],
          checklist: [['Опис вилученого в протоколі', 'Seized items listed in the protocol'], ['Передача на зберігання', 'Handed over for storage']] },
        { key: 'detain', type: 'border_detention', agency: 'DMS', at: 4, hours: 3, after: ['protocol'], basis: 'mk520',
          title: ['Адміністративне затримання особи (за потреби)', 'Administrative detention of the person (if needed)'],
          checklist: [['Протокол про адміністративне затримання', 'Administrative detention record'], ['Повідомлення родичів', 'Relatives informed']] },
      ] },
      { name: DONE, tasks: [
        { key: 'border', type: 'liaison', agency: 'DMS', at: 7, hours: 1, after: ['protocol'], basis: 'mk558',
          title: ['Доручення ДПСУ щодо особи, відсутньої під час складання протоколу (право митниці, ст. 558)', 'Instruction to the Border Guard about a person absent when the protocol was drawn up (customs\' right, Art. 558)'],
          checklist: [['Потреба оцінена', 'Need assessed']] },
        { key: 'notify', type: 'notification', agency: 'DMS', at: 8, hours: 2, after: ['protocol'], basis: 'mk558',
          title: ['Повідомлення правоохоронного органу, якщо є ознаки кримінального правопорушення', 'Notify the competent body if there are signs of a criminal offence'],
          checklist: [['Письмове повідомлення (ст. 558 МК України)', 'Written notification (Customs Code Art. 558)'], ['Запис у журналі обміну', 'Entry in the exchange log']] },
      ] },
    ],
  },
  {
    id: 'joint_patrol',
    type: 'joint_patrol',
    name: ['Спільне патрулювання', 'Joint patrol'],
    leadAgency: 'DPSU',
    legalBasis: ['Спільний наказ органів про організацію взаємодії', 'Joint order of the agencies on interaction'],
    phases: [
      { name: PREP, tasks: [
        { key: 'briefing', type: 'briefing', agency: 'DPSU', at: 0, hours: 1, basis: 'jointOrder',
          title: ['Інструктаж змішаних нарядів', 'Brief the mixed patrol teams'],
          checklist: [['Маршрути і сектори', 'Routes and sectors'], ['Позивні та частоти', 'Callsigns and frequencies']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'patrol-border', type: 'patrol', agency: 'DPSU', at: 1, hours: 8, after: ['briefing'], keyEvent: true, basis: 'borderGuard',
          title: ['Прикордонний наряд на маршруті', 'Border detail along the route'],
          checklist: [['Доповіді кожні 2 години', 'Reports every 2 hours']] },
        { key: 'patrol-customs', type: 'patrol', agency: 'DMS', at: 1, hours: 8, after: ['briefing'], basis: 'jointOrder',
          title: ['Мобільна митна група', 'Mobile customs team'],
          checklist: [['Вибіркові перевірки транспорту', 'Spot checks of vehicles']] },
        { key: 'patrol-police', type: 'patrol', agency: 'NPU', at: 1, hours: 8, after: ['briefing'], basis: 'jointOrder',
          title: ['Патрулювання прилеглих доріг', 'Patrol the approach roads'],
          checklist: [['Пости на перехрестях', 'Checkpoints at junctions']] },
      ] },
      { name: DONE, tasks: [
        { key: 'debrief', type: 'meeting', agency: 'DPSU', at: 9, hours: 1, after: ['patrol-border', 'patrol-customs', 'patrol-police'], basis: 'jointOrder',
          title: ['Підбиття підсумків', 'Debrief'],
          checklist: [['Зведення результатів', 'Results summary'], ['Обмін інформацією (ст. 558 МК України)', 'Information exchange (Customs Code Art. 558)']] },
      ] },
    ],
  },
  {
    id: 'joint_training',
    type: 'joint_training',
    name: ['Спільне навчання', 'Joint training'],
    leadAgency: 'DMS',
    legalBasis: ['План спільних навчань, затверджений органами', 'Joint training plan approved by the agencies'],
    phases: [
      { name: PREP, tasks: [
        { key: 'plan', type: 'meeting', agency: 'DMS', at: 0, hours: 2, basis: 'trainingPlan',
          title: ['Узгодження програми навчання', 'Agree the training programme'],
          checklist: [['Програма і сценарій', 'Programme and scenario'], ['Список учасників від органів', 'Participants from each agency']] },
        { key: 'logistics', type: 'logistics', agency: 'DMS', at: 2, hours: 4, after: ['plan'], basis: 'trainingPlan',
          title: ['Логістика навчання', 'Training logistics'],
          checklist: [['Приміщення та обладнання', 'Venue and equipment'], ['Транспорт', 'Transport']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'train-customs', type: 'training', agency: 'DMS', at: 24, hours: 6, after: ['logistics'], keyEvent: true, basis: 'trainingPlan',
          title: ['Практичне заняття: митний огляд', 'Practical session: customs inspection'],
          checklist: [['Відпрацювання сценарію', 'Run the scenario']] },
        { key: 'train-police', type: 'training', agency: 'NPU', at: 24, hours: 6, after: ['logistics'], basis: 'trainingPlan',
          title: ['Практичне заняття: затримання', 'Practical session: arrest'],
          checklist: [['Відпрацювання взаємодії', 'Practise the interaction']] },
      ] },
      { name: DONE, tasks: [
        { key: 'review', type: 'meeting', agency: 'DMS', at: 30, hours: 2, after: ['train-customs', 'train-police'], basis: 'trainingPlan',
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
    legalBasis: ['Положення про робочу групу', 'Working-group terms of reference'],
    phases: [
      { name: PREP, tasks: [
        { key: 'agenda', type: 'liaison', agency: 'DMS', at: 0, hours: 24, basis: 'tor',
          title: ['Збір пропозицій до порядку денного', 'Collect agenda proposals'],
          checklist: [['Запит органам-учасникам', 'Request to participating agencies'], ['Порядок денний розіслано', 'Agenda circulated']] },
      ] },
      { name: EXEC, tasks: [
        { key: 'meeting', type: 'meeting', agency: 'DMS', at: 48, hours: 3, after: ['agenda'], keyEvent: true, decisionPoint: true, basis: 'tor',
          title: ['Засідання робочої групи', 'Working-group meeting'],
          checklist: [['Реєстрація учасників', 'Attendance'], ['Рішення за пунктами порядку денного', 'Decisions on agenda items']] },
      ] },
      { name: DONE, tasks: [
        { key: 'minutes', type: 'documentation', agency: 'DMS', at: 51, hours: 24, after: ['meeting'], basis: 'tor',
          title: ['Протокол і доручення', 'Minutes and action items'],
          checklist: [['Протокол підписано', 'Minutes signed'], ['Запис у журналі обміну', 'Entry in the exchange log']] },
      ] },
    ],
  },
];

/** Whether a template plans covert investigative actions (their details belong in the classified file). */
export function templateIsCovert(tpl: OperationTemplate): boolean {
  return tpl.phases.some((p) => p.tasks.some((t) => COVERT_TASK_TYPES.has(t.type)));
}

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
  /** The step's legal basis in the plan's language («Правова підстава: …»). */
  notes: string;
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
        notes: `${opts.lang === 'uk' ? 'Правова підстава' : 'Legal basis'}: ${pick(LEGAL_BASES[t.basis].cite)}`,
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
