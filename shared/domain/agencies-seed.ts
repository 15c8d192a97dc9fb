/**
 * Reference agencies (DOMAIN.md "Who takes part") with their default procedural powers
 * (DOMAIN.md "Procedural powers"). Seeded on first run; users may edit powers afterwards.
 * Agency ids are their codes, so every installation refers to the same agency by the same id.
 */
import type { Agency } from './directory.js';
import type { ProceduralPower, TaskType } from './enums.js';

export const SEED_AGENCIES: readonly Agency[] = [
  { id: 'DMS', code: 'DMS', nameUk: 'Державна митна служба України (митниці)', nameEn: 'State Customs Service of Ukraine (customs offices)', shortUk: 'ДМС', shortEn: 'SCS', kind: 'customs', country: '', color: '#1f5fbf', powers: ['customs_control', 'customs_expertise'] },
  { id: 'NPU', code: 'NPU', nameUk: 'Національна поліція України', nameEn: 'National Police of Ukraine', shortUk: 'НПУ', shortEn: 'NPU', kind: 'police', country: '', color: '#2e7d32', powers: ['criminal_procedure'] },
  { id: 'SBU', code: 'SBU', nameUk: 'Служба безпеки України', nameEn: 'Security Service of Ukraine', shortUk: 'СБУ', shortEn: 'SSU', kind: 'security', country: '', color: '#6a1b9a', powers: ['criminal_procedure'] },
  { id: 'DPSU', code: 'DPSU', nameUk: 'Державна прикордонна служба України', nameEn: 'State Border Guard Service of Ukraine', shortUk: 'ДПСУ', shortEn: 'SBGS', kind: 'border', country: '', color: '#00796b', powers: ['border_control', 'border_admin_detention'] },
  { id: 'OGP', code: 'OGP', nameUk: 'Органи прокуратури', nameEn: "Prosecutor's offices", shortUk: 'прокуратура', shortEn: "prosecutor's office", kind: 'prosecution', country: '', color: '#8d1c1c', powers: ['covert_action_authorization'] },
  { id: 'BEB', code: 'BEB', nameUk: 'Бюро економічної безпеки України', nameEn: 'Economic Security Bureau of Ukraine', shortUk: 'БЕБ', shortEn: 'ESBU', kind: 'economic', country: '', color: '#ef6c00', powers: ['criminal_procedure'] },
  { id: 'NABU', code: 'NABU', nameUk: 'Національне антикорупційне бюро України', nameEn: 'National Anti-Corruption Bureau of Ukraine', shortUk: 'НАБУ', shortEn: 'NABU', kind: 'anticorruption', country: '', color: '#37474f', powers: ['criminal_procedure'] },
  { id: 'DBR', code: 'DBR', nameUk: 'Державне бюро розслідувань', nameEn: 'State Bureau of Investigation', shortUk: 'ДБР', shortEn: 'SBI', kind: 'investigation', country: '', color: '#4e342e', powers: ['criminal_procedure'] },
  { id: 'VSP', code: 'VSP', nameUk: 'Військова служба правопорядку у ЗСУ', nameEn: 'Military Law Enforcement Service of the Armed Forces of Ukraine', shortUk: 'ВСП', shortEn: 'MLES', kind: 'military-police', country: '', color: '#556b2f', powers: [] },
  { id: 'DAS', code: 'DAS', nameUk: 'Органи державного фінансового контролю', nameEn: 'State financial control bodies', shortUk: 'держфінконтроль', shortEn: 'financial control', kind: 'financial-control', country: '', color: '#795548', powers: [] },
  { id: 'RYB', code: 'RYB', nameUk: 'Органи рибоохорони', nameEn: 'Fisheries protection bodies', shortUk: 'рибоохорона', shortEn: 'fisheries protection', kind: 'environmental', country: '', color: '#0277bd', powers: [] },
  { id: 'LIS', code: 'LIS', nameUk: 'Державна лісова охорона', nameEn: 'State forest protection', shortUk: 'лісова охорона', shortEn: 'forest protection', kind: 'environmental', country: '', color: '#33691e', powers: [] },
  { id: 'DKVS', code: 'DKVS', nameUk: 'Органи і установи виконання покарань, слідчі ізолятори', nameEn: 'Penitentiary bodies and pre-trial detention centres', shortUk: 'ДКВС', shortEn: 'penitentiary', kind: 'penitentiary', country: '', color: '#5d4037', powers: [] },
  { id: 'INTERPOL', code: 'INTERPOL', nameUk: 'НЦБ Інтерполу в Україні', nameEn: 'Interpol NCB Ukraine', shortUk: 'Інтерпол', shortEn: 'Interpol', kind: 'international', country: '', color: '#0d47a1', powers: [] },
  { id: 'EUROPOL', code: 'EUROPOL', nameUk: 'Європол (через контактний пункт)', nameEn: 'Europol (via the national contact point)', shortUk: 'Європол', shortEn: 'Europol', kind: 'international', country: '', color: '#283593', powers: [] },
  { id: 'WCO', code: 'WCO', nameUk: 'Всесвітня митна організація (RILO, CENcomm)', nameEn: 'World Customs Organization (RILO, CENcomm)', shortUk: 'ВМО', shortEn: 'WCO', kind: 'international', country: '', color: '#00838f', powers: [] },
  { id: 'FOREIGN', code: 'FOREIGN', nameUk: 'Іноземні митні та правоохоронні органи', nameEn: 'Foreign customs and police (per country)', shortUk: 'іноземні органи', shortEn: 'foreign bodies', kind: 'foreign', country: '', color: '#9e9d24', powers: [] },
];

/**
 * Which procedural power a task type requires (DOMAIN.md): search, seizure and detention in
 * criminal proceedings belong to investigators; inspection and customs expertise to customs;
 * border control and administrative detention at the border to the Border Guard; the decision
 * on a controlled delivery (a covert investigative action) to the prosecutor.
 */
export const TASK_TYPE_REQUIRED_POWER: Partial<Record<TaskType, ProceduralPower>> = {
  search: 'criminal_procedure',
  seizure: 'criminal_procedure',
  detention: 'criminal_procedure',
  test_purchase: 'criminal_procedure',
  customs_inspection: 'customs_control',
  expert_examination: 'customs_expertise',
  border_control: 'border_control',
  border_detention: 'border_admin_detention',
  prosecutor_decision: 'covert_action_authorization',
};
