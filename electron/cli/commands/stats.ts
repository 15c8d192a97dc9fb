/** `spilno stats`: the statistics page's figures for a period, as text, JSON or CSV. */
import { agencyNamer } from '../../../shared/domain/directory.js';
import { LANGS, t, type Lang } from '../../../shared/i18n/index.js';
import { StatsPeriodRequest } from '../../../shared/stats/statistics.js';
import { statisticsCsv, statisticsTables } from '../../../shared/stats/tables.js';
import { listAgencies } from '../../db/repos/agencies.repo.js';
import { getStatistics } from '../../services/stats.js';
import { CliError, stringOpt, withCliContext, type CliCommand } from '../cli-kit.js';

export const statsCommand: CliCommand = {
  path: ['stats'],
  summary: 'Statistics over a period: operations, interaction by form, Article 558 notifications, tasks',
  usage: 'spilno stats --from YYYY-MM-DD --to YYYY-MM-DD [--zone Europe/Kyiv] [--json | --csv] [--lang uk|en] [--data-dir DIR]',
  options: {
    from: { type: 'string' }, to: { type: 'string' }, zone: { type: 'string' },
    csv: { type: 'boolean', default: false }, lang: { type: 'string', default: 'uk' },
  },
  run(args, io) {
    const lang = stringOpt(args, 'lang') ?? 'uk';
    if (!LANGS.includes(lang as Lang)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`, 2);
    if (args.values.json && args.values.csv) throw new CliError(`Give --json or --csv, not both\nUsage: ${this.usage}`, 2);
    const parsed = StatsPeriodRequest.safeParse({
      from: stringOpt(args, 'from'), to: stringOpt(args, 'to'), ...(stringOpt(args, 'zone') ? { zone: stringOpt(args, 'zone') } : {}),
    });
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new CliError(`Invalid option ${String(i?.path[0] ?? '')}: ${i?.message ?? ''}\nUsage: ${this.usage}`, 2);
    }
    const L = lang as Lang;
    return withCliContext(args, (ctx) => {
      const stats = getStatistics(ctx, parsed.data);
      if (args.values.json) {
        io.out(JSON.stringify(stats, null, 2));
        return 0;
      }
      const tables = statisticsTables(stats, L, agencyNamer(listAgencies(ctx.db), L));
      if (args.values.csv) {
        io.out(statisticsCsv(tables, L).replace(/\r\n$/, ''));
        return 0;
      }
      io.out(t(L, 'stats.periodLine', { from: stats.period.from, to: stats.period.to, zone: stats.period.zone }));
      io.out(t(L, 'stats.summary', {
        operations: stats.operations.total, tasks: stats.tasks.total,
        onTime: stats.art558.onTime, late: stats.art558.late, missing: stats.art558.missing,
      }));
      for (const tb of tables) {
        io.out('');
        io.out(`${tb.title}:`);
        if (tb.rows.length === 0) io.out(`  ${t(L, 'stats.empty')}`);
        for (const r of tb.rows) {
          io.out(`  ${r.label}: ${tb.series.length === 1 ? r.values[0] : tb.series.map((s, i) => `${s.label} ${r.values[i]}`).join(', ')}`);
        }
      }
      return 0;
    });
  },
};
