/**
 * Sync commands: identity, peers, bundles, inbox. The key passphrase comes from a file named by
 * --passphrase-file or SPILNO_PASSPHRASE_FILE, as for every command (cli-kit.ts: never from an
 * argument, which other users could read in the process list). Listings name units, operations,
 * tasks and fields as the planner knows them.
 */
import type { ServiceContext } from '../../services/context.js';
import { exportBundle } from '../../sync/bundle-export.js';
import { importBundle } from '../../sync/bundle-import.js';
import type { Progress } from '../../services/progress.js';
import { syncFolders } from '../../sync/folders.js';
import {
  createIdentity, identityInfo, listPeers, requireUnlocked, revokePeer, trustPeer, unlockIdentity,
} from '../../sync/identity.js';
import { PassphraseProtector } from '../../sync/key-protector.js';
import { writeFileAtomic } from '../../files/safe-fs.js';
import {
  addPeerFromFile, exportCardToFile, listPlanConflicts, listQuarantine, quarantineCount, resolveConflict,
} from '../../sync/service.js';
import { agencyNamer } from '../../../shared/domain/directory.js';
import { LANGS, tDynamic, type Lang } from '../../../shared/i18n/index.js';
import { describeQuarantine } from '../../../shared/sync/describe-quarantine.js';
import { fieldLabelKey } from '../../../shared/sync/field-labels.js';
import { listAgencies } from '../../db/repos/agencies.repo.js';
import {
  CliError, cliPassphrase, readSecretFile, withCliContext, stringOpt, type CliCommand, type CliIo, type ParsedCli,
} from '../cli-kit.js';

function passphrase(args: ParsedCli): string {
  const p = cliPassphrase(args);
  if (!p) throw new CliError('The key passphrase is needed: put it in a file readable only by you and name it in SPILNO_PASSPHRASE_FILE (or pass --passphrase-file FILE)', 2);
  return p;
}

function unlock(ctx: ServiceContext, args: ParsedCli): void {
  unlockIdentity(ctx, new PassphraseProtector(passphrase(args)));
}

/** One stderr line per phase and per tenth of it: decryption reports every chunk of bytes. */
function progressPrinter(io: CliIo): (p: Progress) => void {
  let last = '';
  return (p) => {
    const step = `${p.phase}:${p.total > 0 ? Math.floor((p.done * 10) / p.total) : 0}`;
    if (step === last) return;
    last = step;
    io.err(`${p.phase}: ${p.done}/${p.total}${p.phase === 'decrypt' ? ' bytes' : ''}`);
  };
}

/** One stderr line per step of a folder run: which bundle is being written, checked or imported. */
function folderStepPrinter(io: CliIo): (p: Progress) => void {
  let last = '';
  return (p) => {
    if (!p.step) return;
    const what = p.step.kind === 'export' ? `writing the bundle for ${p.step.peerUnit} (${p.step.peerSiteId})`
      : `${p.step.kind === 'preview' ? 'checking' : 'importing'} ${p.step.file}`;
    const line = `step ${Math.min(p.done + 1, p.total)}/${p.total}: ${what}`;
    if (line === last) return;
    last = line;
    io.err(line);
  };
}

export const identityCreateCommand: CliCommand = {
  path: ['identity', 'create'],
  summary: 'Create this unit\'s signing and encryption keys (protected by the passphrase)',
  usage: 'spilno identity create [--data-dir DIR] [--passphrase-file FILE] [--json]',
  run: (args, io) => withCliContext(args, async (ctx) => {
    const info = await createIdentity(ctx, new PassphraseProtector(passphrase(args)));
    io.out(args.values.json ? JSON.stringify(info) : `Identity created. Fingerprint: ${info.fingerprint}`);
    return 0;
  }),
};

export const identityShowCommand: CliCommand = {
  path: ['identity', 'show'],
  summary: 'Show this unit\'s site id, agency, key id and fingerprint',
  usage: 'spilno identity show [--data-dir DIR] [--json]',
  run: (args, io) => withCliContext(args, (ctx) => {
    const info = identityInfo(ctx);
    if (!info) throw new CliError('No identity yet: run "spilno identity create"');
    if (args.values.json) io.out(JSON.stringify(info));
    else {
      io.out(`Site:        ${info.siteId}\nUnit:        ${info.unitName}\nAgency:      ${info.agencyId}`);
      io.out(`Key id:      ${info.keyId}\nFingerprint: ${info.fingerprint}\nRecipient:   ${info.ageRecipient}`);
    }
    return 0;
  }),
};

export const identityExportCardCommand: CliCommand = {
  path: ['identity', 'export-card'],
  summary: 'Write this unit\'s contact card (public keys only) to a file',
  usage: 'spilno identity export-card --out FILE [--data-dir DIR] [--passphrase-file FILE]',
  options: { out: { type: 'string' } },
  run: (args, io) => withCliContext(args, (ctx) => {
    const out = stringOpt(args, 'out');
    if (!out) throw new CliError('--out FILE is required', 2);
    unlock(ctx, args);
    const r = exportCardToFile(ctx, out);
    io.out(`Contact card written to ${r.path}\nFingerprint (read it to the other unit): ${r.card.fingerprint}`);
    return 0;
  }),
};

export const identityExportAgeKeyCommand: CliCommand = {
  path: ['identity', 'export-age-key'],
  summary: 'Write the age identity IN CLEAR (owner-only file) for decrypting bundles with the age tool',
  usage: 'spilno identity export-age-key --out FILE [--data-dir DIR] [--passphrase-file FILE]',
  options: { out: { type: 'string' } },
  run: (args, io) => withCliContext(args, (ctx) => {
    const out = stringOpt(args, 'out');
    if (!out) throw new CliError('--out FILE is required', 2);
    unlock(ctx, args);
    const id = requireUnlocked(ctx);
    const file = writeFileAtomic(out, `# Spilno unit ${ctx.siteId}\n# public key: ${id.ageRecipient}\n${id.ageIdentity}\n`, 0o600);
    io.err('Warning: this file holds the private key in clear text. Keep it on encrypted storage and delete it after use.');
    io.out(file);
    return 0;
  }),
};

export const peersAddCommand: CliCommand = {
  path: ['peers', 'add'],
  summary: 'Import another unit\'s contact card (pending until its fingerprint is confirmed)',
  usage: 'spilno peers add CARD [--data-dir DIR] [--json]',
  run: (args, io) => withCliContext(args, (ctx) => {
    const card = args.positionals[0];
    if (!card) throw new CliError('The card file is required', 2);
    const p = addPeerFromFile(ctx, card);
    if (args.values.json) io.out(JSON.stringify(p));
    else io.out(`Peer ${p.unitName} (${p.agencyId}, site ${p.siteId}) is ${p.status}.\nConfirm with the other unit that its fingerprint is ${p.fingerprint}, then: spilno peers trust ${p.siteId} --fingerprint <what they read>`);
    return 0;
  }),
};

export const peersListCommand: CliCommand = {
  path: ['peers', 'list'],
  summary: 'List known units with their trust status',
  usage: 'spilno peers list [--data-dir DIR] [--json]',
  run: (args, io) => withCliContext(args, (ctx) => {
    const peers = listPeers(ctx);
    if (args.values.json) io.out(JSON.stringify(peers, null, 2));
    else if (peers.length === 0) io.out('No peers. Add one with: spilno peers add CARD');
    else for (const p of peers) io.out(`${p.siteId}  ${p.status.padEnd(8)} ${p.agencyId.padEnd(8)} ${p.fingerprint}  ${p.unitName}`);
    return 0;
  }),
};

export const peersTrustCommand: CliCommand = {
  path: ['peers', 'trust'],
  summary: 'Trust a peer after confirming its fingerprint out of band',
  usage: 'spilno peers trust ID --fingerprint FP [--data-dir DIR]',
  options: { fingerprint: { type: 'string' } },
  run: (args, io) => withCliContext(args, (ctx) => {
    const id = args.positionals[0];
    const fp = stringOpt(args, 'fingerprint');
    if (!id || !fp) throw new CliError('Usage: spilno peers trust ID --fingerprint FP (as read from the other unit\'s screen)', 2);
    const p = trustPeer(ctx, id, fp);
    io.out(`Peer ${p.unitName} is trusted.`);
    return 0;
  }),
};

export const peersRevokeCommand: CliCommand = {
  path: ['peers', 'revoke'],
  summary: 'Revoke a peer: its bundles are refused and none are made for it',
  usage: 'spilno peers revoke ID [--data-dir DIR]',
  run: (args, io) => withCliContext(args, (ctx) => {
    const id = args.positionals[0];
    if (!id) throw new CliError('The peer id is required', 2);
    io.out(`Peer ${revokePeer(ctx, id).unitName} is revoked.`);
    return 0;
  }),
};

export const bundleExportCommand: CliCommand = {
  path: ['bundle', 'export'],
  summary: 'Write an encrypted, signed bundle for one or more trusted peers',
  usage: 'spilno bundle export --to PEER[,PEER] --out FILE [--full] [--courier-passphrase-file FILE] [--data-dir DIR] [--passphrase-file FILE] [--json]',
  options: {
    to: { type: 'string' }, out: { type: 'string' }, full: { type: 'boolean', default: false },
    'courier-passphrase-file': { type: 'string' },
  },
  run: (args, io) => withCliContext(args, async (ctx) => {
    const to = stringOpt(args, 'to');
    const out = stringOpt(args, 'out');
    if (!to || !out) throw new CliError('--to PEER[,PEER] and --out FILE are required', 2);
    unlock(ctx, args);
    const courier = stringOpt(args, 'courier-passphrase-file');
    const r = await exportBundle(ctx, {
      peers: to.split(',').map((s) => s.trim()).filter(Boolean), outPath: out, full: args.values.full === true,
      onProgress: progressPrinter(io), ...(courier ? { courierPassphrase: readSecretFile(courier) } : {}),
    });
    io.out(args.values.json ? JSON.stringify(r) : `Bundle ${r.bundleId} (${r.changeCount} changes, ${r.bytes} bytes) written to ${r.path}`);
    return 0;
  }),
};

export const bundleImportCommand: CliCommand = {
  path: ['bundle', 'import'],
  summary: 'Verify and import a bundle (--dry-run: preview only)',
  usage: 'spilno bundle import FILE [--dry-run] [--courier-passphrase-file FILE] [--lang en|uk] [--data-dir DIR] [--passphrase-file FILE] [--json]',
  options: { 'dry-run': { type: 'boolean', default: false }, 'courier-passphrase-file': { type: 'string' }, lang: { type: 'string', default: 'en' } },
  run: (args, io) => withCliContext(args, async (ctx) => {
    const file = args.positionals[0];
    if (!file) throw new CliError('The bundle file is required', 2);
    const lang = (stringOpt(args, 'lang') ?? 'en') as Lang;
    if (!LANGS.includes(lang)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`, 2);
    unlock(ctx, args);
    const courier = stringOpt(args, 'courier-passphrase-file');
    const dryRun = args.values['dry-run'] === true;
    const r = await importBundle(ctx, {
      path: file, dryRun, onProgress: progressPrinter(io),
      ...(courier ? { courierPassphrase: readSecretFile(courier) } : {}),
    });
    if (args.values.json) {
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    if (r.status === 'replay') {
      io.out(`Bundle ${r.bundleId} from ${r.senderUnit} was already imported; nothing changed.`);
      return 0;
    }
    io.out(`${dryRun ? 'Preview of' : 'Imported'} bundle ${r.bundleId} from ${r.senderUnit}: ${r.added} new of ${r.changeCount} changes`);
    for (const op of r.perOperation) io.out(`  ${op.codeName ?? op.operationId ?? '(directory)'}: ${op.changes}`);
    if (r.newConflictCount > 0) io.out(`  new conflicts: ${r.newConflictCount} (see: spilno inbox)`);
    for (const q of r.quarantined) io.out(`  quarantined: ${q.reason}`);
    const more = r.quarantinedCount - r.quarantined.length;
    if (more > 0) io.out(`  … and ${more} more quarantined (see: spilno inbox)`);
    if (r.pendingRows > 0) io.out(`  rows waiting for missing data: ${r.pendingRows}`);
    if (r.leftView.operations + r.leftView.tasks + r.leftView.records > 0) io.out(`  ${tDynamic(lang, 'sync.leftView', r.leftView)}`);
    return 0;
  }),
};

export const bundleFoldersCommand: CliCommand = {
  path: ['bundle', 'sync-folders'],
  summary: 'Write bundles for every trusted peer to OUTBOX/<peer>/ and process bundles found in INBOX',
  usage: 'spilno bundle sync-folders --outbox DIR --inbox DIR [--auto] [--data-dir DIR] [--passphrase-file FILE] [--json]',
  options: { outbox: { type: 'string' }, inbox: { type: 'string' }, auto: { type: 'boolean', default: false } },
  run: (args, io) => withCliContext(args, async (ctx) => {
    const outbox = stringOpt(args, 'outbox');
    const inbox = stringOpt(args, 'inbox');
    if (!outbox || !inbox) throw new CliError('--outbox DIR and --inbox DIR are required', 2);
    unlock(ctx, args);
    const r = await syncFolders(ctx, { outbox, inbox, autoImport: args.values.auto === true, onProgress: folderStepPrinter(io) });
    if (args.values.json) {
      io.out(JSON.stringify(r, null, 2));
      return 0;
    }
    for (const e of r.exported) io.out(`exported ${e.changes} changes for ${e.peer}: ${e.file}`);
    for (const i of r.imported) io.out(`imported ${i.preview.added} new changes from ${i.preview.senderUnit}: ${i.file}`);
    for (const w of r.awaitingReview) io.out(`awaiting review (spilno bundle import ${w.file} --dry-run): ${w.preview.quarantinedCount} quarantined`);
    for (const f of r.refused) io.out(`refused ${f.file}: ${f.reason}`);
    return 0;
  }),
};

/** A candidate's value as a planner reads it: text without JSON quotes, a deletion in words. */
function candidateText(lang: Lang, field: string, json: string): string {
  if (field === '_deleted') return tDynamic(lang, json === 'true' ? 'syncMark.deleted' : 'syncMark.kept');
  const v = JSON.parse(json) as unknown;
  if (v === null || v === '') return tDynamic(lang, 'syncMark.empty');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const inboxCommand: CliCommand = {
  path: ['inbox'],
  summary: 'List open sync conflicts and quarantined changes; --resolve N --pick K picks a value',
  usage: 'spilno inbox [--resolve N --pick K] [--lang uk|en] [--data-dir DIR] [--json]',
  options: { resolve: { type: 'string' }, pick: { type: 'string' }, lang: { type: 'string', default: 'uk' } },
  run: (args, io) => {
    const lang = (stringOpt(args, 'lang') ?? 'uk') as Lang;
    if (!LANGS.includes(lang)) throw new CliError(`--lang must be one of ${LANGS.join(', ')}`, 2);
    return withCliContext(args, (ctx) => {
      const conflicts = listPlanConflicts(ctx);
      const resolve = stringOpt(args, 'resolve');
      if (resolve !== undefined) {
        const c = conflicts[Number(resolve) - 1];
        const pick = Number(stringOpt(args, 'pick') ?? 'NaN');
        if (!c || !Number.isInteger(pick)) throw new CliError('--resolve N (from the list) and --pick K (candidate number) are required', 2);
        const r = resolveConflict(ctx, { entity: c.entity, rowId: c.rowId, field: c.field, candidate: pick - 1 });
        io.out(r.resolved ? 'Resolved; the pick will travel with the next bundle.' : 'Picked, but the conflict is still open.');
        return 0;
      }
      const quarantine = listQuarantine(ctx, 500);
      if (args.values.json) {
        io.out(JSON.stringify({ conflicts, quarantine, quarantineCount: quarantineCount(ctx) }, null, 2));
        return 0;
      }
      const agencyName = agencyNamer(listAgencies(ctx.db), lang);
      const unitOf = (v: { siteId: string; unitName: string | null; agencyId: string | null }) => (v.unitName
        ? `${v.unitName}${v.agencyId ? ` (${agencyName(v.agencyId)})` : ''}`
        : v.siteId === ctx.siteId ? `${ctx.unitName} (${agencyName(ctx.agencyId)})` : tDynamic(lang, 'syncMark.unknownUnit', { site: v.siteId }));
      io.out(`${tDynamic(lang, 'sync.inbox')}: ${conflicts.length}`);
      if (conflicts.length === 0) io.out(tDynamic(lang, 'sync.noConflicts'));
      conflicts.forEach((c, i) => {
        const label = fieldLabelKey(c.entity, c.field);
        const where = c.where.operationCode && c.entity !== 'operation' ? ` ${tDynamic(lang, 'syncMark.inOperation', { code: c.where.operationCode })}` : '';
        io.out(`${i + 1}. ${tDynamic(lang, `syncMark.entity.${c.entity}`)}${c.where.title ? ` «${c.where.title}»` : ''}${where} — ${label ? tDynamic(lang, label) : c.field}`);
        c.candidates.forEach((v, k) => io.out(`   ${k + 1}${k === 0 ? '*' : ' '} ${candidateText(lang, c.field, v.value)} — ${unitOf(v)}`));
      });
      const count = quarantineCount(ctx);
      io.out(tDynamic(lang, 'quarantine.summary', count));
      for (const q of quarantine) {
        const d = describeQuarantine(lang, q, agencyName);
        io.out(`  ${q.waiting ? '…' : '✕'} ${d.what}${d.fields ? ` [${d.fields}]` : ''}`);
        io.out(`    ${d.reason}`);
        io.out(`    ${tDynamic(lang, 'sync.from')}: ${d.from}; ${d.state}`);
      }
      return 0;
    });
  },
};

export const syncCommands: CliCommand[] = [
  identityCreateCommand, identityShowCommand, identityExportCardCommand, identityExportAgeKeyCommand,
  peersAddCommand, peersListCommand, peersTrustCommand, peersRevokeCommand,
  bundleExportCommand, bundleImportCommand, bundleFoldersCommand, inboxCommand,
];

