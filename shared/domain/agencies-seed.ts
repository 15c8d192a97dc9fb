/**
 * Reference agencies (DOMAIN.md "Who takes part") with their default procedural powers
 * (DOMAIN.md "Procedural powers"). Seeded on first run; users may edit powers afterwards.
 * Agency ids are their codes, so every installation refers to the same agency by the same id.
 */
import type { Agency } from './directory.js';
import type { ProceduralPower, TaskType } from './enums.js';

export const SEED_AGENCIES: readonly Agency[] = [
  { id: 'DMS', code: 'DMS', nameUk: 'Державна митна служба України (митниці)', nameEn: 'State Customs Service of Ukraine (customs offices)', shortUk: 'ДМС', shortEn: 'SCS', kind: 'customs', country: '', color: '#1f5fbf', powers: ['customs_control', 'customs_expertise', 'customs_violation_case', 'admin_detention'] },
  { id: 'NPU', code: 'NPU', nameUk: 'Національна поліція України', nameEn: 'National Police of Ukraine', shortUk: 'НПУ', shortEn: 'NPU', kind: 'police', country: '', color: '#2e7d32', powers: ['criminal_procedure', 'admin_detention'] },
  { id: 'SBU', code: 'SBU', nameUk: 'Служба безпеки України', nameEn: 'Security Service of Ukraine', shortUk: 'СБУ', shortEn: 'SSU', kind: 'security', country: '', color: '#6a1b9a', powers: ['criminal_procedure'] },
  { id: 'DPSU', code: 'DPSU', nameUk: 'Державна прикордонна служба України', nameEn: 'State Border Guard Service of Ukraine', shortUk: 'ДПСУ', shortEn: 'SBGS', kind: 'border', country: '', color: '#00796b', powers: ['border_control', 'admin_detention'] },
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
 * Which procedural power a task type requires (DOMAIN.md, "Criminal-procedure spine"): actions
 * in a criminal proceeding — its registration, the covert actions, search, temporary access,
 * detention, an expert examination the investigator orders — belong to pre-trial investigation
 * bodies (conducted by the investigator or, on the investigator's instruction, an operational
 * unit); customs inspection and customs expert examination to customs, for goods under customs
 * control; the protocol on a customs-rule violation and temporary seizure to customs (МК ст. 494,
 * 511); border control to the Border Guard; administrative detention to whoever the law gives it
 * (the Border Guard, customs for a customs-rule violation, the police); the prosecutor's decision
 * on control over the commission of a crime to the prosecutor. A customs specialist's support
 * (КПК ст. 71) needs no power of its own.
 */
export const TASK_TYPE_REQUIRED_POWER: Partial<Record<TaskType, ProceduralPower>> = {
  proceeding_registration: 'criminal_procedure',
  controlled_delivery: 'criminal_procedure',
  covert_surveillance: 'criminal_procedure',
  covert_tracking: 'criminal_procedure',
  temporary_access: 'criminal_procedure',
  forensic_examination: 'criminal_procedure',
  search: 'criminal_procedure',
  seizure: 'criminal_procedure',
  detention: 'criminal_procedure',
  test_purchase: 'criminal_procedure',
  customs_inspection: 'customs_control',
  expert_examination: 'customs_expertise',
  customs_violation_protocol: 'customs_violation_case',
  temporary_seizure: 'customs_violation_case',
  border_control: 'border_control',
  border_detention: 'admin_detention',
  prosecutor_decision: 'covert_action_authorization',
};
