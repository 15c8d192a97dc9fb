/** Export commands: `spilno briefing`, `spilno ics`, `spilno vcard`, `spilno pack`, `spilno geo`, `spilno report`. */
import { writeFileAtomic } from '../../files/safe-fs.js';
import { BriefingRequest, IcsRequest, PackRequest, ReportRequest, VcardRequest } from '../../../shared/api/exports.js';
import { GeoExportRequest } from '../../../shared/api/geo.js';
import { listAgencies } from '../../db/repos/agencies.repo.js';
import type { ServiceContext } from '../../services/context.js';
import { exportBriefing, exportIcs, exportPack, exportVcard, type ExportResult } from '../../services/exports.js';
import { exportGeo } from '../../services/geo.js';
import { exportReport } from '../../services/report.js';
import { CliError, withCliContext, stringOpt, type CliCommand, type CliIo, type ParsedCli } from '../cli-kit.js';

function required(args: ParsedCli, name: string, usage: string): string {
  const v = stringOpt(args, name);
  if (!v) throw new CliError(`Missing --${name}\nUsage: ${usage}`, 2);
  return v;
}

/** `--agency` takes the agency's code (DMS, NPU…), as printed everywhere. */
function agencyIdByCode(ctx: ServiceContext, code: string): string {
  const a = listAgencies(ctx.db).find((x) => x.code === code.toUpperCase() || x.id === code);
  if (!a) throw new CliError(`Unknown agency: ${code}`, 2);
  return a.id;
}

function parseOr<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, v: unknown): T {
  const r = schema.safeParse(v);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CliError(`Invalid option ${i?.path.join('.')}: ${i?.message}`, 2);
  }
  return r.data;
}

function writeOut(args: ParsedCli, io: CliIo, r: ExportResult, out: string): number {
  const file = writeFileAtomic(out, r.bytes);
  if (args.values.json) {
    io.out(JSON.stringify({ file, exportId: r.exportId, sha256: r.sha256, byteSize: r.bytes.length }));
  } else {
    io.out(`Wrote ${file} (${r.bytes.length} bytes, sha256 ${r.sha256})`);
  }
  return 0;
}

const LANG = { lang: { type: 'string' } } as const;

/** `--copy N`: the copy number on the operation's distribution list (the schema checks the range). */
function copyOpt(args: ParsedCli): number | null {
  const v = stringOpt(args, 'copy');
  if (v === undefined) return null;
  if (!/^\d{1,4}$/.test(v)) throw new CliError(`Invalid option copy: ${v} is not a copy number`, 2);
  return Number(v);
}

export const briefingCommand: CliCommand = {
  path: ['briefing'],
  summary: 'Write the briefing pack (PDF) of an operation, for all agencies or one',
  usage: 'spilno briefing --operation ID [--agency CODE] [--copy N] [--lang uk|en] [--valid-until ISO-TIME] --out FILE.pdf [--data-dir DIR] [--json]',
  options: { operation: { type: 'string' }, agency: { type: 'string' }, copy: { type: 'string' }, out: { type: 'string' }, 'valid-until': { type: 'string' }, ...LANG },
  async run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const out = required(args, 'out', this.usage);
    return withCliContext(args, async (ctx) => {
      const agency = stringOpt(args, 'agency');
      const req = parseOr(BriefingRequest, {
        operationId, agencyId: agency ? agencyIdByCode(ctx, agency) : null, lang: stringOpt(args, 'lang') ?? 'uk',
        validUntil: stringOpt(args, 'valid-until') ?? null,
        copy: copyOpt(args),
      });
      return writeOut(args, io, await exportBriefing(ctx, req), out);
    });
  },
};

export const icsCommand: CliCommand = {
  path: ['ics'],
  summary: 'Write the tasks of an operation as iCalendar: whole operation, one agency or one person',
  usage: 'spilno ics --operation ID [--agency CODE | --person ID] [--lang uk|en] --out FILE.ics [--data-dir DIR] [--json]',
  options: { operation: { type: 'string' }, agency: { type: 'string' }, person: { type: 'string' }, out: { type: 'string' }, ...LANG },
  run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const out = required(args, 'out', this.usage);
    const agency = stringOpt(args, 'agency');
    const person = stringOpt(args, 'person');
    if (agency && person) throw new CliError(`Give --agency or --person, not both\nUsage: ${this.usage}`, 2);
    return withCliContext(args, (ctx) => {
      const scope = agency ? { kind: 'agency', agencyId: agencyIdByCode(ctx, agency) }
        : person ? { kind: 'person', personId: person } : { kind: 'operation' };
      const req = parseOr(IcsRequest, { operationId, scope, lang: stringOpt(args, 'lang') ?? 'uk' });
      return writeOut(args, io, exportIcs(ctx, req), out);
    });
  },
};

export const vcardCommand: CliCommand = {
  path: ['vcard'],
  summary: 'Write the contacts of an operation (people assigned, communications plan) as vCard 4.0, for all agencies or one',
  usage: 'spilno vcard --operation ID [--agency CODE] [--lang uk|en] --out FILE.vcf [--data-dir DIR] [--json]',
  options: { operation: { type: 'string' }, agency: { type: 'string' }, out: { type: 'string' }, ...LANG },
  run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const out = required(args, 'out', this.usage);
    return withCliContext(args, (ctx) => {
      const agency = stringOpt(args, 'agency');
      const req = parseOr(VcardRequest, { operationId, agencyId: agency ? agencyIdByCode(ctx, agency) : null, lang: stringOpt(args, 'lang') ?? 'uk' });
      return writeOut(args, io, exportVcard(ctx, req), out);
    });
  },
};

export const packCommand: CliCommand = {
  path: ['pack'],
  summary: 'Write PDF + calendar + contacts as one tar, optionally encrypted to age recipients',
  usage: 'spilno pack --operation ID [--agency CODE] [--copy N] [--lang uk|en] [--recipient age1…]… --out FILE.tar[.age] [--data-dir DIR] [--json]',
  options: {
    operation: { type: 'string' }, agency: { type: 'string' }, copy: { type: 'string' }, out: { type: 'string' },
    recipient: { type: 'string', multiple: true }, ...LANG,
  },
  async run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const out = required(args, 'out', this.usage);
    return withCliContext(args, async (ctx) => {
      const agency = stringOpt(args, 'agency');
      const req = parseOr(PackRequest, {
        operationId,
        agencyId: agency ? agencyIdByCode(ctx, agency) : null,
        lang: stringOpt(args, 'lang') ?? 'uk',
        copy: copyOpt(args),
        recipients: (args.values.recipient as string[] | undefined) ?? [],
      });
      return writeOut(args, io, await exportPack(ctx, req), out);
    });
  },
};

export const geoCommand: CliCommand = {
  path: ['geo'],
  summary: 'Write the map of an operation (places, tasks, route) as GeoJSON, KML or a TAK data package, for all agencies or one',
  usage: 'spilno geo --operation ID [--agency CODE] --format geojson|kml|tak [--lang uk|en] --out FILE [--data-dir DIR] [--json]',
  options: { operation: { type: 'string' }, agency: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, ...LANG },
  run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const format = required(args, 'format', this.usage);
    const out = required(args, 'out', this.usage);
    return withCliContext(args, (ctx) => {
      const agency = stringOpt(args, 'agency');
      const req = parseOr(GeoExportRequest, {
        operationId, agencyId: agency ? agencyIdByCode(ctx, agency) : null, format, lang: stringOpt(args, 'lang') ?? 'uk',
      });
      return writeOut(args, io, exportGeo(ctx, req), out);
    });
  },
};

export const reportCommand: CliCommand = {
  path: ['report'],
  summary: 'Write the after-action report (PDF) of an operation: objectives against results, plan against actual, deviations, interaction, lessons; for all agencies or one',
  usage: 'spilno report --operation ID [--agency CODE] [--lang uk|en] --out FILE.pdf [--data-dir DIR] [--json]',
  options: { operation: { type: 'string' }, agency: { type: 'string' }, out: { type: 'string' }, ...LANG },
  async run(args, io) {
    const operationId = required(args, 'operation', this.usage);
    const out = required(args, 'out', this.usage);
    return withCliContext(args, async (ctx) => {
      const agency = stringOpt(args, 'agency');
      const req = parseOr(ReportRequest, { operationId, agencyId: agency ? agencyIdByCode(ctx, agency) : null, lang: stringOpt(args, 'lang') ?? 'uk' });
      return writeOut(args, io, await exportReport(ctx, req), out);
    });
  },
};
