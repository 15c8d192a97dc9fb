/**
 * The registry of sections on the Settings page. A feature (audit view, sync keys, …) adds its
 * section by adding ONE entry here; sections render in `order`.
 */
import type { ComponentType } from 'react';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { AuditVerifySection } from '../audit/AuditVerifySection.js';
import { BackupsSection } from '../audit/BackupsSection.js';
import { SecuritySection } from '../audit/SecuritySection.js';
import { CeilingSection } from '../legal/CeilingSection.js';
import { SiteSetupSection } from '../setup/SiteSetupForm.js';
import { GeneralSettings, SystemInfoSection } from './GeneralSettings.js';

export interface SettingsSection {
  id: string;
  titleKey: MessageKey;
  order: number;
  component: ComponentType;
}

export const SETTINGS_SECTIONS: SettingsSection[] = [
  { id: 'general', titleKey: 'set.language', order: 10, component: GeneralSettings },
  { id: 'site', titleKey: 'setup.section', order: 15, component: SiteSetupSection },
  { id: 'ceiling', titleKey: 'legal.ceiling', order: 17, component: CeilingSection },
  { id: 'system', titleKey: 'set.system', order: 20, component: SystemInfoSection },
  { id: 'backups', titleKey: 'dur.title', order: 30, component: BackupsSection },
  { id: 'security', titleKey: 'sec.title', order: 40, component: SecuritySection },
  { id: 'audit', titleKey: 'audit.title', order: 50, component: AuditVerifySection },
];
