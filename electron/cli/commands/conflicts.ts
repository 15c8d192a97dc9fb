/** `spilno conflicts`: the same conflicts and deconfliction alerts the workspace shows. */
import { LANGS, type Lang } from '../../../shared/i18n/index.js';
import { agencyNamer } from '../../../shared/domain/directory.js';
import { describeConflict } from '../../../shared/scheduling/describe.js';
import { listAgencies } from '../../db/repos/agencies.repo.js';
import { tDynamic } from '../../../shared/i18n/index.js';
import { deconflictStored, scanAll, scanOperation } from '../../services/conflicts.js';
import { CliError, withCliContext, stringOpt, type CliCommand } from '../cli-kit.js';

export const conflictsCommand: CliCommand = {
  path: ['conflicts'],
  summary: 'List scheduling conflicts and deconfliction alerts (all operations or one)',
  usage: 'spilno conflicts [--data-dir DIR] [--operation ID] [--json] [--lang uk|en]',
  options: { operation: { type: 'string' }, lang: { type: 'string', default: 'uk' } },
  run(args, io) {
    const lang = stringOpt(args, 'lang') ?? 'uk';
    if (!LANGS.includes(lang as Lang)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`, 2);
    return withCliContext(args, (ctx) => {
      const operationId = stringOpt(args, 'operation') ?? null;
      const report = operationId ? scanOperation(ctx, operationId) : scanAll(ctx);
      const alerts = deconflictStored(ctx, operationId);
      if (args.values.json) {
        io.out(JSON.stringify({
          ...report,
          conflicts: report.conflicts.map((c) => ({ ...c, text: describeConflict(lang as Lang, c, agencyNamer(listAgencies(ctx.db), lang as Lang)) })),
          alerts,
        }, null, 2));
        return 0;
      }
      const L = lang as Lang;
      io.out(`${tDynamic(L, operationId ? 'conflicts.title' : 'conflicts.global')}: ${tDynamic(L, 'conflicts.count', { blocking: report.blocking, warning: report.warning })}`);
      if (report.conflicts.length === 0) io.out(tDynamic(L, 'conflicts.none'));
      const namer = agencyNamer(listAgencies(ctx.db), L);
      for (const c of report.conflicts) {
        const d = describeConflict(L, c, namer);
        io.out(`[${d.severity}] ${d.rule}: ${d.message}`);
        io.out(`    → ${d.fix}`);
        if (c.override) io.out(`    ✓ ${tDynamic(L, 'conflicts.overridden', { reason: c.override.reason })} (${c.override.by}, ${c.override.at})`);
      }
      io.out('');
      io.out(`${tDynamic(L, 'decon.title')}:`);
      if (alerts.length === 0) io.out(tDynamic(L, 'decon.none'));
      for (const a of alerts) {
        const what = a.kind === 'subject'
          ? tDynamic(L, 'decon.subject', { label: a.label })
          : tDynamic(L, 'decon.proximity', { label: a.label, meters: a.distanceMeters ?? 0 });
        io.out(`- ${what}${a.clearedAt ? ` (${tDynamic(L, 'decon.cleared')})` : ''}`);
        for (const o of [a.a, a.b]) {
          io.out(`    ${o.codeName} — ${tDynamic(L, 'decon.lead')}: ${o.leadAgencyId}; ${tDynamic(L, 'decon.contacts')}: ${o.contacts.join('; ') || '—'}`);
        }
        if (a.acknowledgedAt) io.out(`    ✓ ${tDynamic(L, 'decon.acknowledged', { by: a.acknowledgedBy ?? '', at: a.acknowledgedAt })}`);
      }
      return 0;
    });
  },
};
