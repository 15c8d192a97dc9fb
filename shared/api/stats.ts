/** The statistics domain: figures of joint work over a period (shared/stats/statistics.ts). */
import { Statistics, StatsPeriodRequest } from '../stats/statistics.js';
import { defineDomain } from './contract.js';

export const statsApi = defineDomain({
  getStatistics: { input: StatsPeriodRequest, output: Statistics },
});
