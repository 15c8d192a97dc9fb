/**
 * The registry of tabs on the operation page. A feature (matrix, conflicts, exports, …) adds
 * its tab by adding ONE entry here; tabs appear in `order`. Each tab gets the loaded plan and a
 * `reload()` to call after it changed something through the API.
 */
import type { ComponentType } from 'react';
import type { OperationPlan } from '../../../../shared/api/operations.js';
import type { Agency } from '../../../../shared/domain/directory.js';
import type { MessageKey } from '../../../../shared/i18n/index.js';
import { ConflictsTab } from '../conflicts/ConflictsTab.js';
import { ExportsTab } from '../exports/ExportsTab.js';
import { GanttTab } from '../gantt/GanttTab.js';
import { MapTab } from '../map/MapTab.js';
import { MatrixTab } from '../matrix/MatrixTab.js';
import { LegalTab } from '../legal/LegalTab.js';
import { ExecutionTab } from '../results/ExecutionTab.js';
import { ResultsTab } from '../results/ResultsTab.js';
import { OperationOverviewTab } from './OperationOverviewTab.js';
import { TaskBoardTab } from './TaskBoardTab.js';

export interface OperationTabProps {
  operationId: string;
  plan: OperationPlan;
  agencies: Agency[];
  reload(): Promise<void>;
}

export interface OperationTab {
  id: string;
  labelKey: MessageKey;
  order: number;
  component: ComponentType<OperationTabProps>;
}

export const OPERATION_TABS: OperationTab[] = [
  { id: 'overview', labelKey: 'opTab.overview', order: 10, component: OperationOverviewTab },
  { id: 'legal', labelKey: 'opTab.legal', order: 15, component: LegalTab },
  { id: 'tasks', labelKey: 'opTab.tasks', order: 20, component: TaskBoardTab },
  { id: 'timeline', labelKey: 'opTab.timeline', order: 25, component: GanttTab },
  { id: 'map', labelKey: 'opTab.map', order: 27, component: MapTab },
  { id: 'conflicts', labelKey: 'opTab.conflicts', order: 30, component: ConflictsTab },
  { id: 'execution', labelKey: 'exec.title', order: 33, component: ExecutionTab },
  { id: 'results', labelKey: 'res.tab', order: 35, component: ResultsTab },
  { id: 'matrix', labelKey: 'opTab.matrix', order: 40, component: MatrixTab },
  { id: 'exports', labelKey: 'exports.tab', order: 90, component: ExportsTab },
];
